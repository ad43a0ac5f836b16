package io.vigil.ops.sink;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.RuleRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts alerts per rule, for summaries and progress lines. Written by the collector thread, read by any.
 */
public final class AlertCounts implements AlertSink
{
    private final List<RuleRef> rules;
    private final AtomicLongArray counts;

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
        counts.lazySet(ordinal, counts.get(ordinal) + 1);
    }

    /** @return alerts per rule id, in rule order. */
    public Map<String, Long> perRule()
    {
        final Map<String, Long> result = new LinkedHashMap<>();
        for (final RuleRef rule : rules)
        {
            result.put(rule.id(), counts.get(rule.ordinal()));
        }
        return result;
    }

    /** @return alerts in all. */
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
