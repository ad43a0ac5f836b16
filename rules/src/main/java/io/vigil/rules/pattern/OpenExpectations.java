package io.vigil.rules.pattern;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The first-step events of an {@link AbsenceRule} still waiting for their follower, for one key: whole
 * encoded copies ({@link TransactionDescriptor#ENCODED_LENGTH} bytes each, so the alert fired on the timer
 * can be written from the event as if it were the current one), in reference order, in a circular buffer of
 * slots with a parallel array of event times.
 * <p>
 * Capacity starts at 0, doubles from {@link #INITIAL_CAPACITY} up to the rule's cap; growth is the only
 * allocation. Appending and removing the oldest are O(1); inserting or removing in the middle (out-of-order
 * events, a follower that meets only some) moves the slots after that point.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class OpenExpectations
{
    /** Capacity of the first allocation. */
    static final int INITIAL_CAPACITY = 1;

    /** Bytes one open expectation occupies: the copy and its time. */
    static final int SLOT_BYTES = TransactionDescriptor.ENCODED_LENGTH + 8;

    private static final int COPY_BYTES = TransactionDescriptor.ENCODED_LENGTH;
    private static final long[] NO_LONGS = new long[0];

    private final int maxCapacity;
    private final TransactionFlyweight view = new TransactionFlyweight();
    private long[] tsMs = NO_LONGS;
    private byte[] copies;
    private UnsafeBuffer copyBuffer;
    private int head;
    private int size;
    private int mask = -1;

    /** @param maxCapacity most open expectations, a power of two. */
    OpenExpectations(final int maxCapacity)
    {
        this.maxCapacity = maxCapacity;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return tsMs.length;
    }

    boolean isFull()
    {
        return size == maxCapacity;
    }

    long tsMs(final int index)
    {
        return tsMs[(head + index) & mask];
    }

    /** @return a flyweight over the copy at {@code index}, valid until the next change or call. */
    TransactionFlyweight view(final int index)
    {
        return view.wrap(copyBuffer, ((head + index) & mask) * COPY_BYTES);
    }

    /** @return the logical index of the first held event that comes strictly after {@code tx}. */
    int insertionIndex(final TransactionFlyweight tx)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (compare(tx, mid) >= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the logical index of the first held event with time at or after {@code fromMs}, or size. */
    int firstAtOrAfter(final long fromMs)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (tsMs(mid) < fromMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /** Copies {@code tx} in at {@code index}, shifting newer ones up; the caller checks {@link #isFull()}. */
    void insert(final int index, final TransactionFlyweight tx)
    {
        if (size == tsMs.length)
        {
            grow();
        }
        for (int i = size; i > index; i--)
        {
            move((head + i - 1) & mask, (head + i) & mask);
        }
        final int slot = (head + index) & mask;
        tsMs[slot] = tx.tsMs();
        tx.copyTo(copyBuffer, slot * COPY_BYTES);
        size++;
    }

    void removeOldest()
    {
        head = (head + 1) & mask;
        size--;
    }

    /** Removes the events at logical indexes {@code [from, to)}. */
    void removeRange(final int from, final int to)
    {
        final int removed = to - from;
        for (int i = to; i < size; i++)
        {
            move((head + i) & mask, (head + i - removed) & mask);
        }
        size -= removed;
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    private int compare(final TransactionFlyweight tx, final int index)
    {
        final long txTsMs = tx.tsMs();
        final long heldTsMs = tsMs(index);
        if (txTsMs != heldTsMs)
        {
            return txTsMs < heldTsMs ? -1 : 1;
        }
        return tx.compareId(view(index));
    }

    private void move(final int fromSlot, final int toSlot)
    {
        tsMs[toSlot] = tsMs[fromSlot];
        System.arraycopy(copies, fromSlot * COPY_BYTES, copies, toSlot * COPY_BYTES, COPY_BYTES);
    }

    private void grow()
    {
        final int oldCapacity = tsMs.length;
        final int newCapacity = oldCapacity == 0 ? INITIAL_CAPACITY : oldCapacity << 1;
        final long[] newTsMs = new long[newCapacity];
        final byte[] newCopies = new byte[newCapacity * COPY_BYTES];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            newTsMs[i] = tsMs[slot];
            System.arraycopy(copies, slot * COPY_BYTES, newCopies, i * COPY_BYTES, COPY_BYTES);
        }
        tsMs = newTsMs;
        copies = newCopies;
        if (copyBuffer == null)
        {
            copyBuffer = new UnsafeBuffer(newCopies);
        }
        else
        {
            copyBuffer.wrap(newCopies);
        }
        head = 0;
        mask = newCapacity - 1;
    }

    // ---- snapshot (checkpoint) encoding: size, then per expectation its time and its first event's bytes ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(size);
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            out.putLong(tsMs[slot]).putBytes(copies, slot * COPY_BYTES, COPY_BYTES);
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        clear();
        final int count = in.getCount("open expectations", 0, maxCapacity);
        while (tsMs.length < count)
        {
            grow();
        }
        for (int slot = 0; slot < count; slot++)
        {
            tsMs[slot] = in.getLong("open expectation time");
            in.getBytes("open expectation event", copies, slot * COPY_BYTES, COPY_BYTES);
        }
        size = count;
    }
}
