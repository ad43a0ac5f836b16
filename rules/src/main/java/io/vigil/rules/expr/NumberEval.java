package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A compiled numeric sub-expression of a condition: it may read the event and the window's aggregates.
 */
@FunctionalInterface
interface NumberEval
{
    /**
     * @param tx         the event (null on window close, where the compiler allows no field reads).
     * @param aggregates the aggregates' values.
     * @return the value.
     */
    double value(TransactionFlyweight tx, AggregateValues aggregates);
}
