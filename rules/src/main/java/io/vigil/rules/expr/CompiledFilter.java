package io.vigil.rules.expr;

import java.util.List;

/**
 * The outcome of compiling a filter: a predicate over one event, or the errors that prevented it.
 *
 * @param predicate the compiled filter; null when there are errors.
 * @param text      the filter in canonical form (as {@code ExprPrinter} prints it); null on a syntax error.
 * @param errors    every error found, positioned within the expression; empty on success.
 */
public record CompiledFilter(TxPredicate predicate, String text, List<ExprError> errors)
{
    /**
     * Copies the error list.
     */
    public CompiledFilter
    {
        errors = List.copyOf(errors);
    }

    /** @return whether it compiled. */
    public boolean ok()
    {
        return errors.isEmpty();
    }
}
