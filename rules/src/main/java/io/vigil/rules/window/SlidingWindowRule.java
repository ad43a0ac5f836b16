package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.AmountThreshold;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleState;
import io.vigil.rules.StatusFilter;

import java.util.Objects;

/**
 * A per-event sliding window over one key: for an accepted event {@code e} at time {@code t}, the window holds
 * the key's accepted events with time in {@code (t − windowSize, t]} that come no later than {@code e} in
 * reference order (event time, then transaction id byte-wise); an event exactly {@code windowSize} old is out.
 * The rule fires on {@code e} when the window's aggregate reaches the threshold and the key is not cooling
 * down (see {@link RuleState}). Events the {@link StatusFilter} rejects are invisible to the rule.
 * <p>
 * Alert details: for {@link Aggregate#COUNT} {@code count}, {@code window_ms}, {@code tx_ids} (the window's
 * ids, oldest first, at most {@link #MAX_LISTED_IDS}) and {@code tx_ids_omitted}; for {@link Aggregate#SUM}
 * {@code sum} (a decimal string), {@code count} (events summed), {@code currency} and {@code window_ms}.
 * <p>
 * Ordering: an in-order event is appended and evaluated in O(1) amortised. An event that comes before the
 * key's newest in reference order is inserted in its place and evaluated only against the events that
 * precede it; the later evaluations it changes are not redone (this Java-built rule of the Java default pack
 * keeps arrival-order semantics; the rule language's sliding {@link WindowRule} amends and retracts), and its
 * window is complete only if it lags the newest by no more than the program's out-of-order retention.
 * <p>
 * Immutable; one instance serves every shard.
 */
public final class SlidingWindowRule implements CompiledRule
{
    /** Most transaction ids a COUNT alert lists. */
    public static final int MAX_LISTED_IDS = 32;

    private final RuleRef ruleRef;
    private final StatusFilter filter;
    private final long windowSizeMs;
    private final Aggregate aggregate;
    private final long minCount;
    private final AmountThreshold minSum;
    private final long cooldownMs;

    /**
     * @param ruleRef      the rule's identity; its key type is the window's key.
     * @param filter       which events the rule sees.
     * @param windowSizeMs window length, ms, > 0.
     * @param aggregate    what to compute.
     * @param threshold    fires when the aggregate is at least this: for COUNT a whole number >= 1, for SUM a
     *                     decimal in major units of the event's currency such as {@code "3000.00"}.
     * @param cooldownMs   suppression after an alert, ms, >= 0.
     */
    public SlidingWindowRule(
        final RuleRef ruleRef,
        final StatusFilter filter,
        final long windowSizeMs,
        final Aggregate aggregate,
        final String threshold,
        final long cooldownMs)
    {
        this.ruleRef = Objects.requireNonNull(ruleRef, "ruleRef");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(threshold, "threshold");
        if (windowSizeMs <= 0)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": window: expected > 0 ms, found " + windowSizeMs);
        }
        if (cooldownMs < 0)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": cooldown: expected >= 0 ms, found " + cooldownMs);
        }
        this.windowSizeMs = windowSizeMs;
        this.cooldownMs = cooldownMs;
        if (aggregate == Aggregate.COUNT)
        {
            this.minCount = parseCount(ruleRef, threshold);
            this.minSum = null;
        }
        else
        {
            this.minCount = 0;
            this.minSum = AmountThreshold.of(threshold);
        }
    }

    @Override
    public RuleRef ruleRef()
    {
        return ruleRef;
    }

    @Override
    public long horizonMs()
    {
        return Math.max(windowSizeMs, cooldownMs);
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return new SlidingWindowState(windowSizeMs, outOfOrderRetentionMs, aggregate == Aggregate.SUM);
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        if (!filter.accepts(tx))
        {
            return;
        }
        final SlidingWindowState window = (SlidingWindowState)state;
        final EventRing ring = window.ring();
        final long tsMs = tx.tsMs();
        final int from;
        final int to;
        long sumMinor = 0;
        int sumCount = 0;
        if (ring.isInOrder(tx))
        {
            window.append(tx);
            from = window.activeFrom();
            to = ring.size();
            sumMinor = window.runSumMinor();
            sumCount = window.runCount();
        }
        else
        {
            final int index = window.insertOutOfOrder(tx);
            from = ring.firstAfter(tsMs - windowSizeMs);
            to = index + 1;
            if (aggregate == Aggregate.SUM)
            {
                final int currencyCode = tx.currencyCode();
                for (int i = from; i < to; i++)
                {
                    if (ring.currencyCode(i) == currencyCode)
                    {
                        sumMinor += ring.amountMinor(i);
                        sumCount++;
                    }
                }
            }
        }

        final boolean reached = aggregate == Aggregate.COUNT ?
            to - from >= minCount : sumMinor >= minSum.minor(tx.currencyExponent());
        if (reached && !window.isCoolingDown(tsMs, cooldownMs))
        {
            window.onAlert(tsMs);
            publish(tx, journalIndex, alerts, ring, from, to, sumMinor, sumCount);
        }
    }

    /** @return window length, ms. */
    public long windowSizeMs()
    {
        return windowSizeMs;
    }

    /** @return cooldown, ms. */
    public long cooldownMs()
    {
        return cooldownMs;
    }

    /** @return the aggregate. */
    public Aggregate aggregate()
    {
        return aggregate;
    }

    /** @return the status filter. */
    public StatusFilter filter()
    {
        return filter;
    }

    @Override
    public String toString()
    {
        return ruleRef + ": " + aggregate + " of " + filter + " in " + windowSizeMs + " ms >= " +
            (aggregate == Aggregate.COUNT ? Long.toString(minCount) : minSum.toString()) +
            ", cooldown " + cooldownMs + " ms";
    }

    private void publish(
        final TransactionFlyweight tx,
        final long journalIndex,
        final AlertPublisher alerts,
        final EventRing ring,
        final int from,
        final int to,
        final long sumMinor,
        final int sumCount)
    {
        alerts.begin(ruleRef, tx, journalIndex);
        if (aggregate == Aggregate.COUNT)
        {
            alerts.detail("count", to - from).detail("window_ms", windowSizeMs);
            ring.putIds(alerts, "tx_ids", "tx_ids_omitted", from, to, MAX_LISTED_IDS);
        }
        else
        {
            alerts.detailAmount("sum", sumMinor, tx.currencyExponent())
                .detail("count", sumCount)
                .detailText("currency", tx.buffer(), tx.offset() + TransactionDescriptor.CURRENCY_OFFSET, 3)
                .detail("window_ms", windowSizeMs);
        }
        alerts.publish();
    }

    private static long parseCount(final RuleRef ruleRef, final String threshold)
    {
        final long count;
        try
        {
            count = Long.parseLong(threshold);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(
                ruleRef.id() + ": threshold: expected a whole number of events, found '" + threshold + "'", ex);
        }
        if (count < 1)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": threshold: expected >= 1, found " + count);
        }
        return count;
    }
}
