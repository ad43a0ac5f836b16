package io.vigil.rules.expr;

import java.util.List;

/**
 * The aggregate functions of {@code when}: their names and what they take.
 */
final class Aggregates
{
    /** Names, in the order messages list them. */
    static final List<String> NAMES = List.of("count", "sum", "min", "max", "avg", "distinct", "ratio", "prev", "seen");

    /** Scalar functions, as messages list them. */
    static final String SCALARS = "distance_km(lat1, lon1, lat2, lon2), max(a, b), min(a, b)";

    /** Every function name, for suggestions. */
    static final List<String> ALL_NAMES =
        List.of("count", "sum", "min", "max", "avg", "distinct", "ratio", "prev", "seen", "distance_km");

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
            case "prev":
                return AggregateKind.PREV;
            case "seen":
                return AggregateKind.SEEN;
            default:
                return null;
        }
    }

    /**
     * @param name  a function name.
     * @param arity its number of arguments.
     * @return whether the call is a scalar function: distance_km, or max and min with two arguments.
     */
    static boolean isScalar(final String name, final int arity)
    {
        return "distance_km".equals(name) || arity == 2 && ("max".equals(name) || "min".equals(name));
    }

    /** @return whether the aggregate reads the key's held events one by one (sliding windows only). */
    static boolean needsSliding(final AggregateKind kind)
    {
        return kind == AggregateKind.PREV || kind == AggregateKind.SEEN;
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
            case SEEN:
                return "seen(field), e.g. seen(country)";
            case PREV:
                return "prev(number), e.g. prev(ts)";
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT) + "(number)";
        }
    }
}
