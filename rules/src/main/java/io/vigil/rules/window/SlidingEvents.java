package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.event.TransactionFlyweight;

/**
 * One key's retained events for a sliding {@link WindowRule}, in reference order (event time, then transaction
 * id byte-wise), in parallel primitive arrays used as a circular buffer: event time, the transaction id in a
 * fixed {@link EventRing#ID_SLOT_BYTES}-byte slot (for the id tie-break of out-of-order events), the predicate
 * bits and the row of aggregate inputs ({@link AggregateLayout}).
 * <p>
 * Indexes are logical, 0 the oldest held. Each event also has a <em>position</em>: the logical index plus the
 * number of events removed from the front since the last {@link #clear()}, stable while events are appended
 * and removed from the front (only an out-of-order insert shifts the positions after it).
 * <p>
 * Capacity starts at 0 and doubles from {@link #INITIAL_CAPACITY} up to {@link #MAX_CAPACITY}; growth is the
 * only allocation. Memory: {@code 64 + 8 × width} bytes per slot, plus about 100 bytes of headers.
 * Thread contract: owned by one shard thread.
 */
final class SlidingEvents
{
    /** Slots of the first allocation. */
    static final int INITIAL_CAPACITY = 4;

    /** Most events held; the caller drops the oldest before going past it. */
    static final int MAX_CAPACITY = EventRing.MAX_CAPACITY;

    private static final int ID_SLOT_BYTES = EventRing.ID_SLOT_BYTES;
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final int width;
    private long[] tsMs = NO_LONGS;
    private long[] bits = NO_LONGS;
    private long[] values = NO_LONGS;
    private byte[] ids = NO_BYTES;
    private final org.agrona.concurrent.UnsafeBuffer idView = new org.agrona.concurrent.UnsafeBuffer(NO_BYTES);
    private int head;
    private int size;
    private int mask = -1;
    private long firstPosition;

    /**
     * @param width longs of aggregate inputs per event.
     */
    SlidingEvents(final int width)
    {
        this.width = width;
    }

    int size()
    {
        return size;
    }

    boolean isAtMaxCapacity()
    {
        return size == MAX_CAPACITY;
    }

    long tsMs(final int index)
    {
        return tsMs[(head + index) & mask];
    }

    long bits(final int index)
    {
        return bits[(head + index) & mask];
    }

    /** @return the array holding every row of inputs. */
    long[] values()
    {
        return values;
    }

    /** @return where the event's row of inputs starts in {@link #values()}. */
    int valuesOffset(final int index)
    {
        return ((head + index) & mask) * width;
    }

    long position(final int index)
    {
        return firstPosition + index;
    }

    /** @return the logical index of a position held. */
    int indexOf(final long position)
    {
        return (int)(position - firstPosition);
    }

    /** @return negative, zero or positive as {@code tx} comes before, with or after the held event. */
    int compare(final TransactionFlyweight tx, final int index)
    {
        final int slot = (head + index) & mask;
        final long txTsMs = tx.tsMs();
        if (txTsMs != tsMs[slot])
        {
            return txTsMs < tsMs[slot] ? -1 : 1;
        }
        final int txOffset = tx.idBytesOffset();
        final int txLength = tx.idLength();
        final int idBase = slot * ID_SLOT_BYTES;
        final int heldLength = ids[idBase] & 0xFF;
        for (int i = 0, n = Math.min(txLength, heldLength); i < n; i++)
        {
            final int a = tx.buffer().getByte(txOffset + i) & 0xFF;
            final int b = ids[idBase + 1 + i] & 0xFF;
            if (a != b)
            {
                return a - b;
            }
        }
        return txLength - heldLength;
    }

    /** @return whether {@code tx} comes at or after the newest held event (always when empty). */
    boolean isInOrder(final TransactionFlyweight tx)
    {
        return size == 0 || compare(tx, size - 1) >= 0;
    }

    /** @return the logical index of the first held event that comes after {@code tx}. */
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

    /** @return the logical index of the first held event with time after {@code timeMs}, or {@link #size()}. */
    int firstAfter(final long timeMs)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (tsMs(mid) <= timeMs)
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
     * Inserts an event at a logical index, shifting the newer ones: O(1) amortised at the end, O(events after)
     * elsewhere.
     *
     * @param index     where: {@link #size()} to append, else from {@link #insertionIndex}.
     * @param tx        the event (time and id are copied).
     * @param row       its inputs, {@code width} longs from offset 0.
     * @param eventBits its predicate bits.
     */
    void insert(final int index, final TransactionFlyweight tx, final long[] row, final long eventBits)
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
        bits[slot] = eventBits;
        System.arraycopy(row, 0, values, slot * width, width);
        final int idLength = Math.min(tx.idLength(), ID_SLOT_BYTES - 1);
        ids[slot * ID_SLOT_BYTES] = (byte)idLength;
        tx.buffer().getBytes(tx.idBytesOffset(), ids, slot * ID_SLOT_BYTES + 1, idLength);
        size++;
    }

    /**
     * Adds the id of a held event to the alert's open array.
     *
     * @param index  the event's index, oldest first.
     * @param alerts an alert with an array open.
     */
    void putId(final int index, final io.vigil.core.alert.AlertPublisher alerts)
    {
        final int idBase = ((head + index) & mask) * ID_SLOT_BYTES;
        if (idView.byteArray() != ids)
        {
            idView.wrap(ids);
        }
        alerts.element(idView, idBase + 1, ids[idBase] & 0xFF);
    }

    void removeOldest()
    {
        head = (head + 1) & mask;
        size--;
        firstPosition++;
    }

    /** Drops every event, keeping the capacity. */
    void clear()
    {
        head = 0;
        size = 0;
        firstPosition = 0;
    }

    private void move(final int from, final int to)
    {
        tsMs[to] = tsMs[from];
        bits[to] = bits[from];
        System.arraycopy(values, from * width, values, to * width, width);
        System.arraycopy(ids, from * ID_SLOT_BYTES, ids, to * ID_SLOT_BYTES, ID_SLOT_BYTES);
    }

    private void grow()
    {
        final int capacity = tsMs.length == 0 ? INITIAL_CAPACITY : tsMs.length << 1;
        final long[] newTsMs = new long[capacity];
        final long[] newBits = new long[capacity];
        final long[] newValues = new long[capacity * width];
        final byte[] newIds = new byte[capacity * ID_SLOT_BYTES];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            newTsMs[i] = tsMs[slot];
            newBits[i] = bits[slot];
            System.arraycopy(values, slot * width, newValues, i * width, width);
            System.arraycopy(ids, slot * ID_SLOT_BYTES, newIds, i * ID_SLOT_BYTES, ID_SLOT_BYTES);
        }
        tsMs = newTsMs;
        bits = newBits;
        values = newValues;
        ids = newIds;
        head = 0;
        mask = capacity - 1;
    }

    // ---- snapshot (checkpoint) encoding: size, then per event time, predicate bits, the row of aggregate inputs, id length (u8), id bytes ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putLong(firstPosition).putInt(size);
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            out.putLong(tsMs[slot]).putLong(bits[slot]);
            for (int c = 0; c < width; c++)
            {
                out.putLong(values[slot * width + c]);
            }
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = ids[idBase] & 0xFF;
            out.putByte(idLength).putBytes(ids, idBase + 1, idLength);
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        clear();
        firstPosition = in.getLong("sliding events first position");
        final int count = in.getCount("sliding events size", 0, MAX_CAPACITY);
        while (tsMs.length < count)
        {
            grow();
        }
        for (int slot = 0; slot < count; slot++)
        {
            tsMs[slot] = in.getLong("sliding events time");
            bits[slot] = in.getLong("sliding events bits");
            for (int c = 0; c < width; c++)
            {
                values[slot * width + c] = in.getLong("sliding events value");
            }
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = in.getByte("sliding events id length");
            if (idLength >= ID_SLOT_BYTES)
            {
                in.expect("sliding events id length at most", ID_SLOT_BYTES - 1, idLength);
            }
            ids[idBase] = (byte)idLength;
            in.getBytes("sliding events id", ids, idBase + 1, idLength);
        }
        size = count;
    }
}
