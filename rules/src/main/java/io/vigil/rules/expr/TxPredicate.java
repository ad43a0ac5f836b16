package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A compiled boolean expression over one event: a rule's {@code filter}, a sequence step's filter, the
 * predicate of {@code count(pred)} or {@code ratio(pred)}. Immutable, allocation free, shared by shards.
 */
@FunctionalInterface
public interface TxPredicate
{
    /** Accepts every event. */
    TxPredicate ALWAYS = tx -> true;

    /**
     * @param tx the event.
     * @return whether it matches.
     */
    boolean test(TransactionFlyweight tx);
}
