package io.vigil.ops.service;

import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the {@link DedupIndex} on restart from the journal's tail: reads transactions from the newest
 * backwards until it has {@code maxIds} of them or reaches one whose event time is more than the horizon
 * behind the newest, then remembers them in journal order, each with its journal index. The journal holds
 * exactly what was accepted (duplicates never reach it), so the rebuilt set is what the index held before the
 * stop, up to the horizon.
 * <p>
 * Thread contract: called once, at start, before ingest opens.
 */
final class DedupRebuilder
{
    private DedupRebuilder()
    {
    }

    /**
     * @param journalDir the journal directory (nothing is read if it does not exist).
     * @param index      the empty index to fill.
     * @param horizonMs  event-time horizon, ms.
     * @param maxIds     most ids to read back.
     * @return transactions read back.
     */
    static int rebuild(final Path journalDir, final DedupIndex index, final long horizonMs, final int maxIds)
    {
        if (maxIds == 0 || !Files.isDirectory(journalDir))
        {
            return 0;
        }
        final List<String> ids = new ArrayList<>();
        final List<long[]> meta = new ArrayList<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[EventSlot.CAPACITY]);
        final long[] newest = {Long.MIN_VALUE};
        final boolean[] done = {false};
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            if (reader.lastIndex() == JournalReader.NULL_INDEX)
            {
                return 0;
            }
            reader.moveToEndReadingBackward();
            while (!done[0])
            {
                final int read = reader.read((journalIndex, type, buffer, offset, length) ->
                {
                    if (done[0] || type != EventSlot.TYPE_TRANSACTION)
                    {
                        return;
                    }
                    copy.putBytes(0, buffer, offset, length);
                    tx.wrap(copy, 0);
                    final long tsMs = tx.tsMs();
                    newest[0] = Math.max(newest[0], tsMs);
                    if (ids.size() >= maxIds || tsMs < newest[0] - horizonMs)
                    {
                        done[0] = true;
                        return;
                    }
                    ids.add(tx.id());
                    meta.add(new long[] {tsMs, journalIndex});
                }, 1024);
                if (read == 0)
                {
                    break;
                }
            }
        }
        for (int i = ids.size() - 1; i >= 0; i--)
        {
            final long[] m = meta.get(i);
            index.put(ids.get(i), new DedupIndex.Entry(-1, m[0], m[1]));
        }
        return ids.size();
    }
}
