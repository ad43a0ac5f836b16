package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;

/**
 * A double-ended queue of event positions ({@link SlidingEvents#position(int)}) in a growable circular
 * {@code long[]}: the monotonic queue of a sliding MIN or MAX, whose first entry is the window's extreme.
 * Memory: 8 bytes per slot, at most one slot per event of the window. Thread contract: one shard thread.
 */
final class ExtremeDeque
{
    private long[] positions = new long[0];
    private int head;
    private int size;

    boolean isEmpty()
    {
        return size == 0;
    }

    long first()
    {
        return positions[head];
    }

    long last()
    {
        return positions[(head + size - 1) & (positions.length - 1)];
    }

    void removeFirst()
    {
        head = (head + 1) & (positions.length - 1);
        size--;
    }

    void removeLast()
    {
        size--;
    }

    void addLast(final long position)
    {
        if (size == positions.length)
        {
            grow();
        }
        positions[(head + size) & (positions.length - 1)] = position;
        size++;
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    private void grow()
    {
        final long[] grown = new long[positions.length == 0 ? 4 : positions.length << 1];
        for (int i = 0; i < size; i++)
        {
            grown[i] = positions[(head + i) & (positions.length - 1)];
        }
        positions = grown;
        head = 0;
    }

    // ---- snapshot (checkpoint) encoding: size, then the positions oldest first ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(size);
        for (int i = 0; i < size; i++)
        {
            out.putLong(positions[(head + i) & (positions.length - 1)]);
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        clear();
        final int count = in.getCount("extreme deque size", 0, SlidingEvents.MAX_CAPACITY);
        for (int i = 0; i < count; i++)
        {
            addLast(in.getLong("extreme deque position"));
        }
    }
}
