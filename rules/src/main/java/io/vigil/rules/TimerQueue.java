package io.vigil.rules;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;

/**
 * Per-shard, per-key-type event-time timers: a binary min-heap of (due time, key hash, rule index) in
 * primitive arrays, ordered by due time, then key hash, then rule index, so timers fire in an order that
 * depends on the events alone. Rules schedule through {@link RuleState#scheduleTimer(long)}; the program fires
 * the due ones when the watermark passes them. A timer whose key has expired by then is dropped.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class TimerQueue
{
    private long[] dueMs = new long[64];
    private long[] keyHashes = new long[64];
    private int[] ruleIndexes = new int[64];
    private int size;

    void schedule(final long due, final long keyHash, final int ruleIndex)
    {
        if (size == dueMs.length)
        {
            grow();
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(due, keyHash, ruleIndex, parent))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        dueMs[i] = due;
        keyHashes[i] = keyHash;
        ruleIndexes[i] = ruleIndex;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    long peekDueMs()
    {
        return dueMs[0];
    }

    long peekKeyHash()
    {
        return keyHashes[0];
    }

    int peekRuleIndex()
    {
        return ruleIndexes[0];
    }

    void pop()
    {
        final int last = --size;
        if (last == 0)
        {
            return;
        }
        final long due = dueMs[last];
        final long keyHash = keyHashes[last];
        final int rule = ruleIndexes[last];
        int i = 0;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= last)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < last && less(dueMs[right], keyHashes[right], ruleIndexes[right], left) ?
                right : left;
            if (!less(dueMs[child], keyHashes[child], ruleIndexes[child], due, keyHash, rule))
            {
                break;
            }
            move(child, i);
            i = child;
        }
        dueMs[i] = due;
        keyHashes[i] = keyHash;
        ruleIndexes[i] = rule;
    }

    private boolean less(final long due, final long keyHash, final int rule, final int index)
    {
        return less(due, keyHash, rule, dueMs[index], keyHashes[index], ruleIndexes[index]);
    }

    private static boolean less(
        final long dueA, final long keyA, final int ruleA, final long dueB, final long keyB, final int ruleB)
    {
        if (dueA != dueB)
        {
            return dueA < dueB;
        }
        if (keyA != keyB)
        {
            return Long.compareUnsigned(keyA, keyB) < 0;
        }
        return ruleA < ruleB;
    }

    long dueAt(final int index)
    {
        return dueMs[index];
    }

    long keyHashAt(final int index)
    {
        return keyHashes[index];
    }

    int ruleIndexAt(final int index)
    {
        return ruleIndexes[index];
    }

    private void move(final int from, final int to)
    {
        dueMs[to] = dueMs[from];
        keyHashes[to] = keyHashes[from];
        ruleIndexes[to] = ruleIndexes[from];
    }

    private void grow()
    {
        final int n = dueMs.length * 2;
        dueMs = java.util.Arrays.copyOf(dueMs, n);
        keyHashes = java.util.Arrays.copyOf(keyHashes, n);
        ruleIndexes = java.util.Arrays.copyOf(ruleIndexes, n);
    }

    // ---- snapshot (checkpoint) encoding: the heap array as it is, so timers fire in the same order ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(size);
        for (int i = 0; i < size; i++)
        {
            out.putLong(dueMs[i]).putLong(keyHashes[i]).putInt(ruleIndexes[i]);
        }
    }

    void readSnapshot(final SnapshotReader in, final int ruleCount)
    {
        final int count = in.getCount("timers", 0, Integer.MAX_VALUE / 32);
        while (dueMs.length < count)
        {
            grow();
        }
        for (int i = 0; i < count; i++)
        {
            dueMs[i] = in.getLong("timer due");
            keyHashes[i] = in.getLong("timer key");
            ruleIndexes[i] = in.getCount("timer rule index", 0, ruleCount - 1);
        }
        size = count;
    }
}
