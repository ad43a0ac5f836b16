package io.vigil.core.event;

import org.agrona.MutableDirectBuffer;

/**
 * Exact decimal amounts held as a count of minor units (cents, pence, yen) plus the currency's exponent.
 * Parsing and formatting are exact: no floating point ever touches an amount.
 */
public final class Amounts
{
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L};

    private Amounts()
    {
    }

    /**
     * Parses a non-negative decimal such as {@code 12.34} into minor units.
     *
     * @param text     the decimal text, digits with at most one '.'.
     * @param exponent decimal places of the currency's minor unit.
     * @return the amount in minor units.
     * @throws IllegalArgumentException naming what is wrong: not a number, negative, too many decimals.
     */
    public static long parseMinor(final CharSequence text, final int exponent)
    {
        final int length = text.length();
        if (length == 0)
        {
            throw new IllegalArgumentException("expected a decimal amount such as 12.34, found an empty string");
        }
        if (text.charAt(0) == '-')
        {
            throw new IllegalArgumentException("must not be negative, found " + text);
        }
        long units = 0;
        int decimals = -1;
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c == '.')
            {
                if (decimals >= 0 || i == 0 || i == length - 1)
                {
                    throw new IllegalArgumentException("expected a decimal amount such as 12.34, found " + text);
                }
                decimals = 0;
                continue;
            }
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException("expected a decimal amount such as 12.34, found " + text);
            }
            if (decimals >= 0)
            {
                decimals++;
            }
            if (units > (Long.MAX_VALUE - 9) / 10)
            {
                throw new IllegalArgumentException("too large: " + text);
            }
            units = units * 10 + (c - '0');
        }
        final int places = Math.max(decimals, 0);
        if (places > exponent)
        {
            // allow trailing zeros beyond the exponent, e.g. 12.340 for a 2-decimal currency
            long extra = places - exponent;
            long scaled = units;
            while (extra-- > 0)
            {
                if (scaled % 10 != 0)
                {
                    throw new IllegalArgumentException(
                        "has more than " + exponent + " decimal places for its currency: " + text);
                }
                scaled /= 10;
            }
            return scaled;
        }
        final long factor = POWERS_OF_TEN[exponent - places];
        if (units > Long.MAX_VALUE / factor)
        {
            throw new IllegalArgumentException("too large: " + text);
        }
        return units * factor;
    }

    /**
     * Formats minor units as a decimal string with exactly {@code exponent} places.
     *
     * @param minor    amount in minor units.
     * @param exponent decimal places.
     * @return for example {@code "12.30"}.
     */
    public static String format(final long minor, final int exponent)
    {
        final StringBuilder sb = new StringBuilder(24);
        appendTo(sb, minor, exponent);
        return sb.toString();
    }

    /**
     * Appends minor units as a decimal with exactly {@code exponent} places.
     *
     * @param sb       where to append.
     * @param minor    amount in minor units (may be negative for differences).
     * @param exponent decimal places.
     */
    public static void appendTo(final StringBuilder sb, final long minor, final int exponent)
    {
        long v = minor;
        if (v < 0)
        {
            sb.append('-');
            v = -v;
        }
        if (exponent == 0)
        {
            sb.append(v);
            return;
        }
        final long factor = POWERS_OF_TEN[exponent];
        sb.append(v / factor).append('.');
        final long frac = v % factor;
        final String digits = Long.toString(frac);
        for (int i = digits.length(); i < exponent; i++)
        {
            sb.append('0');
        }
        sb.append(digits);
    }

    /**
     * Writes minor units as an ASCII decimal with exactly {@code exponent} places, allocation free.
     *
     * @param buffer   destination.
     * @param index    where to write.
     * @param minor    amount in minor units (non-negative or negative).
     * @param exponent decimal places.
     * @return bytes written.
     */
    public static int putDecimal(final MutableDirectBuffer buffer, final int index, final long minor, final int exponent)
    {
        int i = index;
        long v = minor;
        if (v < 0)
        {
            buffer.putByte(i++, (byte)'-');
            v = -v;
        }
        if (exponent == 0)
        {
            return (i - index) + buffer.putLongAscii(i, v);
        }
        final long factor = POWERS_OF_TEN[exponent];
        i += buffer.putLongAscii(i, v / factor);
        buffer.putByte(i++, (byte)'.');
        long frac = v % factor;
        for (int p = exponent - 1; p >= 0; p--)
        {
            buffer.putByte(i + p, (byte)('0' + (frac % 10)));
            frac /= 10;
        }
        return (i + exponent) - index;
    }
}
