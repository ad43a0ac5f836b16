package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One key's recent events for one rule, kept in reference order (event time, then transaction id byte-wise)
 * in parallel primitive arrays used as a circular buffer: event time, amount, currency, and the transaction
 * id in a fixed 48-byte slot (length byte + up to 47 ASCII bytes) so alerts can list ids without allocating.
 * <p>
 * Capacity starts at 0 (a key that never feeds this rule costs only the empty ring), then grows by doubling
 * from {@link #INITIAL_CAPACITY} up to {@link #MAX_CAPACITY}; growth is the only allocation. Indexes passed
 * to accessors are logical: 0 is the oldest retained event, {@code size() - 1} the newest.
 * <p>
 * Memory (compressed oops): {@value #SLOT_BYTES} bytes per slot (8 time + 8 amount + 4 currency + 48 id), plus
 * about 170 bytes of object and array headers once allocated; an empty ring that never held an event costs
 * about 40 bytes.
 * <p>
 * Thread contract: owned by one shard thread.
 */
public final class EventRing
{
    /** Bytes of one id slot: a length byte, then up to {@link TransactionDescriptor#ID_MAX_LENGTH} bytes. */
    public static final int ID_SLOT_BYTES = TransactionDescriptor.ID_MAX_LENGTH + 1;

    /** Approximate bytes one event occupies across the columns. */
    public static final int SLOT_BYTES = 8 + 8 + 4 + ID_SLOT_BYTES;

    /** Capacity of the first allocation. */
    public static final int INITIAL_CAPACITY = 2;

    /** Most events one ring holds; callers evict the oldest before going past it. */
    public static final int MAX_CAPACITY = 1 << 16;

    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];
    private static final byte[] NO_BYTES = new byte[0];

    private long[] tsMs = NO_LONGS;
    private long[] amountMinor = NO_LONGS;
    private int[] currencyCode = NO_INTS;
    private byte[] ids = NO_BYTES;
    private UnsafeBuffer idBuffer;
    private int head;
    private int size;
    private int mask = -1;

    /** @return number of events held. */
    public int size()
    {
        return size;
    }

    /** @return number of slots allocated. */
    public int capacity()
    {
        return tsMs.length;
    }

    /** @return whether the ring holds {@link #MAX_CAPACITY} events and must evict before inserting. */
    public boolean isAtMaxCapacity()
    {
        return size == MAX_CAPACITY;
    }

    /**
     * @param index logical index, 0 = oldest.
     * @return event time, epoch ms.
     */
    public long tsMs(final int index)
    {
        return tsMs[(head + index) & mask];
    }

    /**
     * @param index logical index.
     * @return amount in minor units of {@link #currencyCode(int)}.
     */
    public long amountMinor(final int index)
    {
        return amountMinor[(head + index) & mask];
    }

    /**
     * @param index logical index.
     * @return the currency packed as {@link TransactionFlyweight#currencyCode()} does.
     */
    public int currencyCode(final int index)
    {
        return currencyCode[(head + index) & mask];
    }

    /** @return the buffer holding id slots, {@code null} before the first insert; re-wrapped on growth. */
    public DirectBuffer idBuffer()
    {
        return idBuffer;
    }

    /**
     * @param index logical index.
     * @return offset in {@link #idBuffer()} of the id's first byte.
     */
    public int idOffset(final int index)
    {
        return ((head + index) & mask) * ID_SLOT_BYTES + 1;
    }

    /**
     * @param index logical index.
     * @return the id's length in bytes.
     */
    public int idLength(final int index)
    {
        return ids[((head + index) & mask) * ID_SLOT_BYTES] & 0xFF;
    }

    /**
     * Compares an event with a held one in reference order.
     *
     * @param tx    the event.
     * @param index logical index of the held event.
     * @return negative, zero or positive as {@code tx} comes before, with, or after it.
     */
    public int compare(final TransactionFlyweight tx, final int index)
    {
        final int slot = (head + index) & mask;
        final long heldTsMs = tsMs[slot];
        final long txTsMs = tx.tsMs();
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

    /**
     * @param tx an event.
     * @return whether it comes at or after the newest held event in reference order, so appending keeps the
     * order (always true when empty).
     */
    public boolean isInOrder(final TransactionFlyweight tx)
    {
        return size == 0 || compare(tx, size - 1) >= 0;
    }

    /**
     * @param tx an event.
     * @return the logical index where it belongs: the first held event that comes after it.
     */
    public int insertionIndex(final TransactionFlyweight tx)
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

    /**
     * @param tsMs an event time, epoch ms.
     * @return the logical index of the first held event with time strictly after {@code tsMs}, or
     * {@link #size()} if none.
     */
    public int firstAfter(final long tsMs)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (tsMs(mid) <= tsMs)
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
     * Inserts an event at a logical index, shifting newer events up by one. Appending ({@code index == size()})
     * is O(1); inserting elsewhere is O(events after it), the rare out-of-order path.
     *
     * @param index where, from {@link #insertionIndex} or {@link #size()}.
     * @param tx    the event to copy in.
     * @throws IllegalStateException when the ring holds {@link #MAX_CAPACITY} events.
     */
    public void insert(final int index, final TransactionFlyweight tx)
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
        amountMinor[slot] = tx.amountMinor();
        currencyCode[slot] = tx.currencyCode();
        final int idLength = Math.min(tx.idLength(), ID_SLOT_BYTES - 1);
        final int idBase = slot * ID_SLOT_BYTES;
        ids[idBase] = (byte)idLength;
        tx.buffer().getBytes(tx.idBytesOffset(), ids, idBase + 1, idLength);
        size++;
    }

    /** Drops the oldest event. */
    public void removeOldest()
    {
        if (size == 0)
        {
            throw new IllegalStateException("ring is empty");
        }
        head = (head + 1) & mask;
        size--;
    }

    /** Drops every event, keeping the capacity. */
    public void clear()
    {
        head = 0;
        size = 0;
    }

    /**
     * Adds up to {@code maxIds} ids, oldest first, as a JSON array detail, then the number left out.
     *
     * @param alerts      the open alert.
     * @param arrayName   name of the array detail.
     * @param omittedName name of the detail counting ids left out.
     * @param from        first logical index, inclusive.
     * @param to          last logical index, exclusive.
     * @param maxIds      most ids to list.
     * @return {@code alerts}.
     */
    public AlertPublisher putIds(
        final AlertPublisher alerts,
        final String arrayName,
        final String omittedName,
        final int from,
        final int to,
        final int maxIds)
    {
        final int listedTo = Math.min(to, from + maxIds);
        alerts.beginArray(arrayName);
        for (int i = from; i < listedTo; i++)
        {
            alerts.element(idBuffer, idOffset(i), idLength(i));
        }
        return alerts.endArray().detail(omittedName, to - listedTo);
    }

    private void move(final int fromSlot, final int toSlot)
    {
        tsMs[toSlot] = tsMs[fromSlot];
        amountMinor[toSlot] = amountMinor[fromSlot];
        currencyCode[toSlot] = currencyCode[fromSlot];
        System.arraycopy(ids, fromSlot * ID_SLOT_BYTES, ids, toSlot * ID_SLOT_BYTES, ID_SLOT_BYTES);
    }

    private void grow()
    {
        final int oldCapacity = tsMs.length;
        if (oldCapacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("event ring full at " + MAX_CAPACITY + " events");
        }
        final int newCapacity = oldCapacity == 0 ? INITIAL_CAPACITY : oldCapacity << 1;
        final long[] newTsMs = new long[newCapacity];
        final long[] newAmountMinor = new long[newCapacity];
        final int[] newCurrencyCode = new int[newCapacity];
        final byte[] newIds = new byte[newCapacity * ID_SLOT_BYTES];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            newTsMs[i] = tsMs[slot];
            newAmountMinor[i] = amountMinor[slot];
            newCurrencyCode[i] = currencyCode[slot];
            System.arraycopy(ids, slot * ID_SLOT_BYTES, newIds, i * ID_SLOT_BYTES, ID_SLOT_BYTES);
        }
        tsMs = newTsMs;
        amountMinor = newAmountMinor;
        currencyCode = newCurrencyCode;
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

    // ---- snapshot (checkpoint) encoding: size, then per event time, amount, currency, id length (u8), id bytes ----

    /**
     * Writes the held events for a checkpoint, oldest first.
     *
     * @param out where they go.
     */
    public void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(size);
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            out.putLong(tsMs[slot]).putLong(amountMinor[slot]).putInt(currencyCode[slot]);
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = ids[idBase] & 0xFF;
            out.putByte(idLength).putBytes(ids, idBase + 1, idLength);
        }
    }

    /**
     * Replaces the held events by those {@link #writeSnapshot} wrote.
     *
     * @param in positioned at them.
     */
    public void readSnapshot(final SnapshotReader in)
    {
        clear();
        final int count = in.getCount("event ring size", 0, MAX_CAPACITY);
        while (tsMs.length < count)
        {
            grow();
        }
        for (int slot = 0; slot < count; slot++)
        {
            tsMs[slot] = in.getLong("event ring time");
            amountMinor[slot] = in.getLong("event ring amount");
            currencyCode[slot] = in.getInt("event ring currency");
            final int idBase = slot * ID_SLOT_BYTES;
            final int idLength = in.getByte("event ring id length");
            if (idLength >= ID_SLOT_BYTES)
            {
                in.expect("event ring id length at most", ID_SLOT_BYTES - 1, idLength);
            }
            ids[idBase] = (byte)idLength;
            in.getBytes("event ring id", ids, idBase + 1, idLength);
        }
        size = count;
    }
}
