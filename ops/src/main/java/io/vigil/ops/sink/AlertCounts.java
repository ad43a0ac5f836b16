package io.vigil.ops.sink;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.RuleRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts alerts per rule, for summaries and progress lines: the alerts that stand, i.e. new alerts plus amended
 * alerts that add one, minus retractions ({@link AlertView#standingDelta()}); amended and retraction records are
 * also counted apart. Written by the collector thread, read by any.
 */
public final class AlertCounts implements AlertSink
{
    private final List<RuleRef> rules;
    private final AtomicLongArray counts;
    private final AtomicLongArray changes = new AtomicLongArray(2);

    /**
     * @param rules the running rule set, indexed by ordinal.
     */
    public AlertCounts(final List<RuleRef> rules)
    {
        this.rules = List.copyOf(rules);
        this.counts = new AtomicLongArray(rules.size());
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        final int ordinal = alert.ruleOrdinal();
        counts.lazySet(ordinal, counts.get(ordinal) + alert.standingDelta());
        if (alert.isAmended())
        {
            changes.lazySet(0, changes.get(0) + 1);
        }
        else if (alert.isRetraction())
        {
            changes.lazySet(1, changes.get(1) + 1);
        }
    }

    /** @return amended alert records seen (an out-of-order event changed a later event's evaluation). */
    public long amended()
    {
        return changes.get(0);
    }

    /** @return retraction records seen. */
    public long retracted()
    {
        return changes.get(1);
    }

    /** @return alerts that stand per rule id, in rule order. */
    public Map<String, Long> perRule()
    {
        final Map<String, Long> result = new LinkedHashMap<>();
        for (final RuleRef rule : rules)
        {
            result.put(rule.id(), counts.get(rule.ordinal()));
        }
        return result;
    }

    /** @return alerts that stand, in all. */
    public long total()
    {
        long total = 0;
        for (int i = 0; i < counts.length(); i++)
        {
            total += counts.get(i);
        }
        return total;
    }
}
