package io.vigil.core.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Remembers the journal index of the most recent {@code capacity} ring sequences, so that a producer can learn
 * the index of what it published once the journaler has passed it (an acknowledgement that carries the index),
 * even after the ring slot itself has been reused.
 * <p>
 * Each entry is a (sequence, index) pair written seqlock-style: the writer first invalidates the sequence,
 * then writes the index, then publishes the sequence with release semantics; a reader accepts the index only
 * if it reads the same sequence before and after it.
 * <p>
 * Thread contract: one writer (the journaler thread), any number of readers. No allocation after construction.
 */
final class JournalIndexLog
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long EMPTY = -1;

    private final long[] sequences;
    private final long[] indexes;
    private final int mask;

    /**
     * @param capacity entries remembered, a power of two.
     */
    JournalIndexLog(final int capacity)
    {
        if (capacity < 1 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("journal index log: expected a power of two, found " + capacity);
        }
        sequences = new long[capacity];
        indexes = new long[capacity];
        mask = capacity - 1;
        java.util.Arrays.fill(sequences, EMPTY);
    }

    void record(final long sequence, final long journalIndex)
    {
        final int i = (int)(sequence & mask);
        LONGS.setOpaque(sequences, i, EMPTY);
        VarHandle.storeStoreFence();
        LONGS.setOpaque(indexes, i, journalIndex);
        LONGS.setRelease(sequences, i, sequence);
    }

    long indexOf(final long sequence)
    {
        final int i = (int)(sequence & mask);
        if ((long)LONGS.getAcquire(sequences, i) != sequence)
        {
            return -1;
        }
        final long index = (long)LONGS.getOpaque(indexes, i);
        VarHandle.loadLoadFence();
        return (long)LONGS.getOpaque(sequences, i) == sequence ? index : -1;
    }
}
