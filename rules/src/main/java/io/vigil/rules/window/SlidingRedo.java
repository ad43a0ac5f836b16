package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.RecentEvents;
import io.vigil.rules.expr.AggregateValues;

/**
 * Sliding windows under out-of-order events: an event that comes before the key's newest in reference order is
 * inserted in its place ({@link SlidingAggregateState#insertOutOfOrder}) and evaluated against what precedes it;
 * then the key's later events are evaluated again in reference order from their raw copies
 * ({@link RecentEvents}): those whose window now holds the new event (their own fields read by {@code when}
 * again), then later ones while the cooldown chain of standing alerts differs from before. Each is compared
 * with whether its alert stood, giving amended alerts and retractions.
 * <p>
 * Stateless; one instance per rule, any shard. Thread contract: the shard thread owning the state.
 */
final class SlidingRedo
{
    private final WindowRule rule;

    SlidingRedo(final WindowRule rule)
    {
        this.rule = rule;
    }

    /**
     * Applies an event that comes before the key's newest in reference order (its inputs are in the state's row)
     * and redoes what it changes.
     */
    void onOutOfOrderEvent(
        final SlidingAggregateState events, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        final RecentEvents recent = events.recent();
        final AggregateValues values = events.insertOutOfOrder(tx, bits);
        final int at = recent.insertionIndex(tx);
        final long lastBeforeMs = recent.lastAlertBefore(at);
        final long tsMs = tx.tsMs();
        final boolean fired = rule.when.test(tx, values) && !rule.isCoolingDown(lastBeforeMs, tsMs);
        if (fired)
        {
            rule.publishOnEvent(events, tx, journalIndex, alerts, values, 0, 0);
        }
        final int placed = recent.insert(at, tx, fired);
        redoLater(events, recent, placed, tx, lastBeforeMs, fired ? tsMs : lastBeforeMs, journalIndex, alerts);
    }

    /**
     * Redoes, in reference order, the evaluations of the key's held events after the out-of-order event
     * {@code cause} (at {@code at}): those whose window now holds it, and further ones while the cooldown chain
     * differs from before. Publishes an amended alert for an event that now fires (also when it fired before,
     * as its window's figures changed) and a retraction for one that no longer does.
     */
    private void redoLater(
        final SlidingAggregateState events, final RecentEvents recent, final int at, final TransactionFlyweight cause,
        final long oldLastMs, final long newLastMs, final long journalIndex, final AlertPublisher alerts)
    {
        final long reachMs = cause.tsMs() + rule.window.sizeMs();
        long oldLast = oldLastMs;
        long newLast = newLastMs;
        for (int j = at + 1; j < recent.size(); j++)
        {
            final long tsMs = recent.tsMs(j);
            final boolean inReach = tsMs < reachMs;
            if (!inReach && oldLast == newLast)
            {
                break;
            }
            final boolean wasAlerted = recent.isAlerted(j);
            final TransactionFlyweight tx = recent.event(j);
            final AggregateValues values = events.windowOf(tx);
            if (values == null)
            {
                continue;
            }
            final boolean condition = rule.when.test(tx, values);
            final boolean fires = condition && !rule.isCoolingDown(newLast, tsMs);
            if (fires && (!wasAlerted || inReach))
            {
                alerts.beginAmended(rule.ruleRef, tx, journalIndex, cause, wasAlerted);
                rule.putEventDetails(events, alerts, values, 0, 0);
                alerts.publish();
            }
            else if (!fires && wasAlerted)
            {
                alerts.retract(rule.ruleRef, tx, journalIndex, cause,
                    condition ? WindowRule.REASON_COOLDOWN : WindowRule.REASON_NOT_MET).publish();
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
        events.restoreLastAlert(lastMs != Long.MIN_VALUE, lastMs);
    }
}
