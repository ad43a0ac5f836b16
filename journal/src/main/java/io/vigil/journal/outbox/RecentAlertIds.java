package io.vigil.journal.outbox;

import org.agrona.collections.Long2LongHashMap;

/**
 * The ids (with their record kind) of the last {@code capacity} alerts appended to an outbox: the dedupe
 * horizon that keeps a replayed alert from being appended, and so delivered, twice. Oldest out first.
 * <p>
 * A 128-bit id is held as a map from its high half (mixed with the kind) to its low half. Two different
 * alerts whose high halves collide in the horizon (about one chance in 10^7 for a million alerts) make the
 * second one look new: it is appended again, a repeat the receiver drops by id. A collision never makes a new
 * alert look like a duplicate, so none is lost.
 * <p>
 * Thread contract: one thread (the alert collector, or the opener before it starts). No allocation per call
 * once the horizon has reached its size (until then, a doubling now and then).
 */
final class RecentAlertIds
{
    private static final long MISSING = Long.MIN_VALUE;
    private static final long KIND_MIX = 0x9E3779B97F4A7C15L;

    private static final int INITIAL_RING = 4096;

    private final Long2LongHashMap idLoByKey;
    private final int capacity;
    private long[] ringKeys;
    private long[] ringLos;
    private long added;

    /**
     * @param capacity how many of the latest alerts are remembered, &gt; 0.
     */
    RecentAlertIds(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("dedupe horizon: expected at least 1 alert, found " + capacity);
        }
        // both grow with use up to the capacity (about 40 bytes an alert then), so a small outbox costs little
        this.capacity = capacity;
        this.idLoByKey = new Long2LongHashMap(Math.min(capacity, INITIAL_RING) * 2, 0.65f, MISSING);
        this.ringKeys = new long[Math.min(capacity, INITIAL_RING)];
        this.ringLos = new long[ringKeys.length];
    }

    /**
     * @param hi   high 64 bits of the id.
     * @param lo   low 64 bits.
     * @param kind the record kind (an alert and its retraction share an id, not a kind).
     * @return whether this (id, kind) is among the remembered ones.
     */
    boolean contains(final long hi, final long lo, final byte kind)
    {
        return idLoByKey.get(key(hi, kind)) == stored(lo);
    }

    /**
     * Remembers an (id, kind), forgetting the oldest one if the horizon is full.
     *
     * @param hi   high 64 bits of the id.
     * @param lo   low 64 bits.
     * @param kind the record kind.
     */
    void add(final long hi, final long lo, final byte kind)
    {
        if (added == ringKeys.length && ringKeys.length < capacity)
        {
            // not wrapped yet: slots 0..added-1 hold the keys in order, so a copy keeps the order
            final int grown = (int)Math.min(capacity, (long)ringKeys.length * 2);
            ringKeys = java.util.Arrays.copyOf(ringKeys, grown);
            ringLos = java.util.Arrays.copyOf(ringLos, grown);
        }
        final int slot = (int)(added % ringKeys.length);
        if (added >= ringKeys.length)
        {
            final long oldKey = ringKeys[slot];
            if (idLoByKey.get(oldKey) == ringLos[slot])
            {
                idLoByKey.remove(oldKey);
            }
        }
        final long key = key(hi, kind);
        final long storedLo = stored(lo);
        ringKeys[slot] = key;
        ringLos[slot] = storedLo;
        idLoByKey.put(key, storedLo);
        added++;
    }

    /** @return how many the horizon holds. */
    int size()
    {
        return idLoByKey.size();
    }

    private static long key(final long hi, final byte kind)
    {
        return hi ^ (kind * KIND_MIX);
    }

    private static long stored(final long lo)
    {
        return lo == MISSING ? MISSING + 1 : lo;
    }
}
