package io.vigil.rules.lang;

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
 */
public record CompiledAbsence(String firstName, TxPredicate first, String thenName, TxPredicate then, long withinMs)
    implements CompiledPattern
{
    /**
     * Checks the parts.
     */
    public CompiledAbsence
    {
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
