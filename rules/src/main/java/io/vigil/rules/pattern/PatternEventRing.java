package io.vigil.rules.pattern;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.window.EventRing;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One key's retained events for a pattern rule, in reference order (event time, then transaction id
 * byte-wise), in parallel primitive arrays used as a circular buffer: event time, a bit mask of the pattern
 * steps whose filter the event matched (each filter evaluated once, on arrival), and the transaction id in a
 * fixed 48-byte slot (length byte + up to 47 ASCII bytes), so alerts list ids without allocating.
 * <p>
 * Capacity starts at 0 (a key that never feeds the rule costs only the empty ring), then doubles from the
 * owner's initial capacity up to {@link #MAX_CAPACITY}; growth is the only allocation. Indexes are logical:
 * 0 is the oldest retained event, {@code size() - 1} the newest.
 * <p>
 * Memory (JDK 17, compressed oops): the ring itself 48 bytes; once used, {@value #SLOT_BYTES} bytes per slot
 * (8 time + 4 mask + 48 id) plus 80 bytes of array headers and the id buffer's wrapper.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class PatternEventRing
{
    /** Bytes of one id slot, as in {@link EventRing}. */
    static final int ID_SLOT_BYTES = EventRing.ID_SLOT_BYTES;

    /** Approximate bytes one event occupies across the columns. */
    static final int SLOT_BYTES = 8 + 4 + ID_SLOT_BYTES;


    /** Most events one ring holds; callers evict the oldest before going past it. */
    static final int MAX_CAPACITY = 1 << 16;

    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final int initialCapacity;
    private long[] tsMs = NO_LONGS;
    private int[] stepMasks = NO_INTS;
    private byte[] ids = NO_BYTES;
    private UnsafeBuffer idBuffer;
    private int head;
    private int size;
    private int mask = -1;

    /** @param initialCapacity slots of the first allocation, a power of two. */
    PatternEventRing(final int initialCapacity)
    {
        this.initialCapacity = initialCapacity;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return tsMs.length;
    }

    boolean isAtMaxCapacity()
    {
        return size == MAX_CAPACITY;
    }

    long tsMs(final int index)
    {
        return tsMs[(head + index) & mask];
    }

    int stepMask(final int index)
    {
        return stepMasks[(head + index) & mask];
    }

    DirectBuffer idBuffer()
    {
        return idBuffer;
    }

    int idOffset(final int index)
    {
        return ((head + index) & mask) * ID_SLOT_BYTES + 1;
    }

    int idLength(final int index)
    {
        return ids[((head + index) & mask) * ID_SLOT_BYTES] & 0xFF;
    }

    /**
     * @return negative, zero or positive as {@code tx} comes before, with, or after the held event in
     * reference order.
     */
    int compare(final TransactionFlyweight tx, final int index)
    {
        final int slot = (head + index) & mask;
        final long txTsMs = tx.tsMs();
        final long heldTsMs = tsMs[slot];
        if (txTsMs != heldTsMs)
        {
            return txTsMs < heldTsMs ? -1 : 1;
        }
        final DirectBuffer txBuffer = tx.buffer();
        final int txOffset = tx.idBytesOffset();
        final int txLength = tx.idLength();
        final int idBase = slot * ID_SLOT_BYTES;
        final int heldLength = ids[idBase] & 0xFF;
        final int n = Math.min(txLength, heldLength);
        for (int i = 0; i < n; i++)
        {
            final int a = txBuffer.getByte(txOffset + i) & 0xFF;
            final int b = ids[idBase + 1 + i] & 0xFF;
            if (a != b)
            {
                return a - b;
            }
        }
        return txLength - heldLength;
    }

    /** @return the logical index of the first held event that comes strictly after {@code tx}. */
    int insertionIndex(final TransactionFlyweight tx)
    {
        if (size == 0 || compare(tx, size - 1) >= 0)
        {
            return size;
        }
        int lo = 0;
        int hi = size - 1;
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

    /** @return the logical index of the first held event with time strictly after {@code afterMs}, or size. */
    int firstAfter(final long afterMs)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (tsMs(mid) <= afterMs)
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

    /**
     * Inserts an event at a logical index, shifting newer events up by one: O(1) amortised when appending,
     * O(events after it) otherwise (the out-of-order path).
     *
     * @param index    where, from {@link #insertionIndex}.
     * @param tx       the event; its id is copied.
     * @param stepMask the steps it matched.
     */
    void insert(final int index, final TransactionFlyweight tx, final int stepMask)
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
        stepMasks[slot] = stepMask;
        final int idLength = Math.min(tx.idLength(), ID_SLOT_BYTES - 1);
        final int idBase = slot * ID_SLOT_BYTES;
        ids[idBase] = (byte)idLength;
        tx.buffer().getBytes(tx.idBytesOffset(), ids, idBase + 1, idLength);
        size++;
    }

    void removeOldest()
    {
        head = (head + 1) & mask;
        size--;
    }

    /** Drops every held event with time at or before {@code tsMs}. */
    void removeUpTo(final long tsMs)
    {
        while (size > 0 && tsMs(0) <= tsMs)
        {
            removeOldest();
        }
    }

    /** Drops every held event with time strictly before {@code tsMs}. */
    void removeBefore(final long tsMs)
    {
        while (size > 0 && tsMs(0) < tsMs)
        {
            removeOldest();
        }
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    /**
     * Adds, as a JSON array detail, the ids of the events in {@code [from, to)} whose mask has {@code stepBit},
     * oldest first and at most {@code maxIds}, then the number of such events left out.
     *
     * @param count how many events in the range have the bit (known to the caller).
     * @return {@code alerts}.
     */
    AlertPublisher putIds(
        final AlertPublisher alerts,
        final String arrayName,
        final String omittedName,
        final int from,
        final int to,
        final int stepBit,
        final int count,
        final int maxIds)
    {
        alerts.beginArray(arrayName);
        int listed = 0;
        for (int i = from; i < to && listed < maxIds; i++)
        {
            if ((stepMask(i) & stepBit) != 0)
            {
                alerts.element(idBuffer, idOffset(i), idLength(i));
                listed++;
            }
        }
        return alerts.endArray().detail(omittedName, count - listed);
    }

    private void move(final int fromSlot, final int toSlot)
    {
        tsMs[toSlot] = tsMs[fromSlot];
        stepMasks[toSlot] = stepMasks[fromSlot];
        System.arraycopy(ids, fromSlot * ID_SLOT_BYTES, ids, toSlot * ID_SLOT_BYTES, ID_SLOT_BYTES);
    }

    private void grow()
    {
        final int oldCapacity = tsMs.length;
        if (oldCapacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("pattern event ring full at " + MAX_CAPACITY + " events");
        }
        final int newCapacity = oldCapacity == 0 ? initialCapacity : oldCapacity << 1;
        final long[] newTsMs = new long[newCapacity];
        final int[] newStepMasks = new int[newCapacity];
        final byte[] newIds = new byte[newCapacity * ID_SLOT_BYTES];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            newTsMs[i] = tsMs[slot];
            newStepMasks[i] = stepMasks[slot];
            System.arraycopy(ids, slot * ID_SLOT_BYTES, newIds, i * ID_SLOT_BYTES, ID_SLOT_BYTES);
        }
        tsMs = newTsMs;
        stepMasks = newStepMasks;
        ids = newIds;
        if (idBuffer == null)
        {
            idBuffer = new UnsafeBuffer(newIds);
        }
        else
        {
            idBuffer.wrap(newIds);
        }
        head = 0;
        mask = newCapacity - 1;
    }

    // ---- snapshot (checkpoint) encoding: size, then per event time, step mask, id length (u8), id bytes ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(size);
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            out.putLong(tsMs[slot]).putInt(stepMasks[slot]);
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = ids[idBase] & 0xFF;
            out.putByte(idLength).putBytes(ids, idBase + 1, idLength);
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        clear();
        final int count = in.getCount("pattern ring size", 0, MAX_CAPACITY);
        while (tsMs.length < count)
        {
            grow();
        }
        for (int slot = 0; slot < count; slot++)
        {
            tsMs[slot] = in.getLong("pattern ring time");
            stepMasks[slot] = in.getInt("pattern ring step mask");
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = in.getByte("pattern ring id length");
            if (idLength >= ID_SLOT_BYTES)
            {
                in.expect("pattern ring id length at most", ID_SLOT_BYTES - 1, idLength);
            }
            ids[idBase] = (byte)idLength;
            in.getBytes("pattern ring id", ids, idBase + 1, idLength);
        }
        size = count;
    }
}
