package io.vigil.rules.lang;

import io.vigil.rules.expr.TxPredicate;

import java.util.Objects;

/**
 * A compiled step of a sequence (or side of an absence).
 *
 * @param name       its name ({@code as}).
 * @param predicate  which events match it ({@link TxPredicate#ALWAYS} when it has no filter).
 * @param minTimes   how many matching events it needs, from 1.
 * @param orMore     whether it takes more than {@code minTimes} ({@code 3+}).
 * @param filterText its filter in canonical form, "true" when it has none.
 * @param event      which kind of event it matches (its predicate tests the kind too).
 */
public record CompiledStep(String name, TxPredicate predicate, int minTimes, boolean orMore, String filterText,
    io.vigil.core.event.EventKind event)
{
    /**
     * A step matching transactions.
     *
     * @param name       its name.
     * @param predicate  which events match it.
     * @param minTimes   how many matching events it needs.
     * @param orMore     whether it takes more.
     * @param filterText its filter in canonical form.
     */
    public CompiledStep(final String name, final TxPredicate predicate, final int minTimes, final boolean orMore,
        final String filterText)
    {
        this(name, predicate, minTimes, orMore, filterText, io.vigil.core.event.EventKind.TRANSACTION);
    }

    /**
     * Checks the parts.
     */
    public CompiledStep
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(event, "event");
        if (minTimes < 1)
        {
            throw new IllegalArgumentException("minTimes: expected >= 1, found " + minTimes);
        }
    }
}
