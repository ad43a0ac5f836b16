package io.vigil.rules.expr;

import java.util.Objects;

/**
 * One aggregate a rule's {@code when} uses, as the window must compute it. The compiler numbers a rule's
 * aggregates 0..n-1; {@link AggregateValues#get(int)} reads them by that index.
 *
 * @param kind      which aggregate.
 * @param value     the argument of SUM, MIN, MAX, AVG, PREV; null otherwise.
 * @param predicate the argument of COUNT(pred) and RATIO; null for plain COUNT and the others.
 * @param distinct  the field of DISTINCT and SEEN; null otherwise.
 * @param text      the aggregate as written, for messages and alert details (e.g. {@code "sum(amount)"}).
 */
public record AggregateSpec(AggregateKind kind, TxNumber value, TxPredicate predicate, TxHash distinct, String text)
{
    /**
     * Checks that the arguments fit the kind.
     */
    public AggregateSpec
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        switch (kind)
        {
            case SUM:
            case MIN:
            case MAX:
            case AVG:
            case PREV:
                Objects.requireNonNull(value, kind + " needs a value");
                break;
            case RATIO:
                Objects.requireNonNull(predicate, "RATIO needs a predicate");
                break;
            case DISTINCT:
            case SEEN:
                Objects.requireNonNull(distinct, kind + " needs a field");
                break;
            default:
                break;
        }
    }
}
