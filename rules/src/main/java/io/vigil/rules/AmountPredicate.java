package io.vigil.rules;

import io.vigil.core.event.TransactionFlyweight;

/**
 * A test on a transaction's amount against a threshold in major units of the event's own currency:
 * {@code amount < x} or {@code amount >= x}, compared in minor units. Immutable; safe to share between shards.
 */
public final class AmountPredicate
{
    private final AmountThreshold threshold;
    private final boolean below;

    private AmountPredicate(final AmountThreshold threshold, final boolean below)
    {
        this.threshold = threshold;
        this.below = below;
    }

    /**
     * @param majorUnits the bound, such as {@code "2.00"}.
     * @return a predicate true when {@code amount < majorUnits}.
     */
    public static AmountPredicate below(final String majorUnits)
    {
        return new AmountPredicate(AmountThreshold.of(majorUnits), true);
    }

    /**
     * @param majorUnits the bound, such as {@code "500.00"}.
     * @return a predicate true when {@code amount >= majorUnits}.
     */
    public static AmountPredicate atLeast(final String majorUnits)
    {
        return new AmountPredicate(AmountThreshold.of(majorUnits), false);
    }

    /**
     * @param tx the event; allocation free.
     * @return whether its amount passes.
     */
    public boolean test(final TransactionFlyweight tx)
    {
        final long limitMinor = threshold.minor(tx.currencyExponent());
        return below ? tx.amountMinor() < limitMinor : tx.amountMinor() >= limitMinor;
    }

    @Override
    public String toString()
    {
        return (below ? "amount < " : "amount >= ") + threshold;
    }
}
