package io.vigil.rules.expr;

import java.util.List;

/**
 * Compiles rule-language expressions, once, at rule load: parse (with positions), type-check (collecting every
 * error), then build allocation-free evaluators. Thread-safe (stateless); the evaluators it returns are
 * immutable and may be shared by shard threads.
 * <p>
 * The language: comparisons {@code == != < <= > >=}, {@code && || !} (short-circuit), arithmetic
 * {@code + - * / %}, unary {@code -}, parentheses, {@code x in [a, b]}, double-quoted strings, decimal numbers,
 * {@code true}/{@code false}, the event's fields (see {@link Field}) and, in a window's {@code when} only, the
 * aggregates {@code count() count(cond) sum(x) min(x) max(x) avg(x) distinct(field) ratio(cond)} and, in a
 * sliding window's {@code when}, {@code prev(x) seen(field)}. Scalar functions anywhere:
 * {@code distance_km(lat1, lon1, lat2, lon2) max(a, b) min(a, b)}.
 */
public final class ExprCompiler
{
    private ExprCompiler()
    {
    }

    /**
     * Compiles a filter: a condition over one event, with no aggregates.
     *
     * @param source the expression text.
     * @return the predicate, or the errors.
     */
    public static CompiledFilter compileFilter(final String source)
    {
        return compileFilter(source, null);
    }

    /**
     * Compiles a filter of a rule with a known key type: the card-only table fields ({@code profile.*},
     * {@code customer.risk}) are errors in a rule not keyed by card.
     *
     * @param source  the expression text.
     * @param ruleKey the rule's key type, or null when unknown.
     * @return the predicate, or the errors.
     */
    public static CompiledFilter compileFilter(final String source, final io.vigil.core.event.KeyType ruleKey)
    {
        final Node root;
        try
        {
            root = ExprParser.parse(source);
        }
        catch (final ExprSyntaxException ex)
        {
            return new CompiledFilter(null, null, List.of(ex.toError()));
        }
        final ExprChecker checker = new ExprChecker(false, false, null, ruleKey);
        checker.checkCondition(root, "a filter");
        final String text = ExprPrinter.print(root);
        if (!checker.errors().isEmpty())
        {
            return new CompiledFilter(null, text, checker.errors());
        }
        final EvaluatorBuilder builder = new EvaluatorBuilder(checker.types());
        return new CompiledFilter(EvaluatorBuilder.predicate(builder.condition(root)), text, List.of());
    }

    /**
     * Compiles a window's {@code when}: a condition over the window's aggregates and, for windows that fire on
     * an event, the event.
     *
     * @param source  the expression text.
     * @param onClose whether it is evaluated as the window closes, when there is no event: then reading an
     *                event field outside an aggregate is an error.
     * @return the condition and its aggregates, or the errors.
     */
    public static CompiledCondition compileCondition(final String source, final boolean onClose)
    {
        return compileCondition(source, onClose, null);
    }

    /**
     * Compiles a window's {@code when}, knowing the window's type: {@code prev()} and {@code seen()} are
     * errors outside a sliding window.
     *
     * @param source     the expression text.
     * @param onClose    see {@link #compileCondition(String, boolean)}.
     * @param windowType the window's type as written ("sliding", "tumbling", "hopping", "session"), or null
     *                   when unknown (prev() and seen() then allowed).
     * @return the condition and its aggregates, or the errors.
     */
    public static CompiledCondition compileCondition(final String source, final boolean onClose,
        final String windowType)
    {
        return compileCondition(source, onClose, windowType, null);
    }

    /**
     * Compiles a window's {@code when}, knowing the window's type and the rule's key type.
     *
     * @param source     the expression text.
     * @param onClose    see {@link #compileCondition(String, boolean)}.
     * @param windowType see {@link #compileCondition(String, boolean, String)}.
     * @param ruleKey    the rule's key type, or null when unknown (see {@link #compileFilter(String,
     *                   io.vigil.core.event.KeyType)}).
     * @return the condition and its aggregates, or the errors.
     */
    public static CompiledCondition compileCondition(final String source, final boolean onClose,
        final String windowType, final io.vigil.core.event.KeyType ruleKey)
    {
        final Node root;
        try
        {
            root = ExprParser.parse(source);
        }
        catch (final ExprSyntaxException ex)
        {
            return new CompiledCondition(null, List.of(), false, null, List.of(ex.toError()));
        }
        final ExprChecker checker = new ExprChecker(true, onClose, windowType, ruleKey);
        checker.checkCondition(root, "when");
        final String text = ExprPrinter.print(root);
        if (!checker.errors().isEmpty())
        {
            return new CompiledCondition(null, List.of(), checker.readsEvent(), text, checker.errors());
        }
        final EvaluatorBuilder builder = new EvaluatorBuilder(checker.types());
        final Condition condition = builder.condition(root);
        return new CompiledCondition(condition, builder.aggregates(), checker.readsEvent(), text, List.of());
    }

    /**
     * Compiles a filter or fails; for code that builds rules from constant text.
     *
     * @param source the expression text.
     * @return the predicate.
     * @throws IllegalArgumentException listing the errors.
     */
    public static TxPredicate filter(final String source)
    {
        final CompiledFilter compiled = compileFilter(source);
        if (!compiled.ok())
        {
            throw new IllegalArgumentException("filter '" + source + "': " + compiled.errors());
        }
        return compiled.predicate();
    }

    /**
     * Compiles a condition or fails; for code that builds rules from constant text.
     *
     * @param source  the expression text.
     * @param onClose see {@link #compileCondition(String, boolean)}.
     * @return the condition and its aggregates.
     * @throws IllegalArgumentException listing the errors.
     */
    public static CompiledCondition condition(final String source, final boolean onClose)
    {
        final CompiledCondition compiled = compileCondition(source, onClose);
        if (!compiled.ok())
        {
            throw new IllegalArgumentException("when '" + source + "': " + compiled.errors());
        }
        return compiled;
    }
}
