package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A compiled numeric expression over one event, e.g. {@code amount} (in major units of its currency) or
 * {@code amount * 2}: the argument of {@code sum}, {@code min}, {@code max}, {@code avg}. Allocation free.
 */
@FunctionalInterface
public interface TxNumber
{
    /**
     * @param tx the event.
     * @return the value.
     */
    double value(TransactionFlyweight tx);
}
