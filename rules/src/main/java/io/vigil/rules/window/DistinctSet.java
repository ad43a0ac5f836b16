package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import java.util.Arrays;

/**
 * The distinct values of one {@code distinct(field)} aggregate in one window: an open-addressing hash set of
 * 64-bit field hashes with, for each, how many of the window's events carry it, so a sliding window can take
 * an event out again. Linear probing at a load of at most one half, deletion by backward shift (no tombstones).
 * Hash 0 means "no value" and is never stored.
 * <p>
 * Capacity starts at 0 and doubles from {@link #INITIAL_CAPACITY}; growth is the only allocation, and
 * {@link #clear()} keeps it. At most {@link #MAX_VALUES} values: past that, new values are refused (the
 * caller counts the overflow) while the ones held keep being counted.
 * <p>
 * Memory: 12 bytes per slot, two to four slots per value held, plus about 60 bytes of headers.
 * Thread contract: owned by one shard thread.
 */
final class DistinctSet
{
    /** Slots of the first allocation. */
    static final int INITIAL_CAPACITY = 8;

    /** Most distinct values one set holds. */
    static final int MAX_VALUES = 1 << 16;

    /** {@link #add} result: the value was new. */
    static final int ADDED = 1;
    /** {@link #add} result: the value was there already. */
    static final int COUNTED = 0;
    /** {@link #add} result: the value was new and the set is full; it was not added. */
    static final int REFUSED = -1;

    private static final long[] NO_HASHES = new long[0];
    private static final int[] NO_COUNTS = new int[0];

    private long[] hashes = NO_HASHES;
    private int[] counts = NO_COUNTS;
    private int size;
    private int mask = -1;

    /** @return number of distinct values held. */
    int size()
    {
        return size;
    }

    /** @return slots allocated. */
    int capacity()
    {
        return hashes.length;
    }

    /**
     * @param slot a slot index, in {@code [0, capacity())}.
     * @return the hash held there, 0 when empty.
     */
    long hashAt(final int slot)
    {
        return hashes[slot];
    }

    /**
     * @param slot a slot index holding a value.
     * @return how many times the value was added and not removed.
     */
    int countAt(final int slot)
    {
        return counts[slot];
    }

    /**
     * Counts {@code times} more occurrences of a value.
     *
     * @param hash  the value's hash; 0 is ignored.
     * @param times occurrences, >= 1.
     * @return {@link #ADDED}, {@link #COUNTED} or {@link #REFUSED}; {@link #COUNTED} for hash 0.
     */
    int add(final long hash, final int times)
    {
        if (hash == 0)
        {
            return COUNTED;
        }
        if (mask >= 0)
        {
            for (int i = home(hash); ; i = (i + 1) & mask)
            {
                final long held = hashes[i];
                if (held == hash)
                {
                    counts[i] += times;
                    return COUNTED;
                }
                if (held == 0)
                {
                    break;
                }
            }
        }
        if (size == MAX_VALUES)
        {
            return REFUSED;
        }
        if ((size + 1) * 2 > hashes.length)
        {
            grow();
        }
        int i = home(hash);
        while (hashes[i] != 0)
        {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        counts[i] = times;
        size++;
        return ADDED;
    }

    /**
     * Takes one occurrence of a value out; the value leaves the set with its last occurrence.
     *
     * @param hash the value's hash; 0 or a value not held is ignored.
     */
    void remove(final long hash)
    {
        if (hash == 0 || mask < 0)
        {
            return;
        }
        for (int i = home(hash); ; i = (i + 1) & mask)
        {
            final long held = hashes[i];
            if (held == 0)
            {
                return;
            }
            if (held == hash)
            {
                if (--counts[i] == 0)
                {
                    delete(i);
                }
                return;
            }
        }
    }

    /** Empties the set, keeping its capacity. */
    void clear()
    {
        if (size > 0)
        {
            Arrays.fill(hashes, 0);
            size = 0;
        }
    }

    private void delete(final int slot)
    {
        // Backward shift: pull later entries of the probe run into the hole unless their home lies cyclically
        // in (hole, entry], where moving them would put them before their home.
        int hole = slot;
        int i = slot;
        while (true)
        {
            i = (i + 1) & mask;
            final long hash = hashes[i];
            if (hash == 0)
            {
                break;
            }
            final int home = home(hash);
            final boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays)
            {
                hashes[hole] = hash;
                counts[hole] = counts[i];
                hole = i;
            }
        }
        hashes[hole] = 0;
        counts[hole] = 0;
        size--;
    }

    private int home(final long hash)
    {
        return (int)((hash * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    private void grow()
    {
        final long[] oldHashes = hashes;
        final int[] oldCounts = counts;
        final int capacity = oldHashes.length == 0 ? INITIAL_CAPACITY : oldHashes.length << 1;
        hashes = new long[capacity];
        counts = new int[capacity];
        mask = capacity - 1;
        for (int j = 0; j < oldHashes.length; j++)
        {
            final long hash = oldHashes[j];
            if (hash != 0)
            {
                int i = home(hash);
                while (hashes[i] != 0)
                {
                    i = (i + 1) & mask;
                }
                hashes[i] = hash;
                counts[i] = oldCounts[j];
            }
        }
    }

    // ---- snapshot (checkpoint) encoding: capacity, size, then (slot, hash, count) per occupied slot, so the
    // open-addressing layout (which decides what a full set refuses) comes back exactly ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(hashes.length).putInt(size);
        for (int i = 0; i < hashes.length; i++)
        {
            if (hashes[i] != 0)
            {
                out.putInt(i).putLong(hashes[i]).putInt(counts[i]);
            }
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        final int capacity = in.getCount("distinct set capacity", 0, 4 * MAX_VALUES);
        if (capacity != 0 && Integer.bitCount(capacity) != 1)
        {
            in.expect("distinct set capacity, a power of two, near", Integer.highestOneBit(capacity), capacity);
        }
        final int count = in.getCount("distinct set size", 0, Math.min(MAX_VALUES, capacity));
        hashes = capacity == hashes.length ? hashes : new long[capacity];
        counts = capacity == counts.length ? counts : new int[capacity];
        Arrays.fill(hashes, 0);
        Arrays.fill(counts, 0);
        mask = capacity - 1;
        for (int i = 0; i < count; i++)
        {
            final int slot = in.getCount("distinct set slot", 0, capacity - 1);
            hashes[slot] = in.getLong("distinct set hash");
            counts[slot] = in.getInt("distinct set count");
        }
        size = count;
    }
}
