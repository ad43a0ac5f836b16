package io.vigil.ops.generate;

/**
 * Text forms of the generator's identifiers: a prefix and a zero-padded number, so that ids sort as their numbers
 * do; devices as hex, addresses as dotted quads.
 */
final class Ids
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids()
    {
    }

    /**
     * @param prefix such as {@code "tx-"}.
     * @param value  not negative and with at most {@code width} digits.
     * @param width  digits, zero-padded on the left.
     * @return for example {@code tx-0000000042}.
     */
    static String padded(final String prefix, final long value, final int width)
    {
        final int p = prefix.length();
        final char[] chars = new char[p + width];
        prefix.getChars(0, p, chars, 0);
        long v = value;
        for (int i = chars.length - 1; i >= p; i--)
        {
            chars[i] = (char)('0' + (v % 10));
            v /= 10;
        }
        if (v != 0)
        {
            throw new IllegalArgumentException(value + " has more than " + width + " digits");
        }
        return new String(chars);
    }

    /**
     * @param bits random bits.
     * @return {@code dev-} and 16 hex digits.
     */
    static String device(final long bits)
    {
        final char[] chars = new char[20];
        chars[0] = 'd';
        chars[1] = 'e';
        chars[2] = 'v';
        chars[3] = '-';
        for (int i = 0; i < 16; i++)
        {
            chars[4 + i] = HEX[(int)(bits >>> (60 - 4 * i)) & 0xF];
        }
        return new String(chars);
    }

    /**
     * @param address an IPv4 address, most significant octet first.
     * @return its dotted-quad text.
     */
    static String ipv4(final int address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }
}
