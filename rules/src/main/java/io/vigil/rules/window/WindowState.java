package io.vigil.rules.window;

import io.vigil.rules.RuleState;
import org.agrona.DirectBuffer;

/**
 * What every {@link WindowRule} state has: the rule's aggregate layout, the accumulators of its windows, a
 * scratch row for the current event's inputs, and the rule's counters on this state's shard. Gives the rule
 * the shard clock, the key and timers, which {@link RuleState} keeps to its subclasses.
 * <p>
 * Thread contract: owned by one shard thread.
 */
abstract class WindowState extends RuleState
{
    final AggregateLayout layout;
    final Accumulators accumulators;
    final long[] row;
    /** Inputs of an event being redone (out-of-order path), so {@link #row} keeps the current event's. */
    final long[] redoRow;
    final long outOfOrderRetentionMs;
    WindowCounters counters;
    private WindowRule countingFor;
    private Object countingOn;

    WindowState(final AggregateLayout layout, final long outOfOrderRetentionMs)
    {
        this.layout = layout;
        this.accumulators = new Accumulators(layout);
        this.row = new long[layout.width()];
        this.redoRow = new long[layout.width()];
        this.outOfOrderRetentionMs = outOfOrderRetentionMs;
    }

    /**
     * @return the rule's counters on this shard, bound on first use and again when the state has moved to
     * another program or rule instance (a rule-set change that kept the rule's state).
     */
    final WindowCounters counters(final WindowRule rule)
    {
        if (rule != countingFor || clock() != countingOn)
        {
            counters = rule.countersFor(clock());
            countingFor = rule;
            countingOn = clock();
        }
        return counters;
    }

    /** @return the shard's watermark, epoch ms, {@code Long.MIN_VALUE} before any. */
    final long watermarkMs()
    {
        return clock().watermarkMs();
    }

    /**
     * @return the watermark the program will have once it is done with the event being processed: the
     * shard's highest event time (which already counts that event) minus the out-of-order bound.
     */
    final long upcomingWatermarkMs()
    {
        return Math.max(clock().watermarkMs(), clock().maxEventTimeMs() - outOfOrderRetentionMs);
    }

    final DirectBuffer key()
    {
        return keyBuffer();
    }

    final int keyBytes()
    {
        return keyLength();
    }

    final void timerAt(final long dueMs)
    {
        scheduleTimer(dueMs);
    }
}
