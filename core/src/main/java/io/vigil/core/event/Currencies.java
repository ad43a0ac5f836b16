package io.vigil.core.event;

/**
 * Minor-unit exponents of ISO 4217 currencies: how many decimal places an amount may carry.
 * Unknown but well-formed codes (three upper-case letters) take the common exponent of 2.
 */
public final class Currencies
{
    private static final String ZERO_DECIMALS =
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
    private static final String THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND";

    private Currencies()
    {
    }

    /**
     * @param code a three-letter currency code.
     * @return the number of decimal places of its minor unit (0, 2 or 3).
     */
    public static int exponent(final CharSequence code)
    {
        final String c = code.toString();
        if (ZERO_DECIMALS.contains(c))
        {
            return 0;
        }
        if (THREE_DECIMALS.contains(c))
        {
            return 3;
        }
        return 2;
    }

    /**
     * @param code a candidate currency code.
     * @return whether it is three ASCII upper-case letters.
     */
    public static boolean isWellFormed(final CharSequence code)
    {
        if (code == null || code.length() != 3)
        {
            return false;
        }
        for (int i = 0; i < 3; i++)
        {
            final char ch = code.charAt(i);
            if (ch < 'A' || ch > 'Z')
            {
                return false;
            }
        }
        return true;
    }
}
