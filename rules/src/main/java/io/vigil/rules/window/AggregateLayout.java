package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.expr.AggregateSpec;
import io.vigil.rules.expr.AggregateValues;
import io.vigil.rules.expr.TxHash;
import io.vigil.rules.expr.TxNumber;
import io.vigil.rules.expr.TxPredicate;

import java.util.List;
import java.util.Objects;

/**
 * What a window rule reads from each event for its aggregates, compiled once: the event's <em>inputs</em> are
 * a row of longs, one column per aggregate that needs a value, plus a word of predicate bits (bit {@code a}
 * set when the predicate of aggregate {@code a}, a {@code count(pred)} or {@code ratio(pred)}, matches).
 * Columns hold:
 * <ul>
 *   <li>SUM, AVG: the value in fixed point, {@link #FIXED_SCALE} units per 1 (so 6 decimals), which makes sums
 *   exact, independent of order, and free of drift when a sliding window takes values out again; range
 *   ±9.2·10¹² per window. {@link #NO_FIXED} when the value is NaN or infinite (not counted).</li>
 *   <li>MIN, MAX: the value's IEEE bits; NaN (not counted) for NaN or infinite.</li>
 *   <li>DISTINCT: the field's 64-bit hash; 0 when the field is empty (not counted).</li>
 *   <li>PREV: the value's IEEE bits, as is (NaN stays NaN); read back by the sliding state.</li>
 *   <li>SEEN: the field's 64-bit hash (0 when empty), compared by the sliding state.</li>
 * </ul>
 * Immutable; shared by every shard.
 */
final class AggregateLayout
{
    /** Most aggregates one rule computes (one predicate bit each). */
    static final int MAX_AGGREGATES = Long.SIZE;

    /** Fixed-point units per 1 for SUM and AVG. */
    static final long FIXED_SCALE = 1_000_000;

    /** A SUM or AVG input that is not a number. */
    static final long NO_FIXED = Long.MIN_VALUE;

    /** Decimal places of non-integral values in alert details (the most the alert writer takes). */
    static final int DETAIL_DIGITS = 4;

    private static final long DETAIL_SCALE = 10_000;

    private final int size;
    private final AggregateKind[] kinds;
    private final TxNumber[] numbers;
    private final TxPredicate[] predicates;
    private final TxHash[] hashes;
    private final int[] columns;
    private final int width;
    private final String[] detailNames;
    private final String[] texts;

    AggregateLayout(final List<AggregateSpec> aggregates)
    {
        Objects.requireNonNull(aggregates, "aggregates");
        if (aggregates.size() > MAX_AGGREGATES)
        {
            throw new IllegalArgumentException(
                "aggregates: expected at most " + MAX_AGGREGATES + ", found " + aggregates.size());
        }
        size = aggregates.size();
        kinds = new AggregateKind[size];
        numbers = new TxNumber[size];
        predicates = new TxPredicate[size];
        hashes = new TxHash[size];
        columns = new int[size];
        detailNames = new String[size];
        texts = new String[size];
        int width = 0;
        for (int a = 0; a < size; a++)
        {
            final AggregateSpec spec = Objects.requireNonNull(aggregates.get(a), "aggregate");
            kinds[a] = spec.kind();
            numbers[a] = spec.value();
            predicates[a] = spec.kind() == AggregateKind.COUNT || spec.kind() == AggregateKind.RATIO ?
                spec.predicate() : null;
            hashes[a] = spec.distinct();
            columns[a] = usesColumn(spec.kind()) ? width++ : -1;
            detailNames[a] = jsonEscaped(spec.text());
            texts[a] = spec.text();
        }
        this.width = width;
    }

    /** @return the aggregate's text as written in the rule ({@code count()}, {@code sum(amount)}). */
    String text(final int aggregate)
    {
        return texts[aggregate];
    }

    /** @return number of aggregates. */
    int size()
    {
        return size;
    }

    /** @return longs per event row. */
    int width()
    {
        return width;
    }

    AggregateKind kind(final int aggregate)
    {
        return kinds[aggregate];
    }

    /** @return whether the aggregate has a predicate (its count is in the predicate bits). */
    boolean hasPredicate(final int aggregate)
    {
        return predicates[aggregate] != null;
    }

    /** @return the aggregate's column in a row, -1 for none. */
    int column(final int aggregate)
    {
        return columns[aggregate];
    }

    /** @return whether the aggregate is a PREV or a SEEN, read from the held events (sliding windows only). */
    boolean isPerEvent(final int aggregate)
    {
        return kinds[aggregate] == AggregateKind.PREV || kinds[aggregate] == AggregateKind.SEEN;
    }

    /** @return whether any aggregate is a PREV or a SEEN. */
    boolean hasPerEvent()
    {
        for (int a = 0; a < size; a++)
        {
            if (isPerEvent(a))
            {
                return true;
            }
        }
        return false;
    }

    /** @return whether the aggregate is a MIN or a MAX. */
    boolean isExtreme(final int aggregate)
    {
        return kinds[aggregate] == AggregateKind.MIN || kinds[aggregate] == AggregateKind.MAX;
    }

    /**
     * Reads the event's inputs.
     *
     * @param tx     the event.
     * @param row    where the columns go.
     * @param offset first column's index in {@code row}.
     * @return the predicate bits.
     */
    long capture(final TransactionFlyweight tx, final long[] row, final int offset)
    {
        long bits = 0;
        for (int a = 0; a < size; a++)
        {
            switch (kinds[a])
            {
                case COUNT:
                case RATIO:
                    if (predicates[a] != null && predicates[a].test(tx))
                    {
                        bits |= 1L << a;
                    }
                    break;
                case SUM:
                case AVG:
                    row[offset + columns[a]] = toFixed(numbers[a].value(tx));
                    break;
                case MIN:
                case MAX:
                    final double value = numbers[a].value(tx);
                    row[offset + columns[a]] = Double.doubleToRawLongBits(Double.isFinite(value) ? value : Double.NaN);
                    break;
                case PREV:
                    row[offset + columns[a]] = Double.doubleToRawLongBits(numbers[a].value(tx));
                    break;
                default:
                    row[offset + columns[a]] = hashes[a].hash(tx);
                    break;
            }
        }
        return bits;
    }

    /**
     * Adds every aggregate as an alert detail named by its text: COUNT, DISTINCT and SEEN as whole numbers, the
     * others as decimals rounded half up to {@value #DETAIL_DIGITS} places (trailing zeros dropped); an undefined
     * value (avg of no values, prev with no previous event) is left out. Conditions see the unrounded values.
     *
     * @param alerts the open alert.
     * @param values the aggregates.
     */
    void putDetails(final AlertPublisher alerts, final AggregateValues values)
    {
        for (int a = 0; a < size; a++)
        {
            final double value = values.get(a);
            if (kinds[a] == AggregateKind.COUNT || kinds[a] == AggregateKind.DISTINCT ||
                kinds[a] == AggregateKind.SEEN)
            {
                alerts.detail(detailNames[a], (long)value);
            }
            else if (Double.isFinite(value))
            {
                long scaled = Math.round(value * DETAIL_SCALE);
                int digits = DETAIL_DIGITS;
                while (digits > 0 && scaled % 10 == 0)
                {
                    scaled /= 10;
                    digits--;
                }
                alerts.detailFixed(detailNames[a], scaled, digits);
            }
        }
    }

    /**
     * @param value a number.
     * @return it in fixed point, rounded half up to 6 decimals; {@link #NO_FIXED} when not finite.
     */
    static long toFixed(final double value)
    {
        return Double.isFinite(value) ? Math.round(value * FIXED_SCALE) : NO_FIXED;
    }

    private static boolean usesColumn(final AggregateKind kind)
    {
        return kind != AggregateKind.COUNT && kind != AggregateKind.RATIO;
    }

    /** The text as the inside of a JSON string: quotes, backslashes and control characters escaped. */
    private static String jsonEscaped(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
