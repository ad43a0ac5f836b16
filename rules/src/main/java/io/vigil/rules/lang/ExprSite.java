package io.vigil.rules.lang;

import io.vigil.rules.expr.CompiledCondition;
import io.vigil.rules.expr.CompiledFilter;
import io.vigil.rules.expr.ExprCompiler;
import io.vigil.rules.expr.ExprError;

import java.util.List;

/**
 * An expression met while reading a rule, with what it must be: a filter, or a window's condition (firing on
 * close or early). Lets the parser still check the expressions of a rule that has schema errors, so that one
 * pass reports every mistake.
 *
 * @param source     the expression and its place in the file.
 * @param condition  true for a window's {@code when}, false for a filter.
 * @param onClose    for a condition: whether it is evaluated as the window closes.
 * @param windowType for a condition: the window's type as written, or null when unknown.
 * @param ruleKey    the rule's key type, or null when unknown (the card-only table fields are then allowed).
 */
record ExprSite(ExprSource source, boolean condition, boolean onClose, String windowType,
    io.vigil.core.event.KeyType ruleKey)
{
    /**
     * A site with a window type and no key type known.
     *
     * @param source     the expression and its place in the file.
     * @param condition  true for a window's {@code when}, false for a filter.
     * @param onClose    for a condition: whether it is evaluated as the window closes.
     * @param windowType the window's type as written.
     */
    ExprSite(final ExprSource source, final boolean condition, final boolean onClose, final String windowType)
    {
        this(source, condition, onClose, windowType, null);
    }

    /**
     * A site with no window type known.
     *
     * @param source    the expression and its place in the file.
     * @param condition true for a window's {@code when}, false for a filter.
     * @param onClose   for a condition: whether it is evaluated as the window closes.
     */
    ExprSite(final ExprSource source, final boolean condition, final boolean onClose)
    {
        this(source, condition, onClose, null, null);
    }

    /**
     * Compiles the expression and reports its errors at their places in the file.
     *
     * @param diagnostics where errors go.
     */
    void check(final Diagnostics diagnostics)
    {
        if (condition)
        {
            compileCondition(diagnostics);
        }
        else
        {
            compileFilter(diagnostics);
        }
    }

    /**
     * @param diagnostics where errors go.
     * @return the compiled filter (check {@link CompiledFilter#ok()}).
     */
    CompiledFilter compileFilter(final Diagnostics diagnostics)
    {
        final CompiledFilter filter = ExprCompiler.compileFilter(source.text(), ruleKey);
        report(filter.errors(), diagnostics);
        return filter;
    }

    /**
     * @param diagnostics where errors go.
     * @return the compiled condition (check {@link CompiledCondition#ok()}).
     */
    CompiledCondition compileCondition(final Diagnostics diagnostics)
    {
        final CompiledCondition when = ExprCompiler.compileCondition(source.text(), onClose, windowType, ruleKey);
        report(when.errors(), diagnostics);
        return when;
    }

    private void report(final List<ExprError> errors, final Diagnostics diagnostics)
    {
        for (final ExprError e : errors)
        {
            diagnostics.error(source.map(e), e.message());
        }
    }
}
