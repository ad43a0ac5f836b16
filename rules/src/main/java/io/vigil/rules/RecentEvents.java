package io.vigil.rules;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Raw copies of one key's recent events for one rule, in reference order (event time, then transaction id
 * byte-wise), each with whether the rule's alert on it stands: what a rule needs to <em>redo</em> the key's
 * later evaluations when an event arrives out of order (see {@code DESIGN.md}, Time). A redone event is read
 * through {@link #event(int)}, a flyweight over its copy, so a condition can read its own fields and an alert
 * (amended or retracted) can name it.
 * <p>
 * Which events: the rule keeps those that a future event that is not late could still precede, i.e. with time
 * at or after the lateness limit (the watermark, minus the allowed lateness for windows); {@link #evictBefore}
 * drops the older ones, which are final from then on. The newest standing alert among the dropped ones is
 * remembered ({@link #hasSettledAlert()}, {@link #settledAlertTsMs()}) for cooldown decisions.
 * <p>
 * Each copy holds the event and the enrichment block after it ({@link io.vigil.rules.table.EnrichmentDescriptor}):
 * the table values the event saw when it arrived, so a redo evaluates {@code profile.*} and the like as they were
 * then (an event given without a block gets an empty one: every row missing).
 * <p>
 * Memory: {@value io.vigil.rules.table.EnrichmentDescriptor#ENRICHED_LENGTH} + 17 bytes per slot; the capacity is a power of two from
 * {@value #INITIAL_CAPACITY} up to {@value #MAX_CAPACITY}, grown by doubling (the only allocation). In-order
 * traffic appends and evicts in O(1). Thread contract: owned by one shard thread.
 */
public final class RecentEvents
{
    /** Slots of the first allocation. */
    public static final int INITIAL_CAPACITY = 4;

    /** Most events held; beyond it the oldest is dropped and counted ({@link #droppedEvents()}). */
    public static final int MAX_CAPACITY = 1 << 14;

    /** Bytes of one copy: the event and its enrichment block (the table values it saw at arrival). */
    private static final int SLOT = io.vigil.rules.table.EnrichmentDescriptor.ENRICHED_LENGTH;

    private final UnsafeBuffer copies = new UnsafeBuffer(new byte[0]);
    private final TransactionFlyweight view = new TransactionFlyweight();
    private long[] tsMs = new long[0];
    private boolean[] alerted = new boolean[0];
    private long[] tags = new long[0];
    private int head;
    private int size;
    private int mask = -1;
    private boolean settledAlert;
    private long settledAlertTsMs;
    private long droppedEvents;

    /** @return events held. */
    public int size()
    {
        return size;
    }

    /**
     * @param index logical index, 0 the oldest.
     * @return the event's time, epoch ms.
     */
    public long tsMs(final int index)
    {
        return tsMs[(head + index) & mask];
    }

    /**
     * @param index logical index.
     * @return whether the rule's alert on this event stands.
     */
    public boolean isAlerted(final int index)
    {
        return alerted[(head + index) & mask];
    }

    /**
     * @param index   logical index.
     * @param fired   whether the rule's alert on this event stands now.
     */
    public void setAlerted(final int index, final boolean fired)
    {
        alerted[(head + index) & mask] = fired;
    }

    /**
     * @param index logical index.
     * @return what the rule noted about the event's standing alert (e.g. which window gave its figures), 0 unless
     * set.
     */
    public long tag(final int index)
    {
        return tags[(head + index) & mask];
    }

    /**
     * @param index logical index.
     * @param tag   what the rule notes about the event's standing alert.
     */
    public void setTag(final int index, final long tag)
    {
        tags[(head + index) & mask] = tag;
    }

    /**
     * @param index logical index.
     * @return a flyweight over the event's copy, valid until the next call of this method or a change to the
     * held events.
     */
    public TransactionFlyweight event(final int index)
    {
        return view.wrap(copies, ((head + index) & mask) * SLOT);
    }

    /**
     * @param tx an event.
     * @return whether it comes after every held event in reference order (always when empty): appending keeps
     * the order and nothing needs redoing.
     */
    public boolean isAfterAll(final TransactionFlyweight tx)
    {
        return size == 0 || compare(tx, size - 1) > 0;
    }

    /**
     * @param tx an event.
     * @return the logical index of the first held event that comes after it in reference order.
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
     * @param timeMs a time, epoch ms.
     * @return the logical index of the first held event with time at or after {@code timeMs}, or {@link #size()}.
     */
    public int firstAtOrAfter(final long timeMs)
    {
        int lo = 0;
        int hi = size;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (tsMs(mid) < timeMs)
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
     * @param tsMs   an event time, epoch ms.
     * @param idHash an id hash ({@link TransactionFlyweight#idHash()}).
     * @return the logical index of the held event with that time and id hash, or -1.
     */
    public int indexOf(final long tsMs, final long idHash)
    {
        for (int i = firstAtOrAfter(tsMs); i < size && tsMs(i) == tsMs; i++)
        {
            if (event(i).idHash() == idHash)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Copies an event in at a logical index, shifting the newer ones (O(1) amortised at the end). When
     * {@value #MAX_CAPACITY} are held the oldest is dropped first (and counted), which shifts the indexes by one.
     *
     * @param index where: {@link #size()} to append, else from {@link #insertionIndex}.
     * @param tx    the event.
     * @param fired whether the rule's alert on it stands.
     * @return the logical index the event landed at, or -1 when it would have been the oldest of a full buffer
     * (not kept).
     */
    public int insert(final int index, final TransactionFlyweight tx, final boolean fired)
    {
        int at = index;
        if (size == MAX_CAPACITY)
        {
            removeOldest();
            droppedEvents++;
            if (at == 0)
            {
                return -1;
            }
            at--;
        }
        insertAt(at, tx, fired);
        return at;
    }

    /**
     * Drops the held events with time before {@code limitMs}: no event that is not late can come before them.
     *
     * @param limitMs the lateness limit, epoch ms.
     */
    public void evictBefore(final long limitMs)
    {
        while (size > 0 && tsMs[head] < limitMs)
        {
            removeOldest();
        }
    }

    /**
     * @param before a logical index.
     * @return event time of the newest standing alert on an event before {@code before} (held, or dropped);
     * {@link Long#MIN_VALUE} when there is none.
     */
    public long lastAlertBefore(final int before)
    {
        for (int i = before - 1; i >= 0; i--)
        {
            if (isAlerted(i))
            {
                return tsMs(i);
            }
        }
        return settledAlert ? settledAlertTsMs : Long.MIN_VALUE;
    }

    /** @return whether an event dropped from here had a standing alert. */
    public boolean hasSettledAlert()
    {
        return settledAlert;
    }

    /** @return event time of the newest standing alert among dropped events, epoch ms. */
    public long settledAlertTsMs()
    {
        return settledAlertTsMs;
    }

    /** @return events dropped because {@value #MAX_CAPACITY} were held (their later redo is lost). */
    public long droppedEvents()
    {
        return droppedEvents;
    }

    /** Forgets everything (the drop count included: it is checkpointed per state), keeping the capacity. */
    public void clear()
    {
        head = 0;
        size = 0;
        settledAlert = false;
        settledAlertTsMs = 0;
        droppedEvents = 0;
    }

    /** Drops the oldest held event (which must exist), remembering its alert if it stands. */
    public void removeOldest()
    {
        if (alerted[head])
        {
            settledAlert = true;
            settledAlertTsMs = tsMs[head];
        }
        head = (head + 1) & mask;
        size--;
    }

    private void insertAt(final int index, final TransactionFlyweight tx, final boolean fired)
    {
        if (size == tsMs.length)
        {
            grow();
        }
        for (int i = size; i > index; i--)
        {
            final int from = (head + i - 1) & mask;
            final int to = (head + i) & mask;
            tsMs[to] = tsMs[from];
            alerted[to] = alerted[from];
            tags[to] = tags[from];
            copies.putBytes(to * SLOT, copies, from * SLOT, SLOT);
        }
        final int slot = (head + index) & mask;
        tsMs[slot] = tx.tsMs();
        alerted[slot] = fired;
        tags[slot] = 0;
        tx.copyTo(copies, slot * SLOT);
        final int blockAt = slot * SLOT + TransactionDescriptor.ENCODED_LENGTH;
        if (io.vigil.rules.table.EnrichmentDescriptor.hasBlock(tx))
        {
            copies.putBytes(blockAt, tx.buffer(), tx.offset() + TransactionDescriptor.ENCODED_LENGTH,
                io.vigil.rules.table.EnrichmentDescriptor.LENGTH);
        }
        else
        {
            copies.setMemory(blockAt, io.vigil.rules.table.EnrichmentDescriptor.LENGTH, (byte)0);
        }
        size++;
    }

    private int compare(final TransactionFlyweight tx, final int index)
    {
        final long held = tsMs(index);
        final long t = tx.tsMs();
        if (t != held)
        {
            return t < held ? -1 : 1;
        }
        return tx.compareId(event(index));
    }

    private void grow()
    {
        final int capacity = tsMs.length == 0 ? INITIAL_CAPACITY : tsMs.length << 1;
        final long[] newTsMs = new long[capacity];
        final boolean[] newAlerted = new boolean[capacity];
        final long[] newTags = new long[capacity];
        final byte[] newCopies = new byte[capacity * SLOT];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            newTsMs[i] = tsMs[slot];
            newAlerted[i] = alerted[slot];
            newTags[i] = tags[slot];
            copies.getBytes(slot * SLOT, newCopies, i * SLOT, SLOT);
        }
        tsMs = newTsMs;
        alerted = newAlerted;
        tags = newTags;
        copies.wrap(newCopies);
        head = 0;
        mask = capacity - 1;
    }

    // ---- snapshot (checkpoint) encoding: settled alert, drop count, then per event (oldest first) its time,
    // alert flag, tag and the raw event copy ----

    /**
     * Writes the held events for a checkpoint.
     *
     * @param out where they go.
     */
    public void writeSnapshot(final io.vigil.core.snapshot.SnapshotWriter out)
    {
        out.putBoolean(settledAlert).putLong(settledAlertTsMs).putLong(droppedEvents).putInt(size);
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & mask;
            out.putLong(tsMs[slot]).putBoolean(alerted[slot]).putLong(tags[slot]).putBytes(copies, slot * SLOT, SLOT);
        }
    }

    /**
     * Replaces the held events by those {@link #writeSnapshot} wrote.
     *
     * @param in positioned at them.
     */
    public void readSnapshot(final io.vigil.core.snapshot.SnapshotReader in)
    {
        clear();
        settledAlert = in.getBoolean("recent events: settled alert");
        settledAlertTsMs = in.getLong("recent events: settled alert time");
        droppedEvents = in.getLong("recent events: dropped");
        final int count = in.getCount("recent events", 0, MAX_CAPACITY);
        while (tsMs.length < count)
        {
            grow();
        }
        for (int slot = 0; slot < count; slot++)
        {
            tsMs[slot] = in.getLong("recent event time");
            alerted[slot] = in.getBoolean("recent event alerted");
            tags[slot] = in.getLong("recent event tag");
            in.getBytes("recent event", copies, slot * SLOT, SLOT);
        }
        size = count;
    }
}
