package io.vigil.journal;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Test handler that copies every entry it is given. */
final class RecordingHandler implements EntryHandler
{
    final List<Long> indexes = new ArrayList<>();
    final List<Integer> types = new ArrayList<>();
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void onEntry(final long index, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        indexes.add(index);
        types.add(type);
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        payloads.add(copy);
    }

    int size()
    {
        return indexes.size();
    }
}
