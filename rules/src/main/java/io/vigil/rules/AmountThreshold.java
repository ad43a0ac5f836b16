package io.vigil.rules;

import io.vigil.core.event.Amounts;

/**
 * An amount in major units of whatever currency an event carries (such as {@code 3000.00}), precomputed once
 * as minor units for each currency exponent from 0 to {@link #MAX_EXPONENT}, so that a rule compares
 * {@code tx.amountMinor()} with a table entry and never touches a decimal on the hot path.
 * <p>
 * Where the threshold has more decimals than the currency (2.50 in a 0-decimal currency) the minor value is
 * rounded up: for whole minor amounts {@code a >= 2.5} is {@code a >= 3} and {@code a < 2.5} is {@code a < 3}.
 * <p>
 * Immutable; safe to share between shards.
 */
public final class AmountThreshold
{
    /** Largest currency exponent (decimal places) supported: ISO 4217 uses 0, 2 and 3. */
    public static final int MAX_EXPONENT = 3;

    private static final int PARSE_SCALE = 4;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L};

    private final String text;
    private final long[] minorByExponent = new long[MAX_EXPONENT + 1];

    private AmountThreshold(final String text, final long scaledValue)
    {
        this.text = text;
        for (int exponent = 0; exponent <= MAX_EXPONENT; exponent++)
        {
            final long divisor = POWERS_OF_TEN[PARSE_SCALE - exponent];
            minorByExponent[exponent] = Math.floorDiv(scaledValue + divisor - 1, divisor);
        }
    }

    /**
     * @param majorUnits a non-negative decimal in major units with at most 4 decimals, such as {@code "3000.00"}.
     * @return the threshold.
     * @throws IllegalArgumentException naming what is wrong with the text.
     */
    public static AmountThreshold of(final String majorUnits)
    {
        final long scaled;
        try
        {
            scaled = Amounts.parseMinor(majorUnits, PARSE_SCALE);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("amount threshold: " + ex.getMessage(), ex);
        }
        if (scaled > Long.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("amount threshold: too large: " + majorUnits);
        }
        return new AmountThreshold(majorUnits, scaled);
    }

    /**
     * @param currencyExponent decimal places of the event's currency, 0..{@link #MAX_EXPONENT}.
     * @return the threshold in that currency's minor units.
     * @throws ArrayIndexOutOfBoundsException for an exponent outside 0..{@link #MAX_EXPONENT}; encoded events
     *                                        never carry one.
     */
    public long minor(final int currencyExponent)
    {
        return minorByExponent[currencyExponent];
    }

    /** @return the threshold as given, in major units. */
    @Override
    public String toString()
    {
        return text;
    }
}
