package io.vigil.rules.expr;

/**
 * The current values of a rule's aggregates, by the index the compiler gave each {@link AggregateSpec}.
 * Implemented by window state; read by a compiled {@link Condition}.
 */
@FunctionalInterface
public interface AggregateValues
{
    /** For conditions that use no aggregate. */
    AggregateValues NONE = index ->
    {
        throw new IndexOutOfBoundsException("no aggregates: " + index);
    };

    /**
     * @param index aggregate index, from 0.
     * @return its value (NaN where undefined, e.g. avg of nothing).
     */
    double get(int index);
}
