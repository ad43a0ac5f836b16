package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.RecentEvents;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.expr.AggregateValues;

/**
 * Per-key state of a sliding {@link WindowRule}: the key's applied events in reference order with their
 * aggregate inputs, and the running aggregates of the <em>active</em> window, the newest event's
 * {@code (newest − size, newest]}.
 * <pre>
 *   [0 .. activeFrom)     kept for out-of-order events: time in (newest − size − retention, newest − size]
 *   [activeFrom .. size)  the active window
 * </pre>
 * where retention is the program's out-of-order bound plus the rule's allowed lateness: every event that is
 * not late finds its whole window. An in-order event slides the window and is added in O(1) amortised:
 * counts, sums and distinct sets take the leaving events out again; MIN and MAX keep a monotonic queue of
 * positions ({@link ExtremeDeque}). An out-of-order event is inserted in its place and its own window is
 * summed by a scan into a scratch slot (the rare path); it also rebuilds the queues.
 * <p>
 * For redoing later evaluations after an out-of-order event, the state also keeps raw copies of the key's
 * events that a future event that is not late could still precede ({@link RecentEvents}: time at or after the
 * watermark minus the allowed lateness), with whether each one's alert stands.
 * <p>
 * Memory: see {@link WindowRule}. Thread contract: owned by one shard thread.
 */
final class SlidingAggregateState extends WindowState implements AggregateValues
{
    private static final int RUNNING = 0;
    private static final int SCRATCH = 1;

    private final long sizeMs;
    private final long retentionMs;
    private final SlidingEvents events;
    private final ExtremeDeque[] extremes;
    private final RecentEvents recent = new RecentEvents();
    private int activeFrom;
    private boolean scratchView;
    /** Logical index of the event last added, for PREV and SEEN. */
    private int current = -1;
    /** Logical index of the first held event in that event's window. */
    private int currentWindowFrom;

    SlidingAggregateState(
        final AggregateLayout layout, final long sizeMs, final long outOfOrderRetentionMs, final long latenessMs)
    {
        super(layout, outOfOrderRetentionMs);
        this.sizeMs = sizeMs;
        this.retentionMs = outOfOrderRetentionMs + latenessMs;
        this.events = new SlidingEvents(layout.width());
        this.extremes = new ExtremeDeque[layout.size()];
        for (int a = 0; a < extremes.length; a++)
        {
            extremes[a] = layout.isExtreme(a) ? new ExtremeDeque() : null;
        }
        accumulators.ensureSlots(2);
    }

    /**
     * Slides the window to an event at or after the newest in reference order and adds it.
     *
     * @param tx   the event.
     * @param bits its predicate bits (its inputs are in {@link #row}).
     * @return the event's window.
     */
    AggregateValues appendInOrder(final TransactionFlyweight tx, final long bits)
    {
        final long leftBeforeMs = tx.tsMs() - sizeMs;
        while (activeFrom < events.size() && events.tsMs(activeFrom) <= leftBeforeMs)
        {
            accumulators.remove(RUNNING, events.values(), events.valuesOffset(activeFrom), events.bits(activeFrom));
            activeFrom++;
        }
        final long retainAfterMs = leftBeforeMs - retentionMs;
        while (events.size() > 0 && events.tsMs(0) <= retainAfterMs)
        {
            removeOldest();
        }
        if (events.isAtMaxCapacity())
        {
            removeOldest();
            counters.droppedEvents++;
        }
        events.insert(events.size(), tx, row, bits);
        current = events.size() - 1;
        currentWindowFrom = activeFrom;
        counters.refusedDistinctValues += accumulators.add(RUNNING, row, 0, bits);
        final long position = events.position(events.size() - 1);
        final long activeFromPosition = events.position(activeFrom);
        for (int a = 0; a < extremes.length; a++)
        {
            final ExtremeDeque deque = extremes[a];
            if (deque != null)
            {
                while (!deque.isEmpty() && deque.first() < activeFromPosition)
                {
                    deque.removeFirst();
                }
                push(a, deque, position);
            }
        }
        scratchView = false;
        return this;
    }

    /**
     * Inserts an event that comes before the newest in reference order, keeping the active window's
     * aggregates right, and sums the event's own window: the held events in {@code (t − size, t]} up to it.
     *
     * @param tx   the event.
     * @param bits its predicate bits (its inputs are in {@link #row}).
     * @return the event's window.
     */
    AggregateValues insertOutOfOrder(final TransactionFlyweight tx, final long bits)
    {
        if (events.isAtMaxCapacity())
        {
            removeOldest();
            counters.droppedEvents++;
        }
        final long tsMs = tx.tsMs();
        final int index = events.insertionIndex(tx);
        final boolean active = tsMs > events.tsMs(events.size() - 1) - sizeMs;
        events.insert(index, tx, row, bits);
        if (active)
        {
            counters.refusedDistinctValues += accumulators.add(RUNNING, row, 0, bits);
        }
        else
        {
            activeFrom++;
        }
        rebuildExtremes();

        accumulators.clear(SCRATCH);
        current = index;
        currentWindowFrom = events.firstAfter(tsMs - sizeMs);
        for (int i = currentWindowFrom; i <= index; i++)
        {
            counters.refusedDistinctValues +=
                accumulators.add(SCRATCH, events.values(), events.valuesOffset(i), events.bits(i));
        }
        scratchView = true;
        return this;
    }

    /**
     * Sums the window of a held event, {@code (t − size, t]} up to it in reference order, into the scratch slot
     * (the redo of a later event after an out-of-order insert).
     *
     * @param tx a held event (a copy from {@link #recent()}).
     * @return its window, or null when it is no longer held (dropped at capacity).
     */
    AggregateValues windowOf(final TransactionFlyweight tx)
    {
        final int index = events.insertionIndex(tx) - 1;
        if (index < 0 || events.compare(tx, index) != 0)
        {
            return null;
        }
        accumulators.clear(SCRATCH);
        current = index;
        currentWindowFrom = events.firstAfter(tx.tsMs() - sizeMs);
        for (int i = currentWindowFrom; i <= index; i++)
        {
            accumulators.add(SCRATCH, events.values(), events.valuesOffset(i), events.bits(i));
        }
        scratchView = true;
        return this;
    }

    /** @return raw copies of the key's recent events with their alert flags, for redoing evaluations. */
    RecentEvents recent()
    {
        return recent;
    }

    /** @return whether the event comes at or after the newest held in reference order. */
    boolean isInOrder(final TransactionFlyweight tx)
    {
        return events.isInOrder(tx);
    }

    /**
     * Lists the ids of the events in the current event's window, oldest first, at most {@code max} of them,
     * as {@code tx_ids} plus {@code tx_ids_omitted}.
     *
     * @param alerts an alert being written.
     * @param max    most ids listed.
     */
    void putWindowTxIds(final io.vigil.core.alert.AlertPublisher alerts, final int max)
    {
        alerts.beginArray("tx_ids");
        int listed = 0;
        for (int i = currentWindowFrom; i <= current && listed < max; i++, listed++)
        {
            events.putId(i, alerts);
        }
        alerts.endArray();
        alerts.detail("tx_ids_omitted", Math.max(0, current - currentWindowFrom + 1 - listed));
    }

    @Override
    public double get(final int index)
    {
        if (layout.isPerEvent(index))
        {
            return perEvent(index);
        }
        if (scratchView)
        {
            return accumulators.value(SCRATCH, index);
        }
        final ExtremeDeque deque = extremes[index];
        if (deque == null)
        {
            return accumulators.value(RUNNING, index);
        }
        return deque.isEmpty() ? Double.NaN : valueAt(index, deque.first());
    }

    /** Adds the events held, those in the newest event's window, and the window's aggregates. */
    @Override
    public void describe(final java.util.Map<String, Object> out)
    {
        out.put("events_held", events.size());
        out.put("window_events", events.size() - activeFrom);
        if (events.size() > 0)
        {
            out.put("newest_event_ms", events.tsMs(events.size() - 1));
            final java.util.Map<String, Object> aggregates = new java.util.LinkedHashMap<>();
            final boolean saved = scratchView;
            scratchView = false;
            for (int a = 0; a < layout.size(); a++)
            {
                if (!layout.isPerEvent(a))
                {
                    aggregates.put(layout.text(a), get(a));
                }
            }
            scratchView = saved;
            out.put("window", aggregates);
        }
    }

    @Override
    public void reset()
    {
        super.reset();
        events.clear();
        recent.clear();
        accumulators.clear(RUNNING);
        accumulators.clear(SCRATCH);
        for (final ExtremeDeque deque : extremes)
        {
            if (deque != null)
            {
                deque.clear();
            }
        }
        activeFrom = 0;
        scratchView = false;
        current = -1;
        currentWindowFrom = 0;
    }

    /**
     * PREV: the input of the latest held event before the current one in its window, NaN when none. SEEN: the
     * held events in the current event's window before it with the same hash, by a scan (windows are bounded).
     */
    private double perEvent(final int aggregate)
    {
        if (current < 0 || current >= events.size())
        {
            return Double.NaN;
        }
        final long[] values = events.values();
        final int column = layout.column(aggregate);
        if (layout.kind(aggregate) == AggregateKind.PREV)
        {
            return current > currentWindowFrom ?
                Double.longBitsToDouble(values[events.valuesOffset(current - 1) + column]) : Double.NaN;
        }
        final long hash = values[events.valuesOffset(current) + column];
        int seen = 0;
        for (int i = currentWindowFrom; i < current; i++)
        {
            if (values[events.valuesOffset(i) + column] == hash)
            {
                seen++;
            }
        }
        return seen;
    }

    private void removeOldest()
    {
        if (activeFrom > 0)
        {
            activeFrom--;
        }
        else
        {
            accumulators.remove(RUNNING, events.values(), events.valuesOffset(0), events.bits(0));
        }
        events.removeOldest();
        final long firstPosition = events.position(0);
        for (final ExtremeDeque deque : extremes)
        {
            while (deque != null && !deque.isEmpty() && deque.first() < firstPosition)
            {
                deque.removeFirst();
            }
        }
    }

    private void rebuildExtremes()
    {
        for (int a = 0; a < extremes.length; a++)
        {
            final ExtremeDeque deque = extremes[a];
            if (deque != null)
            {
                deque.clear();
                for (int i = activeFrom; i < events.size(); i++)
                {
                    push(a, deque, events.position(i));
                }
            }
        }
    }

    /** Adds a position at the back, first dropping the entries it outlives and outdoes (monotonic queue). */
    private void push(final int aggregate, final ExtremeDeque deque, final long position)
    {
        final double value = valueAt(aggregate, position);
        if (Double.isNaN(value))
        {
            return;
        }
        final boolean max = layout.kind(aggregate) == AggregateKind.MAX;
        while (!deque.isEmpty())
        {
            final double last = valueAt(aggregate, deque.last());
            if (max ? last > value : last < value)
            {
                break;
            }
            deque.removeLast();
        }
        deque.addLast(position);
    }

    private double valueAt(final int aggregate, final long position)
    {
        final int index = events.indexOf(position);
        return Double.longBitsToDouble(events.values()[events.valuesOffset(index) + layout.column(aggregate)]);
    }

    // ---- snapshot (checkpoint) encoding: positions, events, both accumulator slots, the MIN/MAX queues ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putInt(activeFrom).putBoolean(scratchView).putInt(current).putInt(currentWindowFrom);
        events.writeSnapshot(out);
        recent.writeSnapshot(out);
        accumulators.writeSnapshot(out);
        for (final ExtremeDeque deque : extremes)
        {
            if (deque != null)
            {
                deque.writeSnapshot(out);
            }
        }
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        activeFrom = in.getInt("sliding aggregate active from");
        scratchView = in.getBoolean("sliding aggregate scratch view");
        current = in.getInt("sliding aggregate current");
        currentWindowFrom = in.getInt("sliding aggregate current window from");
        events.readSnapshot(in);
        recent.readSnapshot(in);
        accumulators.readSnapshot(in);
        for (final ExtremeDeque deque : extremes)
        {
            if (deque != null)
            {
                deque.readSnapshot(in);
            }
        }
        if (activeFrom < 0 || activeFrom > events.size())
        {
            in.expect("sliding aggregate active from at most", events.size(), activeFrom);
        }
    }
}
