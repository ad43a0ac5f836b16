package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RecentEvents;
import io.vigil.rules.RuleState;
import io.vigil.rules.expr.AggregateSpec;
import io.vigil.rules.expr.AggregateValues;
import io.vigil.rules.expr.Condition;
import io.vigil.rules.expr.TxPredicate;

import java.util.List;
import java.util.Objects;

/**
 * A windowed aggregate rule over one key, on event time: the events its {@code filter} accepts are grouped
 * into windows ({@link WindowSpec}; semantics in {@code DESIGN.md}), each window computes the rule's
 * aggregates ({@link AggregateSpec}: count, count(pred), sum, min, max, avg, distinct, ratio; values as in
 * {@link Accumulators}), and the rule fires when its {@code when} holds on them.
 *
 * <h2>Firing</h2>
 * <ul>
 *   <li>Sliding: on each event whose window {@code (t − size, t]} (the key's events no later in reference
 *   order) meets {@code when}; {@link FireMode#EARLY} only.</li>
 *   <li>Tumbling, hopping, session, early: on the first event in reference order after which a window meets
 *   {@code when}, at most once per window. One event may be the first for several hopping windows: it gives
 *   one alert (its id derives from the event), with the figures of the oldest of them. A session's early
 *   alert reports the session's start and, as its end, the event's time plus the gap.</li>
 *   <li>On close: when the watermark reaches the window's end plus the allowed lateness, if {@code when} holds
 *   on the final aggregates ({@code tx} is then null); the alert is the window's ({@code beginWindow}, id from
 *   the window's start, event time its end). A window with no events does not exist, so never fires.</li>
 * </ul>
 * Before an event is applied, the key's windows that the watermark including that event closes are closed,
 * so one key's alerts come in event-time order when its events do. Alert details: every aggregate under its
 * text ({@link AggregateLayout#putDetails}), then {@code window_ms} (size) or {@code gap_ms} (session), and
 * for early alerts of tumbling, hopping and session windows {@code window_start_ms} and {@code window_end_ms}.
 *
 * <h2>Out-of-order events: amend and retract</h2>
 * An event in reference order after the key's held events fires on arrival. One that arrives out of order
 * (within the out-of-order bound plus the allowed lateness, so not late) goes into its place and its windows,
 * is evaluated against what precedes it, and the key's later early evaluations it touches are redone in
 * reference order: sliding, the events whose window now holds it, and after them the events whose cooldown
 * changed ({@link SlidingRedo}); tumbling, hopping and session, the first crossing of each window holding it is found again
 * ({@link EarlyRedo}), then the key's later events are re-evaluated. An event that now alerts and did not gets
 * an amended alert ({@link AlertPublisher#beginAmended}); one that alerted and still does gets an amended alert
 * with its new figures when the new event is in its window; one that no longer alerts gets a retraction
 * ({@link AlertPublisher#retract}, reason {@value #REASON_NOT_MET} or {@value #REASON_COOLDOWN}). So alerts
 * minus retractions equal the alerts of the stream sorted by (event time, transaction id), ids and contents,
 * whatever the arrival order within the bound. For that, the state keeps raw copies of the key's events a future
 * event that is not late could precede ({@link RecentEvents}, 353 bytes each with the alert flag), and, for
 * early tumbling, hopping and session windows, a second accumulator slot per window for its events older than
 * that. Sliding redo: {@link SlidingRedo}; tumbling, hopping, session: {@link EarlyRedo}. Close alerts wait for the watermark, so they never need
 * amending. One limit: with {@link FireMode#EARLY_AND_ON_CLOSE} and a cooldown, whether a close alert suppresses
 * an early one (or the reverse) follows arrival order.
 *
 * <h2>Cooldown, lateness</h2>
 * After an alert at event time {@code a} (the window's end for a close alert), the rule's further alerts for
 * the key with time {@code < a + cooldown} are suppressed ({@link RuleState#isCoolingDown}); a suppressed
 * early crossing still uses up its window's early alert. An event the filter accepts with time below the
 * watermark minus the allowed lateness is late: not applied, counted ({@link #lateEvents()}) and written as a
 * late record ({@link AlertPublisher#late}); an event that is not late never belongs to a closed window.
 *
 * <h2>State and bounds</h2>
 * Per key: sliding keeps the events of {@code size + out-of-order bound + lateness} with their aggregate inputs
 * ({@link SlidingAggregateState}); the others keep one accumulator set per open window
 * ({@link WindowSetState}, at most {@value WindowSetState#MAX_OPEN_WINDOWS}) and one pending timer. Early
 * firing (sliding included) adds the raw copies of the events within the out-of-order bound plus lateness of the
 * watermark, 353 bytes each (the figures below are without them: events 5 s apart and no bound keep none). DISTINCT
 * holds at most {@value DistinctSet#MAX_VALUES} values per window. What a bound refuses is counted
 * ({@link #refusedWindows()}, {@link #refusedDistinctValues()}, {@link #droppedEvents()}). A key can expire
 * once idle for {@link #horizonMs()}: its windows have closed and its cooldown has passed by then.
 * <p>
 * Approximate heap per key (JDK 17, compressed oops; {@code WindowStateFootprint} in the tests: 20,000 keys
 * with ten events each, 5 s apart, three merchants, no window closed yet; heap after GC minus the same run with
 * a rule that keeps nothing — about 240 bytes per key of program map, key state and empty rule state — divided
 * by the keys):
 * <pre>
 *   aggregates:                        count()   count, sum, max, distinct   all eight
 *   sliding 60 s (10 events held)        1,390            2,190                2,810
 *   tumbling 60 s (1 open window)          400              740                  910
 *   hopping 60 s / 20 s (5 open windows)   505            1,280                1,620
 *   session gap 30 s (1 open session)      400              740                  910
 * </pre>
 * Sliding costs {@code 64 + 8 × value columns} bytes per retained event (time, id for the tie-break, predicate
 * bits, inputs; a column per SUM, AVG, MIN, MAX, DISTINCT), up to twice that as arrays grow by doubling, plus 8
 * per event in each MIN or MAX queue. The others cost {@code 8 + 16 × aggregates} per window slot plus its
 * DISTINCT sets (12 bytes per slot, 2 to 4 slots per value, 8 at least).
 * <p>
 * Hot path: no allocation per event once a key's arrays have grown; no boxing, no capturing lambdas.
 * Immutable apart from the per-shard counters; one instance serves every shard.
 */
public final class WindowRule implements CompiledRule
{
    final RuleRef ruleRef;
    private final TxPredicate filter;
    final WindowSpec window;
    private final List<AggregateSpec> aggregates;
    final AggregateLayout layout;
    final Condition when;
    private final FireMode fire;
    final long cooldownMs;
    private final long allowedLatenessMs;
    final String lengthName;
    private final long lengthMs;
    private final WindowCounters.PerShard counters = new WindowCounters.PerShard();
    private final EarlyRedo early;
    private final SlidingRedo sliding;

    /**
     * @param ref               the rule's identity; its key type is the windows' key.
     * @param filter            which events the rule sees at all.
     * @param window            the windows.
     * @param aggregates        what each window computes, read by {@code when} by index; at most 64.
     * @param when              fires when true on a window's aggregates (and the event, when firing early).
     * @param fire              when it fires; {@link FireMode#EARLY} for sliding windows.
     * @param cooldownMs        suppression after an alert, ms, >= 0.
     * @param allowedLatenessMs how long after the watermark passes a window's end it still takes events, ms,
     *                          >= 0.
     */
    public WindowRule(
        final RuleRef ref,
        final TxPredicate filter,
        final WindowSpec window,
        final List<AggregateSpec> aggregates,
        final Condition when,
        final FireMode fire,
        final long cooldownMs,
        final long allowedLatenessMs)
    {
        this.ruleRef = Objects.requireNonNull(ref, "ref");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.window = Objects.requireNonNull(window, "window");
        this.aggregates = List.copyOf(Objects.requireNonNull(aggregates, "aggregates"));
        this.when = Objects.requireNonNull(when, "when");
        this.fire = Objects.requireNonNull(fire, "fire");
        if (window.type() == WindowType.SLIDING && fire != FireMode.EARLY)
        {
            throw new IllegalArgumentException(ref.id() + ": a sliding window fires early only, found " + fire);
        }
        if (cooldownMs < 0 || cooldownMs > WindowSpec.MAX_LENGTH_MS)
        {
            throw new IllegalArgumentException(ref.id() + ": cooldown: expected >= 0 ms, found " + cooldownMs);
        }
        if (allowedLatenessMs < 0 || allowedLatenessMs > WindowSpec.MAX_LENGTH_MS)
        {
            throw new IllegalArgumentException(
                ref.id() + ": allowed lateness: expected >= 0 ms, found " + allowedLatenessMs);
        }
        try
        {
            this.layout = new AggregateLayout(this.aggregates);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(ref.id() + ": " + ex.getMessage(), ex);
        }
        if (window.type() != WindowType.SLIDING && layout.hasPerEvent())
        {
            throw new IllegalArgumentException(ref.id() + ": prev() and seen() need a sliding window, found " +
                window.type());
        }
        this.cooldownMs = cooldownMs;
        this.allowedLatenessMs = allowedLatenessMs;
        this.lengthName = window.type() == WindowType.SESSION ? "gap_ms" : "window_ms";
        this.lengthMs = window.extentMs();
        this.early = new EarlyRedo(this);
        this.sliding = new SlidingRedo(this);
    }

    @Override
    public RuleRef ruleRef()
    {
        return ruleRef;
    }

    /** @return window extent (size, or gap) + allowed lateness + cooldown, ms: see the class comment. */
    @Override
    public long horizonMs()
    {
        return window.extentMs() + allowedLatenessMs + cooldownMs;
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return window.type() == WindowType.SLIDING ?
            new SlidingAggregateState(layout, window.sizeMs(), outOfOrderRetentionMs, allowedLatenessMs) :
            new WindowSetState(layout, outOfOrderRetentionMs);
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        if (!filter.test(tx))
        {
            return;
        }
        final WindowState windows = (WindowState)state;
        final WindowCounters counters = windows.counters(this);
        final long watermarkMs = windows.watermarkMs();
        if (watermarkMs > Long.MIN_VALUE + allowedLatenessMs && tx.tsMs() < watermarkMs - allowedLatenessMs)
        {
            counters.lateEvents++;
            alerts.late(ruleRef, tx, journalIndex, watermarkMs).detail("allowed_lateness_ms", allowedLatenessMs)
                .publish();
            return;
        }
        final long bits = layout.capture(tx, windows.row, 0);
        switch (window.type())
        {
            case SLIDING:
                onSlidingEvent((SlidingAggregateState)windows, tx, bits, journalIndex, alerts);
                break;
            case SESSION:
                onSessionEvent((WindowSetState)windows, tx, bits, journalIndex, alerts);
                break;
            default:
                onAlignedEvent((WindowSetState)windows, tx, bits, journalIndex, alerts);
                break;
        }
    }

    @Override
    public void onTimer(
        final RuleState state, final long dueMs, final long watermarkMs, final long journalIndex,
        final AlertPublisher alerts)
    {
        if (state instanceof WindowSetState)
        {
            final WindowSetState windows = (WindowSetState)state;
            if (dueMs >= windows.timerDueMs)
            {
                windows.timerDueMs = WindowSetState.NO_TIMER;
            }
            closeDue(windows, watermarkMs, journalIndex, alerts);
            scheduleClose(windows);
        }
    }

    private void onSlidingEvent(
        final SlidingAggregateState events, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        final RecentEvents recent = events.recent();
        final long watermarkMs = events.watermarkMs();
        if (watermarkMs > Long.MIN_VALUE + allowedLatenessMs)
        {
            recent.evictBefore(watermarkMs - allowedLatenessMs);
        }
        if (events.isInOrder(tx))
        {
            final AggregateValues values = events.appendInOrder(tx, bits);
            final boolean fired = when.test(tx, values) && fireOnEvent(events, tx, journalIndex, alerts, values, 0, 0);
            recent.insert(recent.size(), tx, fired);
            return;
        }
        sliding.onOutOfOrderEvent(events, tx, bits, journalIndex, alerts);
    }

    /** {@code reason} of a retraction: the redone evaluation's condition does not hold. */
    public static final String REASON_NOT_MET = "condition-not-met";

    /** {@code reason} of a retraction: the condition holds but an earlier standing alert's cooldown covers it. */
    public static final String REASON_COOLDOWN = "cooldown";

    boolean isCoolingDown(final long lastAlertMs, final long tsMs)
    {
        return lastAlertMs != Long.MIN_VALUE && cooldownMs > 0 && tsMs - lastAlertMs < cooldownMs;
    }

    private void onAlignedEvent(
        final WindowSetState windows, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        closeDue(windows, windows.upcomingWatermarkMs(), journalIndex, alerts);
        if (fire.firesEarly() && isRedone(windows, tx, bits, journalIndex, alerts))
        {
            return;
        }
        final Accumulators accumulators = windows.accumulators;
        final long advanceMs = window.advanceMs();
        final long lastIndex = Math.floorDiv(tx.tsMs(), advanceMs);
        int firedSlot = -1;
        long firedStartMs = 0;
        for (long k = lastIndex - window.windowsPerEvent() + 1; k <= lastIndex; k++)
        {
            final long startMs = k * advanceMs;
            final int w = windows.windowAt(startMs, startMs + window.sizeMs());
            if (w < 0)
            {
                windows.counters.refusedWindows++;
                continue;
            }
            final int slot = windows.slot(w);
            windows.counters.refusedDistinctValues += accumulators.add(slot, windows.row, 0, bits);
            if (fire.firesEarly() && !windows.hasFiredEarly(w) && when.test(tx, accumulators.select(slot)))
            {
                windows.setCrossing(w, true, tx.tsMs(), tx.idHash());
                if (firedSlot < 0)
                {
                    firedSlot = slot;
                    firedStartMs = startMs;
                }
            }
        }
        final boolean fired = firedSlot >= 0 && fireOnEvent(windows, tx, journalIndex, alerts,
            accumulators.select(firedSlot), firedStartMs, firedStartMs + window.sizeMs());
        if (fire.firesEarly())
        {
            keepCopy(windows, tx, fired, firedStartMs);
        }
        scheduleClose(windows);
    }

    private void onSessionEvent(
        final WindowSetState sessions, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        closeDue(sessions, sessions.upcomingWatermarkMs(), journalIndex, alerts);
        if (fire.firesEarly() && isRedone(sessions, tx, bits, journalIndex, alerts))
        {
            return;
        }
        final int w = sessions.sessionFor(tx.tsMs(), window.gapMs());
        if (w < 0)
        {
            sessions.counters.refusedWindows++;
            return;
        }
        final Accumulators accumulators = sessions.accumulators;
        final int slot = sessions.slot(w);
        sessions.counters.refusedDistinctValues += accumulators.add(slot, sessions.row, 0, bits);
        if (fire.firesEarly())
        {
            boolean fired = false;
            if (!sessions.hasFiredEarly(w) && when.test(tx, accumulators.select(slot)))
            {
                sessions.setCrossing(w, true, tx.tsMs(), tx.idHash());
                fired = fireOnEvent(sessions, tx, journalIndex, alerts, accumulators, sessions.startMs(w),
                    sessions.endMs(w));
            }
            keepCopy(sessions, tx, fired, sessions.startMs(w));
        }
        scheduleClose(sessions);
    }

    /**
     * Early firing of tumbling, hopping and session windows: drops the copies no future event can precede and,
     * when the event comes before a copy in reference order, applies it and redoes what it changes
     * ({@link EarlyRedo}).
     *
     * @return whether the event was handled so (out of order).
     */
    private boolean isRedone(
        final WindowSetState windows, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        final long watermarkMs = windows.watermarkMs();
        if (watermarkMs > Long.MIN_VALUE + allowedLatenessMs)
        {
            early.evictAndFold(windows, watermarkMs - allowedLatenessMs);
        }
        if (windows.recent().isAfterAll(tx))
        {
            return false;
        }
        early.onOutOfOrderEvent(windows, tx, bits, journalIndex, alerts);
        scheduleClose(windows);
        return true;
    }

    /** Keeps a copy of an in-order event for later redos, with whether it alerted and its figures' window. */
    private static void keepCopy(
        final WindowSetState windows, final TransactionFlyweight tx, final boolean fired, final long windowStartMs)
    {
        final RecentEvents recent = windows.recent();
        recent.insert(recent.size(), tx, fired);
        if (fired && recent.size() > 0)
        {
            recent.setTag(recent.size() - 1, windowStartMs);
        }
    }

    /** Closes, in order, the key's windows whose end plus the allowed lateness the watermark has reached. */
    private void closeDue(
        final WindowSetState windows, final long watermarkMs, final long journalIndex, final AlertPublisher alerts)
    {
        while (windows.open() > 0 && windows.endMs(0) + allowedLatenessMs <= watermarkMs)
        {
            if (fire.firesOnClose())
            {
                final long endMs = windows.endMs(0);
                final Accumulators values = windows.accumulators.select(windows.slot(0));
                if (when.test(null, values) && !windows.isCoolingDown(endMs, cooldownMs))
                {
                    windows.onCloseAlert(endMs);
                    alerts.beginWindow(
                        ruleRef, windows.key(), 0, windows.keyBytes(), windows.startMs(0), endMs, journalIndex);
                    layout.putDetails(alerts, values);
                    alerts.detail(lengthName, lengthMs).publish();
                }
            }
            windows.closeFirst();
        }
    }

    /** Keeps a timer pending at or before the key's earliest close. */
    private void scheduleClose(final WindowSetState windows)
    {
        if (windows.open() > 0)
        {
            final long dueMs = windows.endMs(0) + allowedLatenessMs;
            if (dueMs < windows.timerDueMs)
            {
                windows.timerDueMs = dueMs;
                windows.timerAt(dueMs);
            }
        }
    }

    /** @return whether the alert was published (not suppressed by cooldown). */
    private boolean fireOnEvent(
        final WindowState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts,
        final AggregateValues values, final long windowStartMs, final long windowEndMs)
    {
        if (state.isCoolingDown(tx.tsMs(), cooldownMs))
        {
            return false;
        }
        publishOnEvent(state, tx, journalIndex, alerts, values, windowStartMs, windowEndMs);
        return true;
    }

    void publishOnEvent(
        final WindowState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts,
        final AggregateValues values, final long windowStartMs, final long windowEndMs)
    {
        state.onAlert(tx.tsMs());
        alerts.begin(ruleRef, tx, journalIndex);
        putEventDetails(state, alerts, values, windowStartMs, windowEndMs);
        alerts.publish();
    }

    void putEventDetails(
        final WindowState state, final AlertPublisher alerts, final AggregateValues values, final long windowStartMs,
        final long windowEndMs)
    {
        layout.putDetails(alerts, values);
        alerts.detail(lengthName, lengthMs);
        if (window.type() != WindowType.SLIDING)
        {
            alerts.detail("window_start_ms", windowStartMs).detail("window_end_ms", windowEndMs);
        }
        else
        {
            ((SlidingAggregateState)state).putWindowTxIds(alerts, MAX_LISTED_IDS);
        }
    }

    /** Most transaction ids a sliding-window alert lists. */
    public static final int MAX_LISTED_IDS = 32;

    WindowCounters countersFor(final Object shard)
    {
        return counters.of(shard);
    }

    /**
     * @return late events of this rule: not applied, written to the late output; summed over every shard that
     * has run this instance. Any thread; a snapshot that may lag the shard threads.
     */
    public long lateEvents()
    {
        return counters.total(shard -> shard.lateEvents);
    }

    /** @return events not added to a window because the key had {@value WindowSetState#MAX_OPEN_WINDOWS} open. */
    public long refusedWindows()
    {
        return counters.total(shard -> shard.refusedWindows);
    }

    /** @return distinct values not counted because their window's set held {@value DistinctSet#MAX_VALUES}. */
    public long refusedDistinctValues()
    {
        return counters.total(shard -> shard.refusedDistinctValues);
    }

    /** @return events a sliding window dropped while still needed because its key held the most it can. */
    public long droppedEvents()
    {
        return counters.total(shard -> shard.droppedEvents);
    }

    /** @return the windows. */
    public WindowSpec window()
    {
        return window;
    }

    /** @return the aggregates, by index. */
    public List<AggregateSpec> aggregates()
    {
        return aggregates;
    }

    /** @return when the rule fires. */
    public FireMode fireMode()
    {
        return fire;
    }

    /** @return cooldown, ms. */
    public long cooldownMs()
    {
        return cooldownMs;
    }

    /** @return allowed lateness, ms. */
    public long allowedLatenessMs()
    {
        return allowedLatenessMs;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder().append(ruleRef).append(": ").append(window).append(", ");
        for (final AggregateSpec aggregate : aggregates)
        {
            text.append(aggregate.text()).append(", ");
        }
        return text.append("fire ").append(fire).append(", cooldown ").append(cooldownMs)
            .append(" ms, allowed lateness ").append(allowedLatenessMs).append(" ms").toString();
    }
}
