package io.vigil.rules.expr;

import java.util.List;

/**
 * The outcome of compiling a window's {@code when}: the condition and the aggregates it reads, or the errors.
 *
 * @param condition  the compiled condition; null when there are errors.
 * @param aggregates the aggregates the window must keep, by the index the condition reads them with; identical
 *                   aggregates (same canonical text) appear once.
 * @param readsEvent whether the condition reads fields of the triggering event outside aggregates.
 * @param text       the condition in canonical form; null on a syntax error.
 * @param errors     every error found, positioned within the expression; empty on success.
 */
public record CompiledCondition(
    Condition condition, List<AggregateSpec> aggregates, boolean readsEvent, String text, List<ExprError> errors)
{
    /**
     * Copies the lists.
     */
    public CompiledCondition
    {
        aggregates = List.copyOf(aggregates);
        errors = List.copyOf(errors);
    }

    /** @return whether it compiled. */
    public boolean ok()
    {
        return errors.isEmpty();
    }
}
