package io.vigil.rules;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;

/**
 * Event kinds as bits of a mask ({@code 1 << code}), for deciding which rules an event reaches.
 */
public final class EventKinds
{
    /** The mask of transactions alone: what every rule reads unless it asks for another kind. */
    public static final int TRANSACTIONS = 1 << TransactionDescriptor.KIND_TRANSACTION;

    private EventKinds()
    {
    }

    /**
     * @param tx an event.
     * @return its kind's bit; an unset kind (0, an event written before kinds existed) counts as a transaction.
     */
    public static int bit(final TransactionFlyweight tx)
    {
        final int kind = tx.kind();
        return kind == 0 ? TRANSACTIONS : 1 << (kind & 31);
    }
}
