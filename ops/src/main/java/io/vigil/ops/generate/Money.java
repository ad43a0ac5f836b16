package io.vigil.ops.generate;

import io.vigil.core.event.Currencies;

/**
 * Turns prices, thought of in US dollars, into exact minor units of a local currency. Only the price level is
 * converted through a double; the result is a whole number of minor units and stays exact from there on.
 */
final class Money
{
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L};

    private Money()
    {
    }

    /**
     * @param currency an ISO 4217 code.
     * @return minor units in one major unit (100 for USD, 1 for JPY).
     */
    static long minorPerMajor(final String currency)
    {
        return POWERS_OF_TEN[Currencies.exponent(currency)];
    }

    /**
     * @param usd     a price in US dollars.
     * @param country where it is paid.
     * @return the price in minor units of the country's currency, at least one minor unit.
     */
    static long toMinor(final double usd, final Geography.Country country)
    {
        final long minor = Math.round(usd * country.perUsd() * minorPerMajor(country.currency()));
        return Math.max(1, minor);
    }

    /**
     * A "round" local amount near a dollar amount, as cash machines and price tags use: 1, 2 or 5 times a power
     * of ten of the major unit.
     *
     * @param usd     a price in US dollars.
     * @param country where it is paid.
     * @return minor units of the country's currency.
     */
    static long roundStep(final double usd, final Geography.Country country)
    {
        final double local = usd * country.perUsd();
        long step = 1;
        while (step * 10 <= local)
        {
            step *= 10;
        }
        if (local >= 5 * step)
        {
            step *= 5;
        }
        else if (local >= 2 * step)
        {
            step *= 2;
        }
        return step * minorPerMajor(country.currency());
    }
}
