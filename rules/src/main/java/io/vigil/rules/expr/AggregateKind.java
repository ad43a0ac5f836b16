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
    RATIO,
    /**
     * {@code prev(x)}: x on the key's previous event in the window (the latest held before the current one in
     * reference order); NaN when there is none. Sliding windows only.
     */
    PREV,
    /**
     * {@code seen(field)}: held events in the window before the current one with the same value of the string
     * field (0 the first time). Sliding windows only.
     */
    SEEN
}
