package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A compiled {@code when}: a boolean expression over the rule's aggregates and, for rules that fire on an
 * event, the event itself. On window close there is no current event: {@code tx} is then null and a
 * condition that reads event fields is rejected by the compiler for on-close rules.
 */
@FunctionalInterface
public interface Condition
{
    /**
     * @param tx         the triggering event, or null when a window closes.
     * @param aggregates the aggregates' current values.
     * @return whether the rule fires.
     */
    boolean test(TransactionFlyweight tx, AggregateValues aggregates);
}
