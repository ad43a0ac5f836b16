package io.vigil.rules.expr;

import java.util.List;

/**
 * The aggregate functions of {@code when}: their names and what they take.
 */
final class Aggregates
{
    /** Names, in the order messages list them. */
    static final List<String> NAMES = List.of("count", "sum", "min", "max", "avg", "distinct", "ratio");

    private Aggregates()
    {
    }

    /**
     * @param name a function name.
     * @return its kind, or null when it is no aggregate.
     */
    static AggregateKind kind(final String name)
    {
        switch (name)
        {
            case "count":
                return AggregateKind.COUNT;
            case "sum":
                return AggregateKind.SUM;
            case "min":
                return AggregateKind.MIN;
            case "max":
                return AggregateKind.MAX;
            case "avg":
                return AggregateKind.AVG;
            case "distinct":
                return AggregateKind.DISTINCT;
            case "ratio":
                return AggregateKind.RATIO;
            default:
                return null;
        }
    }

    /**
     * @param kind an aggregate.
     * @return its signature as messages show it, e.g. "sum(number)".
     */
    static String signature(final AggregateKind kind)
    {
        switch (kind)
        {
            case COUNT:
                return "count() or count(condition)";
            case DISTINCT:
                return "distinct(field), e.g. distinct(merchant)";
            case RATIO:
                return "ratio(condition)";
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT) + "(number)";
        }
    }
}
