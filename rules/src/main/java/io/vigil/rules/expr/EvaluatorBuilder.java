package io.vigil.rules.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a type-checked expression tree into a tree of small immutable evaluators ({@link Condition} for
 * booleans, {@link NumberEval} for numbers). Each evaluator is built once and captures only final values
 * computed here (literals, encoded bytes, aggregate indexes), so evaluating allocates nothing: no boxing, no
 * strings, no iterators. {@code &&} and {@code ||} short-circuit.
 * <p>
 * Aggregates met on the way are numbered in order of first appearance; two that print the same share one
 * index.
 */
final class EvaluatorBuilder
{
    private static final Condition TRUE = (tx, a) -> true;
    private static final Condition FALSE = (tx, a) -> false;
    private static final double[] POWERS_OF_TEN = new double[19];
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;

    /** Mean Earth radius (IUGG), km, for {@code distance_km}. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    static
    {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private final Map<Node, ExprType> types;
    private final Map<String, Integer> aggregateIndex = new HashMap<>();
    private final List<AggregateSpec> aggregates = new ArrayList<>();

    EvaluatorBuilder(final Map<Node, ExprType> types)
    {
        this.types = types;
    }

    /** @return the aggregates the built conditions read, by index. */
    List<AggregateSpec> aggregates()
    {
        return List.copyOf(aggregates);
    }

    Condition condition(final Node node)
    {
        if (node instanceof Node.BoolLit)
        {
            return ((Node.BoolLit)node).value() ? TRUE : FALSE;
        }
        if (node instanceof Node.Unary)
        {
            final Condition operand = condition(((Node.Unary)node).operand());
            return (tx, a) -> !operand.test(tx, a);
        }
        if (node instanceof Node.InList)
        {
            return inList((Node.InList)node);
        }
        if (node instanceof Node.InTable)
        {
            final int flag = ReferenceLists.flag(((Node.InTable)node).list());
            return (tx, a) -> TableFields.hasFlag(tx, flag);
        }
        final Node.Binary binary = (Node.Binary)node;
        switch (binary.op())
        {
            case AND:
            {
                final Condition l = condition(binary.left());
                final Condition r = condition(binary.right());
                return (tx, a) -> l.test(tx, a) && r.test(tx, a);
            }
            case OR:
            {
                final Condition l = condition(binary.left());
                final Condition r = condition(binary.right());
                return (tx, a) -> l.test(tx, a) || r.test(tx, a);
            }
            case EQ:
                return equality(binary);
            case NE:
            {
                final Condition eq = equality(binary);
                return (tx, a) -> !eq.test(tx, a);
            }
            default:
                return relational(binary);
        }
    }

    NumberEval number(final Node node)
    {
        if (node instanceof Node.NumberLit)
        {
            final double value = ((Node.NumberLit)node).value();
            return (tx, a) -> value;
        }
        if (node instanceof Node.FieldRef)
        {
            return field(Field.fromWireName(((Node.FieldRef)node).name()));
        }
        if (node instanceof Node.Unary)
        {
            final NumberEval operand = number(((Node.Unary)node).operand());
            return (tx, a) -> -operand.value(tx, a);
        }
        if (node instanceof Node.Call && Aggregates.isScalar(((Node.Call)node).name(), ((Node.Call)node).args().size()))
        {
            return scalar((Node.Call)node);
        }
        if (node instanceof Node.Call)
        {
            final int index = aggregate((Node.Call)node);
            return (tx, a) -> a.get(index);
        }
        final Node.Binary binary = (Node.Binary)node;
        final NumberEval l = number(binary.left());
        final NumberEval r = number(binary.right());
        switch (binary.op())
        {
            case ADD:
                return (tx, a) -> l.value(tx, a) + r.value(tx, a);
            case SUB:
                return (tx, a) -> l.value(tx, a) - r.value(tx, a);
            case MUL:
                return (tx, a) -> l.value(tx, a) * r.value(tx, a);
            case DIV:
                return (tx, a) -> l.value(tx, a) / r.value(tx, a);
            default:
                return (tx, a) -> l.value(tx, a) % r.value(tx, a);
        }
    }

    private NumberEval scalar(final Node.Call call)
    {
        final List<Node> args = call.args();
        if ("distance_km".equals(call.name()))
        {
            final NumberEval lat1 = number(args.get(0));
            final NumberEval lon1 = number(args.get(1));
            final NumberEval lat2 = number(args.get(2));
            final NumberEval lon2 = number(args.get(3));
            return (tx, a) -> distanceKm(lat1.value(tx, a), lon1.value(tx, a), lat2.value(tx, a), lon2.value(tx, a));
        }
        final NumberEval l = number(args.get(0));
        final NumberEval r = number(args.get(1));
        return "max".equals(call.name()) ?
            (tx, a) -> Math.max(l.value(tx, a), r.value(tx, a)) :
            (tx, a) -> Math.min(l.value(tx, a), r.value(tx, a));
    }

    /**
     * Great-circle distance by the haversine formula on a sphere of {@link #EARTH_RADIUS_KM}.
     *
     * @return the distance in km between two points given in degrees; NaN when any argument is NaN.
     */
    static double distanceKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double phi1 = Math.toRadians(lat1);
        final double phi2 = Math.toRadians(lat2);
        final double sinDPhi = Math.sin((phi2 - phi1) / 2);
        final double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        final double h = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1.0, h)));
    }

    /**
     * @param field a numeric field.
     * @return its reader.
     */
    static NumberEval field(final Field field)
    {
        switch (field)
        {
            case AMOUNT:
                // amountMinor / 10^exponent is one correctly rounded division of exact values, so it equals
                // the double a decimal literal such as 2.00 parses to: comparisons with literals are exact.
                return (tx, a) -> tx.amountMinor() / POWERS_OF_TEN[tx.currencyExponent()];
            case TS:
                return (tx, a) -> tx.tsMs();
            case MCC:
                return (tx, a) -> tx.mcc();
            case LAT:
                return (tx, a) -> tx.lat();
            case LON:
                return (tx, a) -> tx.lon();
            case HOUR:
                return (tx, a) -> Math.floorMod(tx.tsMs(), DAY_MS) / HOUR_MS;
            case PROFILE_LIMIT:
                return (tx, a) -> TableFields.profileLimit(tx);
            case MERCHANT_CATEGORY:
                return (tx, a) -> TableFields.merchantCategory(tx);
            default:
                throw new IllegalArgumentException("not a number field: " + field);
        }
    }

    private Condition equality(final Node.Binary binary)
    {
        final ExprType type = types.get(binary.left());
        if (type == ExprType.NUMBER)
        {
            final NumberEval l = number(binary.left());
            final NumberEval r = number(binary.right());
            return (tx, a) -> l.value(tx, a) == r.value(tx, a);
        }
        if (type == ExprType.BOOL)
        {
            final Condition l = condition(binary.left());
            final Condition r = condition(binary.right());
            return (tx, a) -> l.test(tx, a) == r.test(tx, a);
        }
        final Node left = binary.left();
        final Node right = binary.right();
        if (left instanceof Node.FieldRef && right instanceof Node.FieldRef)
        {
            return StringFields.fieldsEqual(fieldOf(left), fieldOf(right));
        }
        if (left instanceof Node.FieldRef)
        {
            return StringFields.equalsLiteral(fieldOf(left), ((Node.StringLit)right).value());
        }
        if (right instanceof Node.FieldRef)
        {
            return StringFields.equalsLiteral(fieldOf(right), ((Node.StringLit)left).value());
        }
        return ((Node.StringLit)left).value().equals(((Node.StringLit)right).value()) ? TRUE : FALSE;
    }

    private Condition relational(final Node.Binary binary)
    {
        final NumberEval l = number(binary.left());
        final NumberEval r = number(binary.right());
        switch (binary.op())
        {
            case LT:
                return (tx, a) -> l.value(tx, a) < r.value(tx, a);
            case LE:
                return (tx, a) -> l.value(tx, a) <= r.value(tx, a);
            case GT:
                return (tx, a) -> l.value(tx, a) > r.value(tx, a);
            default:
                return (tx, a) -> l.value(tx, a) >= r.value(tx, a);
        }
    }

    private Condition inList(final Node.InList in)
    {
        if (types.get(in.subject()) == ExprType.NUMBER)
        {
            final NumberEval subject = number(in.subject());
            final double[] values = new double[in.values().size()];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = number(in.values().get(i)).value(null, AggregateValues.NONE);
            }
            return (tx, a) ->
            {
                final double v = subject.value(tx, a);
                for (final double candidate : values)
                {
                    if (v == candidate)
                    {
                        return true;
                    }
                }
                return false;
            };
        }
        final List<String> values = new ArrayList<>();
        for (final Node value : in.values())
        {
            values.add(((Node.StringLit)value).value());
        }
        if (in.subject() instanceof Node.StringLit)
        {
            return values.contains(((Node.StringLit)in.subject()).value()) ? TRUE : FALSE;
        }
        return StringFields.inLiterals(fieldOf(in.subject()), values);
    }

    private int aggregate(final Node.Call call)
    {
        final String text = ExprPrinter.print(call);
        final Integer existing = aggregateIndex.get(text);
        if (existing != null)
        {
            return existing;
        }
        final AggregateKind kind = Aggregates.kind(call.name());
        final Node arg = call.args().isEmpty() ? null : call.args().get(0);
        final AggregateSpec spec;
        switch (kind)
        {
            case COUNT:
            case RATIO:
                spec = new AggregateSpec(kind, null, arg == null ? null : predicate(condition(arg)), null, text);
                break;
            case DISTINCT:
            case SEEN:
                spec = new AggregateSpec(kind, null, null, StringFields.hash(fieldOf(arg)), text);
                break;
            default:
                final NumberEval value = number(arg);
                spec = new AggregateSpec(kind, tx -> value.value(tx, AggregateValues.NONE), null, null, text);
                break;
        }
        final int index = aggregates.size();
        aggregates.add(spec);
        aggregateIndex.put(text, index);
        return index;
    }

    /**
     * @param condition a condition that reads no aggregate.
     * @return it as a predicate over one event.
     */
    static TxPredicate predicate(final Condition condition)
    {
        if (condition == TRUE)
        {
            return TxPredicate.ALWAYS;
        }
        return tx -> condition.test(tx, AggregateValues.NONE);
    }

    private static Field fieldOf(final Node node)
    {
        return Field.fromWireName(((Node.FieldRef)node).name());
    }
}
