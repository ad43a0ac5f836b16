package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.RecentEvents;

/**
 * Early firing of tumbling, hopping and session windows under out-of-order events. A window fires early on the
 * event that first crosses its threshold <em>in reference order</em>; an out-of-order event can move that
 * crossing to another event, or create or remove one, and so change which events alert.
 * <p>
 * What it keeps, per key ({@link WindowSetState}): raw copies of the key's recent events ({@link RecentEvents}:
 * those a future event that is not late could still precede, time at or after the watermark minus the allowed
 * lateness) with whether each one's alert stands and which window gave its figures; per window, a
 * <em>frozen</em> accumulator slot holding the window's older events (folded in as their copies are dropped;
 * only for rules with MIN or MAX: other aggregates take the copies out of the window's own slot instead), and
 * the time and id hash of its crossing event. So a window's events in reference order are its frozen slot
 * followed by the copies in its time range, and its crossing can be found again by replaying the copies.
 * <p>
 * On an out-of-order event X: each window holding X whose crossing did not come before X is replayed from its
 * frozen slot, testing {@code when} from X on; then the key's copies from X on are re-evaluated in reference
 * order (an event alerts if it is the crossing of some window and the cooldown chain of the standing alerts
 * allows it; figures of the oldest such window), giving X's own alert, amended alerts and retractions, until
 * past X's windows with the cooldown chain as before.
 * <p>
 * Stateless; one instance per rule, any shard. Thread contract: the shard thread owning the state.
 */
final class EarlyRedo
{
    private final WindowRule rule;
    /** Whether a window's older events need a slot of their own: only MIN and MAX cannot take events out. */
    private final boolean keepsFrozen;

    EarlyRedo(final WindowRule rule)
    {
        this.rule = rule;
        boolean extremes = false;
        for (int a = 0; a < rule.layout.size(); a++)
        {
            extremes |= rule.layout.isExtreme(a);
        }
        this.keepsFrozen = extremes;
    }

    /**
     * Drops the copies of events no future event that is not late can precede, adding each to the frozen slot of
     * the open windows holding it.
     *
     * @param windows the key's state.
     * @param limitMs the lateness limit (watermark minus allowed lateness), epoch ms.
     */
    void evictAndFold(final WindowSetState windows, final long limitMs)
    {
        final RecentEvents recent = windows.recent();
        final AggregateLayout layout = rule.layout;
        while (!keepsFrozen && recent.size() > 0 && recent.tsMs(0) < limitMs)
        {
            recent.removeOldest();
        }
        while (recent.size() > 0 && recent.tsMs(0) < limitMs)
        {
            final long tsMs = recent.tsMs(0);
            final long bits = layout.capture(recent.event(0), windows.redoRow, 0);
            for (int w = windows.firstStartingAfter(tsMs) - 1; w >= 0 && windows.endMs(w) > tsMs; w--)
            {
                windows.accumulators.add(windows.frozenSlot(w), windows.redoRow, 0, bits);
            }
            recent.removeOldest();
        }
    }

    /**
     * Applies an event that comes before some held copy in reference order (its inputs are in the state's row)
     * and redoes what it changes.
     */
    void onOutOfOrderEvent(
        final WindowSetState windows, final TransactionFlyweight tx, final long bits, final long journalIndex,
        final AlertPublisher alerts)
    {
        final WindowSpec window = rule.window;
        final long tsMs = tx.tsMs();
        if (window.type() == WindowType.SESSION)
        {
            final int w = windows.sessionFor(tsMs, window.gapMs());
            if (w < 0)
            {
                windows.counters.refusedWindows++;
                return;
            }
            windows.counters.refusedDistinctValues += windows.accumulators.add(windows.slot(w), windows.row, 0, bits);
        }
        else
        {
            final long advanceMs = window.advanceMs();
            final long lastIndex = Math.floorDiv(tsMs, advanceMs);
            for (long k = lastIndex - window.windowsPerEvent() + 1; k <= lastIndex; k++)
            {
                final int w = windows.windowAt(k * advanceMs, k * advanceMs + window.sizeMs());
                if (w < 0)
                {
                    windows.counters.refusedWindows++;
                    continue;
                }
                windows.counters.refusedDistinctValues +=
                    windows.accumulators.add(windows.slot(w), windows.row, 0, bits);
            }
        }
        final RecentEvents recent = windows.recent();
        final int at = recent.insert(recent.insertionIndex(tx), tx, false);
        if (at < 0)
        {
            return;
        }
        long reachMs = tsMs;
        for (int w = windows.firstStartingAfter(tsMs) - 1; w >= 0 && windows.endMs(w) > tsMs; w--)
        {
            reachMs = Math.max(reachMs, windows.endMs(w));
            findCrossing(windows, w, at, tsMs);
        }
        redoAlerts(windows, at, reachMs, tx, journalIndex, alerts);
    }

    /** Finds again the event that first crosses window {@code w}, unless it comes before the new event. */
    private void findCrossing(final WindowSetState windows, final int w, final int at, final long tsMs)
    {
        final RecentEvents recent = windows.recent();
        if (windows.hasFiredEarly(w))
        {
            final long crossTsMs = windows.crossTsMs(w);
            if (crossTsMs < tsMs)
            {
                return;
            }
            if (crossTsMs == tsMs)
            {
                final int crossing = recent.indexOf(crossTsMs, windows.crossIdHash(w));
                if (crossing >= 0 && crossing < at)
                {
                    return;
                }
            }
        }
        final Accumulators accumulators = windows.accumulators;
        final int scratch = scratchOf(windows, w);
        final long endMs = windows.endMs(w);
        for (int i = recent.firstAtOrAfter(windows.startMs(w)); i < recent.size() && recent.tsMs(i) < endMs; i++)
        {
            final TransactionFlyweight event = recent.event(i);
            accumulators.add(scratch, windows.redoRow, 0, rule.layout.capture(event, windows.redoRow, 0));
            if (i >= at && rule.when.test(event, accumulators.select(scratch)))
            {
                windows.setCrossing(w, true, recent.tsMs(i), event.idHash());
                return;
            }
        }
        windows.setCrossing(w, false, 0, 0);
    }

    /**
     * Re-evaluates the copies from {@code at} (the new event) on: publishes the new event's alert, amended alerts
     * and retractions, and leaves the newest standing alert in the state.
     */
    private void redoAlerts(
        final WindowSetState windows, final int at, final long reachMs, final TransactionFlyweight cause,
        final long journalIndex, final AlertPublisher alerts)
    {
        final RecentEvents recent = windows.recent();
        long oldLast = recent.lastAlertBefore(at);
        long newLast = oldLast;
        for (int j = at; j < recent.size(); j++)
        {
            final long tsMs = recent.tsMs(j);
            final boolean inReach = tsMs < reachMs;
            if (j > at && !inReach && oldLast == newLast)
            {
                break;
            }
            final boolean wasAlerted = recent.isAlerted(j);
            final long idHash = recent.event(j).idHash();
            int figures = -1;
            for (int w = 0; w < windows.open() && windows.startMs(w) <= tsMs; w++)
            {
                if (windows.endMs(w) > tsMs && windows.crossedAt(w, tsMs, idHash))
                {
                    figures = w;
                    break;
                }
            }
            final boolean fires = figures >= 0 && !rule.isCoolingDown(newLast, tsMs);
            final long tag = fires ? windows.startMs(figures) : 0;
            if (fires && (j == at || !wasAlerted || inReach || tag != recent.tag(j)))
            {
                publish(windows, figures, j, journalIndex, alerts, cause, j == at, wasAlerted);
            }
            else if (!fires && wasAlerted)
            {
                alerts.retract(rule.ruleRef, recent.event(j), journalIndex, cause,
                    figures >= 0 ? WindowRule.REASON_COOLDOWN : WindowRule.REASON_NOT_MET).publish();
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
            recent.setTag(j, tag);
        }
        final long lastMs = Math.max(recent.lastAlertBefore(recent.size()), windows.lastCloseAlertMs());
        windows.restoreLastAlert(lastMs != Long.MIN_VALUE, lastMs);
    }

    /** Publishes event {@code j}'s early alert with the figures of window {@code w} up to it. */
    private void publish(
        final WindowSetState windows, final int w, final int j, final long journalIndex, final AlertPublisher alerts,
        final TransactionFlyweight cause, final boolean isCause, final boolean replaces)
    {
        final RecentEvents recent = windows.recent();
        final Accumulators accumulators = windows.accumulators;
        final int scratch = scratchOf(windows, w);
        for (int i = recent.firstAtOrAfter(windows.startMs(w)); i <= j; i++)
        {
            accumulators.add(scratch, windows.redoRow, 0, rule.layout.capture(recent.event(i), windows.redoRow, 0));
        }
        final long tsMs = recent.tsMs(j);
        final long endMs = rule.window.type() == WindowType.SESSION ? tsMs + rule.window.gapMs() : windows.endMs(w);
        if (isCause)
        {
            alerts.begin(rule.ruleRef, cause, journalIndex);
        }
        else
        {
            alerts.beginAmended(rule.ruleRef, recent.event(j), journalIndex, cause, replaces);
        }
        rule.putEventDetails(windows, alerts, accumulators.select(scratch), windows.startMs(w), endMs);
        alerts.publish();
    }

    /**
     * @return the scratch slot holding window {@code w}'s events that come before every held copy: its frozen
     * slot, or (without MIN and MAX, which keep no frozen slot) its aggregates minus the held copies in its range.
     */
    private int scratchOf(final WindowSetState windows, final int w)
    {
        final Accumulators accumulators = windows.accumulators;
        final int scratch = windows.scratchSlot();
        accumulators.clear(scratch);
        if (keepsFrozen)
        {
            if (windows.hasFrozen(w))
            {
                accumulators.merge(scratch, windows.frozenSlot(w));
            }
            return scratch;
        }
        accumulators.merge(scratch, windows.slot(w));
        final RecentEvents recent = windows.recent();
        final long endMs = windows.endMs(w);
        for (int i = recent.firstAtOrAfter(windows.startMs(w)); i < recent.size() && recent.tsMs(i) < endMs; i++)
        {
            accumulators.remove(scratch, windows.redoRow, 0, rule.layout.capture(recent.event(i), windows.redoRow, 0));
        }
        return scratch;
    }
}
