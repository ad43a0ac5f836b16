package io.vigil.rules.lang;

import io.vigil.core.event.EventKind;
import io.vigil.rules.expr.TxPredicate;

import java.util.Objects;

/**
 * A compiled absence: an event matching {@code first} not followed by one matching {@code then} within
 * {@code withinMs}; fires when the watermark passes first's time + within.
 *
 * @param firstName the first step's name.
 * @param first     which events start the wait.
 * @param thenName  the second step's name.
 * @param then      which events end it (and so prevent the alert).
 * @param withinMs  how long to wait.
 * @param firstEvent the kind of event that starts the wait ({@code event:} on the step; transactions by default).
 * @param thenEvent  the kind of event that ends it.
 */
public record CompiledAbsence(String firstName, TxPredicate first, String thenName, TxPredicate then, long withinMs,
    EventKind firstEvent, EventKind thenEvent)
    implements CompiledPattern
{
    /**
     * An absence over transactions alone.
     */
    public CompiledAbsence(final String firstName, final TxPredicate first, final String thenName,
        final TxPredicate then, final long withinMs)
    {
        this(firstName, first, thenName, then, withinMs, EventKind.TRANSACTION, EventKind.TRANSACTION);
    }

    /**
     * Checks the parts.
     */
    public CompiledAbsence
    {
        Objects.requireNonNull(firstEvent, "firstEvent");
        Objects.requireNonNull(thenEvent, "thenEvent");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(thenName, "thenName");
        Objects.requireNonNull(then, "then");
        if (withinMs <= 0)
        {
            throw new IllegalArgumentException("withinMs: expected > 0, found " + withinMs);
        }
    }
}
