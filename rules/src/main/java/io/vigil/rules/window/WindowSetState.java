package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.rules.RecentEvents;

import java.util.Arrays;

/**
 * Per-key state of a tumbling, hopping or session {@link WindowRule}: the key's open windows, sorted by start,
 * each with its end (exclusive; a session's is its last event + gap), whether it has fired early, and its slot
 * in the {@link Accumulators}. Windows of one key never overlap in a way that breaks the order: tumbling and
 * hopping windows all have the same length, sessions are disjoint, so sorting by start also sorts by end and
 * windows close from the front.
 * <p>
 * Bounded: at most {@link #MAX_OPEN_WINDOWS} open windows (the rule counts the events it could not add to a
 * window past that). Window arrays and slots grow by doubling and are kept on {@link #reset()}, so a pooled
 * state serves the next key without allocating.
 * <p>
 * Timers: {@link #timerDueMs} is the earliest close timer known to be pending for the key, so the rule keeps
 * one pending timer per key (at or before its earliest close) instead of one per window or per event.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class WindowSetState extends WindowState
{
    /** Most open windows per key. */
    static final int MAX_OPEN_WINDOWS = 1024;

    /** {@link #timerDueMs} when no timer is known to be pending. */
    static final long NO_TIMER = Long.MAX_VALUE;

    private long[] startMs = new long[0];
    private long[] endMs = new long[0];
    private int[] slots = new int[0];
    private boolean[] firedEarly = new boolean[0];
    /** Per window, for early firing: the slot of its events no later event can precede, or -1 (none yet). */
    private int[] frozenSlots = new int[0];
    /** Per window that fired early: time and id hash of the event that first crossed, in reference order. */
    private long[] crossTsMs = new long[0];
    private long[] crossIdHash = new long[0];
    private final RecentEvents recent = new RecentEvents();
    private int scratchSlot = -1;
    private int slotCapacity;
    private long lastCloseAlertMs = Long.MIN_VALUE;
    private int open;
    private int[] freeSlots = new int[0];
    private int freeCount;
    private int slotsUsed;
    long timerDueMs = NO_TIMER;

    WindowSetState(final AggregateLayout layout, final long outOfOrderRetentionMs)
    {
        super(layout, outOfOrderRetentionMs);
    }

    /** @return open windows. */
    int open()
    {
        return open;
    }

    long startMs(final int window)
    {
        return startMs[window];
    }

    long endMs(final int window)
    {
        return endMs[window];
    }

    /** @return the window's slot in {@link #accumulators}. */
    int slot(final int window)
    {
        return slots[window];
    }

    boolean hasFiredEarly(final int window)
    {
        return firedEarly[window];
    }

    void markFiredEarly(final int window)
    {
        firedEarly[window] = true;
    }

    /**
     * Records the event that first crossed the window's threshold, in reference order ({@code fired} true), or
     * that none has.
     */
    void setCrossing(final int window, final boolean fired, final long tsMs, final long idHash)
    {
        firedEarly[window] = fired;
        crossTsMs[window] = tsMs;
        crossIdHash[window] = idHash;
    }

    /** @return whether the window fired early on the event with this time and id hash. */
    boolean crossedAt(final int window, final long tsMs, final long idHash)
    {
        return firedEarly[window] && crossTsMs[window] == tsMs && crossIdHash[window] == idHash;
    }

    long crossTsMs(final int window)
    {
        return crossTsMs[window];
    }

    long crossIdHash(final int window)
    {
        return crossIdHash[window];
    }

    /** Notes a close alert at the window's end, epoch ms (the cooldown of later early alerts). */
    void onCloseAlert(final long endMs)
    {
        onAlert(endMs);
        lastCloseAlertMs = Math.max(lastCloseAlertMs, endMs);
    }

    /** @return time of the newest close alert, epoch ms, {@code Long.MIN_VALUE} when none. */
    long lastCloseAlertMs()
    {
        return lastCloseAlertMs;
    }

    /** @return raw copies of the key's recent events with their alert flags (early firing only). */
    RecentEvents recent()
    {
        return recent;
    }

    /** @return the window's slot of frozen events (those no later event can precede), taken on first use. */
    int frozenSlot(final int window)
    {
        if (frozenSlots[window] < 0)
        {
            frozenSlots[window] = takeSlot();
        }
        return frozenSlots[window];
    }

    /** @return whether the window has frozen events. */
    boolean hasFrozen(final int window)
    {
        return frozenSlots[window] >= 0;
    }

    /** @return a slot for scratch sums, the same one every call. */
    int scratchSlot()
    {
        if (scratchSlot < 0)
        {
            scratchSlot = takeSlot();
        }
        return scratchSlot;
    }

    private int takeSlot()
    {
        final int slot = freeCount > 0 ? freeSlots[--freeCount] : slotsUsed++;
        if (slotsUsed > slotCapacity)
        {
            slotCapacity = Math.max(slotsUsed, slotCapacity * 2);
            accumulators.ensureSlots(slotCapacity);
        }
        if (freeSlots.length < slotsUsed)
        {
            freeSlots = Arrays.copyOf(freeSlots, slotCapacity);
        }
        accumulators.clear(slot);
        return slot;
    }

    /** @return index of the first window starting after {@code timeMs}, or {@link #open()}. */
    int firstStartingAfter(final long timeMs)
    {
        int lo = 0;
        int hi = open;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (startMs[mid] <= timeMs)
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

    /** @return the index of the window starting at {@code start}, or {@code -(insertion index) - 1}. */
    private int find(final long start)
    {
        final int after = firstStartingAfter(start);
        return after > 0 && startMs[after - 1] == start ? after - 1 : -after - 1;
    }

    /**
     * Opens an empty window.
     *
     * @param index where, keeping the order by start.
     * @param start its start, epoch ms.
     * @param end   its end, epoch ms, exclusive.
     * @return {@code index}, or -1 when {@link #MAX_OPEN_WINDOWS} are open.
     */
    private int openAt(final int index, final long start, final long end)
    {
        if (open == startMs.length)
        {
            if (open == MAX_OPEN_WINDOWS)
            {
                return -1;
            }
            grow();
        }
        final int slot = takeSlot();
        final int moved = open - index;
        System.arraycopy(startMs, index, startMs, index + 1, moved);
        System.arraycopy(endMs, index, endMs, index + 1, moved);
        System.arraycopy(slots, index, slots, index + 1, moved);
        System.arraycopy(firedEarly, index, firedEarly, index + 1, moved);
        System.arraycopy(frozenSlots, index, frozenSlots, index + 1, moved);
        System.arraycopy(crossTsMs, index, crossTsMs, index + 1, moved);
        System.arraycopy(crossIdHash, index, crossIdHash, index + 1, moved);
        frozenSlots[index] = -1;
        startMs[index] = start;
        endMs[index] = end;
        slots[index] = slot;
        firedEarly[index] = false;
        open++;
        return index;
    }

    /**
     * @param start a window start, epoch ms.
     * @param end   its end, epoch ms, exclusive.
     * @return the index of the window starting at {@code start}, opened if there is none; -1 when opening it
     * would pass {@link #MAX_OPEN_WINDOWS}.
     */
    int windowAt(final long start, final long end)
    {
        final int found = find(start);
        return found >= 0 ? found : openAt(-found - 1, start, end);
    }

    /**
     * Finds or makes the session of an event: it joins the session it is less than the gap from, bridges two
     * (which merge: aggregates, frozen aggregates, end; the first crossing stays the earlier session's), or starts
     * its own.
     *
     * @param tsMs  the event's time, epoch ms.
     * @param gapMs the session gap, ms.
     * @return the session's index; -1 when a new session would pass {@link #MAX_OPEN_WINDOWS}.
     */
    int sessionFor(final long tsMs, final long gapMs)
    {
        final int next = firstStartingAfter(tsMs);
        final int previous = next - 1;
        final boolean joinsPrevious = previous >= 0 && tsMs < endMs[previous];
        final boolean joinsNext = next < open && tsMs > startMs[next] - gapMs;
        if (joinsPrevious)
        {
            endMs[previous] = Math.max(endMs[previous], tsMs + gapMs);
            if (joinsNext)
            {
                counters.refusedDistinctValues += accumulators.merge(slots[previous], slots[next]);
                endMs[previous] = Math.max(endMs[previous], endMs[next]);
                // the merged session's first crossing is the previous one's if it has one (its events all come
                // first), else unknown: early firing finds it again (EarlyRedo), as only an out-of-order event merges
                if (frozenSlots[next] >= 0)
                {
                    if (frozenSlots[previous] < 0)
                    {
                        frozenSlots[previous] = frozenSlots[next];
                        frozenSlots[next] = -1;
                    }
                    else
                    {
                        accumulators.merge(frozenSlots[previous], frozenSlots[next]);
                    }
                }
                remove(next);
            }
            return previous;
        }
        if (joinsNext)
        {
            startMs[next] = tsMs;
            return next;
        }
        return openAt(next, tsMs, tsMs + gapMs);
    }

    /** Forgets the first window, which has closed. */
    void closeFirst()
    {
        remove(0);
    }

    @Override
    public void reset()
    {
        super.reset();
        open = 0;
        freeCount = 0;
        slotsUsed = 0;
        scratchSlot = -1;
        lastCloseAlertMs = Long.MIN_VALUE;
        timerDueMs = NO_TIMER;
        recent.clear();
    }

    private void remove(final int index)
    {
        freeSlots[freeCount++] = slots[index];
        if (frozenSlots[index] >= 0)
        {
            freeSlots[freeCount++] = frozenSlots[index];
        }
        final int moved = open - index - 1;
        System.arraycopy(startMs, index + 1, startMs, index, moved);
        System.arraycopy(endMs, index + 1, endMs, index, moved);
        System.arraycopy(slots, index + 1, slots, index, moved);
        System.arraycopy(firedEarly, index + 1, firedEarly, index, moved);
        System.arraycopy(frozenSlots, index + 1, frozenSlots, index, moved);
        System.arraycopy(crossTsMs, index + 1, crossTsMs, index, moved);
        System.arraycopy(crossIdHash, index + 1, crossIdHash, index, moved);
        open--;
    }

    private void grow()
    {
        final int capacity = startMs.length == 0 ? 2 : Math.min(startMs.length << 1, MAX_OPEN_WINDOWS);
        startMs = Arrays.copyOf(startMs, capacity);
        endMs = Arrays.copyOf(endMs, capacity);
        slots = Arrays.copyOf(slots, capacity);
        firedEarly = Arrays.copyOf(firedEarly, capacity);
        frozenSlots = Arrays.copyOf(frozenSlots, capacity);
        crossTsMs = Arrays.copyOf(crossTsMs, capacity);
        crossIdHash = Arrays.copyOf(crossIdHash, capacity);
        if (capacity > slotCapacity)
        {
            slotCapacity = capacity;
            accumulators.ensureSlots(capacity);
        }
        if (freeSlots.length < slotCapacity)
        {
            freeSlots = Arrays.copyOf(freeSlots, slotCapacity);
        }
    }

    // ---- snapshot (checkpoint) encoding: open windows in start order (with their early-firing crossing and
    // frozen slot), the slot free list, the scratch slot, timers and close-alert time, then the accumulator slots
    // as they are (slot numbers included, so nothing is renumbered) and the events kept for redoing ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putInt(startMs.length).putInt(slotCapacity).putInt(open);
        for (int w = 0; w < open; w++)
        {
            out.putLong(startMs[w]).putLong(endMs[w]).putInt(slots[w]).putBoolean(firedEarly[w])
                .putInt(frozenSlots[w]).putLong(crossTsMs[w]).putLong(crossIdHash[w]);
        }
        out.putInt(freeCount);
        for (int f = 0; f < freeCount; f++)
        {
            out.putInt(freeSlots[f]);
        }
        out.putInt(slotsUsed).putInt(scratchSlot).putLong(lastCloseAlertMs).putLong(timerDueMs);
        accumulators.writeSnapshot(out);
        recent.writeSnapshot(out);
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        final int capacity = in.getCount("window set capacity", 0, MAX_OPEN_WINDOWS);
        while (startMs.length < capacity)
        {
            grow();
        }
        final int slotCap = in.getCount("window slot capacity", 0, 1 << 16);
        if (slotCap > slotCapacity)
        {
            slotCapacity = slotCap;
            accumulators.ensureSlots(slotCap);
        }
        if (freeSlots.length < slotCapacity)
        {
            freeSlots = Arrays.copyOf(freeSlots, slotCapacity);
        }
        open = in.getCount("open windows", 0, startMs.length);
        for (int w = 0; w < open; w++)
        {
            startMs[w] = in.getLong("window start");
            endMs[w] = in.getLong("window end");
            slots[w] = in.getCount("window slot", 0, slotCapacity - 1);
            firedEarly[w] = in.getBoolean("window fired early");
            frozenSlots[w] = in.getCount("window frozen slot", -1, slotCapacity - 1);
            crossTsMs[w] = in.getLong("window crossing time");
            crossIdHash[w] = in.getLong("window crossing id");
        }
        freeCount = in.getCount("free window slots", 0, freeSlots.length);
        for (int f = 0; f < freeCount; f++)
        {
            freeSlots[f] = in.getCount("free window slot", 0, slotCapacity - 1);
        }
        slotsUsed = in.getCount("window slots used", 0, slotCapacity);
        scratchSlot = in.getCount("window scratch slot", -1, slotCapacity - 1);
        lastCloseAlertMs = in.getLong("window last close alert");
        timerDueMs = in.getLong("window timer due");
        accumulators.readSnapshot(in);
        recent.readSnapshot(in);
    }
}
