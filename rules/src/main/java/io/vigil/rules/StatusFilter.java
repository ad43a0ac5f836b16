package io.vigil.rules;

import io.vigil.core.event.TransactionFlyweight;

/**
 * Which transactions a rule looks at by authorisation status. Events a rule's filter rejects are invisible
 * to that rule: they neither enter its windows nor trigger an evaluation.
 */
public enum StatusFilter
{
    /** Approved transactions only. */
    APPROVED_ONLY,
    /** Every transaction, approved or declined. */
    ANY;

    /**
     * @param tx the event.
     * @return whether the rule sees it.
     */
    public boolean accepts(final TransactionFlyweight tx)
    {
        return this == ANY || tx.isApproved();
    }
}
