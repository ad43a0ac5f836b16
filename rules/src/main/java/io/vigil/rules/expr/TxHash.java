package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A 64-bit identity of one field of an event, for {@code distinct(field)}: equal values give equal hashes,
 * an absent value gives 0 (not counted). Allocation free.
 */
@FunctionalInterface
public interface TxHash
{
    /**
     * @param tx the event.
     * @return the field's hash, 0 when absent.
     */
    long hash(TransactionFlyweight tx);
}
