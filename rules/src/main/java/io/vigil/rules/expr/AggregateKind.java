package io.vigil.rules.expr;

/**
 * The aggregates a window can compute.
 */
public enum AggregateKind
{
    /** {@code count()} or {@code count(pred)}: events (matching pred). */
    COUNT,
    /** {@code sum(x)}. */
    SUM,
    /** {@code min(x)}; NaN over an empty window. */
    MIN,
    /** {@code max(x)}; NaN over an empty window. */
    MAX,
    /** {@code avg(x)}; NaN over an empty window. */
    AVG,
    /** {@code distinct(field)}: distinct non-empty values. */
    DISTINCT,
    /** {@code ratio(pred)}: matching events / all events; NaN over an empty window. */
    RATIO
}
