package io.vigil.rules.pattern;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RecentEvents;
import io.vigil.rules.RuleState;
import io.vigil.rules.expr.TxPredicate;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A sequence of N >= 2 steps per key, matched in reference order with other events allowed between
 * (skip-till-any-match), the whole match within {@code within}: it fires on the event that completes the last
 * step, at most once per event. Semantics, repeats ({@code 3} and {@code 3+}), alert details and lateness are
 * in the {@linkplain io.vigil.rules.pattern package documentation}.
 * <p>
 * How a match is found: every event passing the rule's filter has each step's filter evaluated once; one that
 * matches some step is kept in the key's ring of recent events with the mask of the steps it matched. On an
 * event {@code e} at {@code t} that matches the last step (and the key is not cooling down), a greedy scan
 * walks the retained events from {@code e} backwards, step by step from the last, taking for each step the
 * latest events that match it: that gives the latest possible start, so a match exists iff the scan completes
 * before it reaches an event with time {@code <= t − within}. Steps written {@code N+} are then widened to every
 * matching event between the previous step's match and the next step's. Cost: O(events retained in
 * {@code within}) per event matching the last step, O(steps) per other event.
 * <p>
 * Out-of-order events: an event that comes before a held last-step event in reference order is inserted in its
 * place, evaluated, and the later last-step events are redone (amended alerts, retractions; see the
 * {@linkplain io.vigil.rules.pattern package documentation}). The state then also holds raw copies of the key's
 * last-step events at or after the watermark ({@link RecentEvents}, 417 bytes each: event, enrichment block and 17 of bookkeeping; with no out-of-order
 * bound, only those at the newest event time).
 * <p>
 * Memory per key (JDK 17, compressed oops), from the object layout and checked by measurement: the state with
 * its empty ring and match bounds, about 140 bytes (+ 12 per step beyond two); once an event matched a step,
 * {@code 80 + 60·c} bytes more, {@code c} the ring's capacity: a power of two, at least 4 and at least the
 * events retained (those matching some step with time after the watermark minus {@code within}), so up to
 * twice 60 bytes per retained event. Measured: 200,000 cards in one
 * {@link io.vigil.rules.RuleProgram} with only this rule (card-testing shape), heap used after
 * {@code System.gc()} before and after, divided by the cards (±50 bytes between runs): 260 bytes for the
 * program's part of a key (map slot, key state, key bytes) with a rule whose state is empty, 290–360 with this
 * rule and no event matching a step, 630 with 1 to 4 probes retained, 2,310 with 20 or 32.
 * <p>
 * Immutable; one instance serves every shard.
 */
public final class StepSequenceRule implements CompiledRule
{
    /** Most steps: masks are ints, and the alert (up to 32 ids a step) must fit an alert record. */
    public static final int MAX_STEPS = 8;

    /** Most transaction ids an alert lists per step. */
    public static final int MAX_LISTED_IDS = 32;

    private final RuleRef ruleRef;
    private final TxPredicate filter;
    private final List<SequenceStep> steps;
    private final TxPredicate[] stepFilters;
    private final int[] minTimes;
    private final boolean[] orMore;
    private final String[] countNames;
    private final String[] idsNames;
    private final String[] omittedNames;
    private final String lastAmountName;
    private final int lastStepBit;
    private final long withinMs;
    private final long cooldownMs;

    /**
     * @param ref        the rule's identity; its key type is the pattern's key.
     * @param filter     which events the rule sees at all.
     * @param steps      the steps, in order; 2 to {@link #MAX_STEPS}, distinct names.
     * @param withinMs   the time bound, ms, > 0: every matched event's time is in {@code (t − within, t]}.
     * @param cooldownMs suppression after an alert, ms, >= 0.
     */
    public StepSequenceRule(
        final RuleRef ref,
        final TxPredicate filter,
        final List<SequenceStep> steps,
        final long withinMs,
        final long cooldownMs)
    {
        this.ruleRef = Objects.requireNonNull(ref, "ref");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        final int n = this.steps.size();
        if (n < 2 || n > MAX_STEPS)
        {
            throw new IllegalArgumentException(
                ref.id() + ": sequence: expected 2 to " + MAX_STEPS + " steps, found " + n);
        }
        if (withinMs <= 0)
        {
            throw new IllegalArgumentException(ref.id() + ": within: expected > 0 ms, found " + withinMs);
        }
        if (cooldownMs < 0)
        {
            throw new IllegalArgumentException(ref.id() + ": cooldown: expected >= 0 ms, found " + cooldownMs);
        }
        this.withinMs = withinMs;
        this.cooldownMs = cooldownMs;
        stepFilters = new TxPredicate[n];
        minTimes = new int[n];
        orMore = new boolean[n];
        countNames = new String[n];
        idsNames = new String[n];
        omittedNames = new String[n];
        final Set<String> names = new HashSet<>();
        for (int s = 0; s < n; s++)
        {
            final SequenceStep step = this.steps.get(s);
            if (!names.add(step.name()))
            {
                throw new IllegalArgumentException(ref.id() + ": step name '" + step.name() + "' used twice");
            }
            stepFilters[s] = step.filter();
            minTimes[s] = step.minTimes();
            orMore[s] = step.orMore();
            countNames[s] = step.name() + "_count";
            idsNames[s] = step.name() + "_tx_ids";
            omittedNames[s] = step.name() + "_tx_ids_omitted";
        }
        lastAmountName = this.steps.get(n - 1).name() + "_amount";
        lastStepBit = 1 << (n - 1);
    }

    @Override
    public RuleRef ruleRef()
    {
        return ruleRef;
    }

    @Override
    public long horizonMs()
    {
        return Math.max(withinMs, cooldownMs);
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return new StepSequenceState(stepFilters.length);
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        if (!filter.test(tx))
        {
            return;
        }
        int stepMask = 0;
        for (int s = 0; s < stepFilters.length; s++)
        {
            if (stepFilters[s].test(tx))
            {
                stepMask |= 1 << s;
            }
        }
        if (stepMask == 0)
        {
            return;
        }
        final StepSequenceState sequence = (StepSequenceState)state;
        final long tsMs = tx.tsMs();
        final long watermarkMs = sequence.watermarkMs();
        if (tsMs < watermarkMs)
        {
            sequence.onLate();
            alerts.late(ruleRef, tx, journalIndex, watermarkMs).publish();
            return;
        }
        sequence.evict(watermarkMs, withinMs);
        final PatternEventRing events = sequence.events();
        if (events.isAtMaxCapacity())
        {
            events.removeOldest();
        }
        final int index = events.insertionIndex(tx);
        events.insert(index, tx, stepMask);

        final RecentEvents recent = sequence.recent();
        final boolean last = (stepMask & lastStepBit) != 0;
        if (recent.isAfterAll(tx))
        {
            if (last)
            {
                final boolean fired = !sequence.isCoolingDown(tsMs, cooldownMs) &&
                    match(events, index, tsMs, sequence.bounds());
                if (fired)
                {
                    sequence.onAlert(tsMs);
                    publish(tx, journalIndex, alerts, events, sequence.bounds(), null, false);
                }
                recent.insert(recent.size(), tx, fired);
            }
            return;
        }
        final int at = recent.insertionIndex(tx);
        final long lastBeforeMs = recent.lastAlertBefore(at);
        long newLastMs = lastBeforeMs;
        int redoFrom = at;
        if (last)
        {
            final boolean fired = !isCoolingDown(lastBeforeMs, tsMs) && match(events, index, tsMs, sequence.bounds());
            if (fired)
            {
                publish(tx, journalIndex, alerts, events, sequence.bounds(), null, false);
                newLastMs = tsMs;
            }
            redoFrom = recent.insert(at, tx, fired) + 1;
        }
        redoLater(sequence, redoFrom, tx, lastBeforeMs, newLastMs, journalIndex, alerts);
    }

    /**
     * Redoes, in reference order, the evaluations of the key's held last-step events from {@code from} on, after
     * the out-of-order event {@code cause}: those whose time bound holds it, and further ones while the cooldown
     * chain differs from before. An event that now fires gets an amended alert (also when it fired before, as
     * its match may have changed), one that no longer does a retraction.
     */
    private void redoLater(
        final StepSequenceState sequence, final int from, final TransactionFlyweight cause, final long oldLastMs,
        final long newLastMs, final long journalIndex, final AlertPublisher alerts)
    {
        final RecentEvents recent = sequence.recent();
        final PatternEventRing events = sequence.events();
        final int[] bounds = sequence.bounds();
        final long reachMs = cause.tsMs() + withinMs;
        long oldLast = oldLastMs;
        long newLast = newLastMs;
        for (int j = from; j < recent.size(); j++)
        {
            final long tsMs = recent.tsMs(j);
            final boolean inReach = tsMs < reachMs;
            if (!inReach && oldLast == newLast)
            {
                break;
            }
            final boolean wasAlerted = recent.isAlerted(j);
            final TransactionFlyweight tx = recent.event(j);
            final int index = events.insertionIndex(tx) - 1;
            final boolean matches = index >= 0 && events.compare(tx, index) == 0 && match(events, index, tsMs, bounds);
            final boolean fires = matches && !isCoolingDown(newLast, tsMs);
            if (fires && (!wasAlerted || inReach))
            {
                publish(tx, journalIndex, alerts, events, bounds, cause, wasAlerted);
            }
            else if (!fires && wasAlerted)
            {
                alerts.retract(ruleRef, tx, journalIndex, cause, matches ? REASON_COOLDOWN : REASON_NO_MATCH).publish();
            }
            if (wasAlerted)
            {
                oldLast = tsMs;
            }
            if (fires)
            {
                newLast = tsMs;
            }
            recent.setAlerted(j, fires);
        }
        final long lastMs = recent.lastAlertBefore(recent.size());
        sequence.restoreLastAlert(lastMs != Long.MIN_VALUE, lastMs);
    }

    /** {@code reason} of a retraction: no match ends at the event any more. */
    public static final String REASON_NO_MATCH = "no-match";

    /** {@code reason} of a retraction: a match ends at the event but an earlier standing alert's cooldown covers it. */
    public static final String REASON_COOLDOWN = "cooldown";

    private boolean isCoolingDown(final long lastAlertMs, final long tsMs)
    {
        return lastAlertMs != Long.MIN_VALUE && cooldownMs > 0 && tsMs - lastAlertMs < cooldownMs;
    }

    /** @return the steps, in order. */
    public List<SequenceStep> steps()
    {
        return steps;
    }

    /** @return the time bound, ms. */
    public long withinMs()
    {
        return withinMs;
    }

    /** @return cooldown, ms. */
    public long cooldownMs()
    {
        return cooldownMs;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(ruleRef.toString()).append(": sequence");
        for (final SequenceStep step : steps)
        {
            text.append(' ').append(step.name()).append(" x").append(step.timesText());
        }
        return text.append(" within ").append(withinMs).append(" ms, cooldown ").append(cooldownMs).append(" ms")
            .toString();
    }

    /**
     * Looks for a match that ends with the event at {@code last}; on success leaves, for each step {@code s},
     * its first and last index in {@code bounds[3s]}, {@code bounds[3s + 1]} and its event count in
     * {@code bounds[3s + 2]}: the step's events are those in that index range whose mask has bit {@code s}.
     */
    private boolean match(final PatternEventRing events, final int last, final long tsMs, final int[] bounds)
    {
        final long startAfterMs = tsMs - withinMs;
        final int n = minTimes.length;
        int i = last;
        for (int s = n - 1; s >= 0; s--)
        {
            final int bit = 1 << s;
            int needed = minTimes[s];
            while (true)
            {
                if (i < 0 || events.tsMs(i) <= startAfterMs)
                {
                    return false;
                }
                if ((events.stepMask(i) & bit) != 0)
                {
                    if (needed == minTimes[s])
                    {
                        bounds[3 * s + 1] = i;
                    }
                    bounds[3 * s] = i;
                    if (--needed == 0)
                    {
                        break;
                    }
                }
                i--;
            }
            i--;
        }

        for (int s = 0; s < n; s++)
        {
            int count = minTimes[s];
            if (orMore[s])
            {
                // widen to every matching event after the previous step's last (or the window's start)
                final int bit = 1 << s;
                final int from = s == 0 ? events.firstAfter(startAfterMs) : bounds[3 * (s - 1) + 1] + 1;
                for (int j = bounds[3 * s] - 1; j >= from; j--)
                {
                    if ((events.stepMask(j) & bit) != 0)
                    {
                        bounds[3 * s] = j;
                        count++;
                    }
                }
            }
            bounds[3 * s + 2] = count;
        }
        return true;
    }

    private void publish(
        final TransactionFlyweight tx,
        final long journalIndex,
        final AlertPublisher alerts,
        final PatternEventRing events,
        final int[] bounds,
        final TransactionFlyweight cause,
        final boolean replaces)
    {
        if (cause == null)
        {
            alerts.begin(ruleRef, tx, journalIndex);
        }
        else
        {
            alerts.beginAmended(ruleRef, tx, journalIndex, cause, replaces);
        }
        for (int s = 0; s < minTimes.length; s++)
        {
            final int count = bounds[3 * s + 2];
            alerts.detail(countNames[s], count);
            events.putIds(alerts, idsNames[s], omittedNames[s], bounds[3 * s], bounds[3 * s + 1] + 1, 1 << s, count,
                MAX_LISTED_IDS);
        }
        alerts.detailAmount(lastAmountName, tx.amountMinor(), tx.currencyExponent()).publish();
    }
}
