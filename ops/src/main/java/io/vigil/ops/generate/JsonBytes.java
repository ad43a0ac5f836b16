package io.vigil.ops.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer that writes JSON tokens as UTF-8 directly: numbers without going through strings,
 * exact decimals from minor units, strings escaped per RFC 8259. The writers fill it line by line and drain it
 * to their stream in large blocks. One thread.
 */
final class JsonBytes
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};
    private static final double MICRO = 1_000_000d;

    private byte[] bytes;
    private int length;

    JsonBytes(final int initialCapacity)
    {
        bytes = new byte[initialCapacity];
    }

    /** @return bytes held. */
    int length()
    {
        return length;
    }

    /**
     * Writes the held bytes to a stream and empties the buffer.
     *
     * @param out destination.
     * @throws IOException from the stream.
     */
    void drainTo(final OutputStream out) throws IOException
    {
        out.write(bytes, 0, length);
        length = 0;
    }

    /** @return the held bytes as a string, then empties the buffer. */
    String drainToString()
    {
        final String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return s;
    }

    /**
     * @param ascii pre-encoded ASCII, such as a field name with its quotes and colon.
     * @return this.
     */
    JsonBytes raw(final byte[] ascii)
    {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
        return this;
    }

    /**
     * @param c an ASCII character.
     * @return this.
     */
    JsonBytes raw(final char c)
    {
        ensure(1);
        bytes[length++] = (byte)c;
        return this;
    }

    /**
     * @param value any long.
     * @return this.
     */
    JsonBytes number(final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            return raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        ensure(20);
        long v = value;
        if (v < 0)
        {
            bytes[length++] = '-';
            v = -v;
        }
        final int digits = digits(v);
        for (int i = length + digits - 1; i >= length; i--)
        {
            bytes[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Writes an exact decimal with exactly {@code exponent} places: 1230 with exponent 2 is {@code 12.30}.
     *
     * @param minor    amount in minor units, not {@link Long#MIN_VALUE}.
     * @param exponent decimal places, 0..6.
     * @return this.
     */
    JsonBytes decimal(final long minor, final int exponent)
    {
        if (exponent == 0)
        {
            return number(minor);
        }
        ensure(28);
        long v = minor;
        if (v < 0)
        {
            bytes[length++] = '-';
            v = -v;
        }
        final long factor = POWERS_OF_TEN[exponent];
        number(v / factor);
        bytes[length++] = '.';
        long fraction = v % factor;
        for (int i = length + exponent - 1; i >= length; i--)
        {
            bytes[i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }
        length += exponent;
        return this;
    }

    /**
     * Writes degrees with six decimals (about 0.1 m), e.g. {@code 40.712800}, {@code -0.127800}.
     *
     * @param degrees a finite value in [-180, 180].
     * @return this.
     */
    JsonBytes degrees(final double degrees)
    {
        final long micro = Math.round(degrees * MICRO);
        if (micro < 0)
        {
            raw('-');
        }
        return decimal(Math.abs(micro), 6);
    }

    /**
     * @param value any string; written quoted and escaped, non-ASCII as UTF-8.
     * @return this.
     */
    JsonBytes string(final String value)
    {
        final int n = value.length();
        ensure(n + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            {
                ensure(1);
                bytes[length++] = (byte)c;
            }
            else
            {
                i = special(value, i, c);
            }
        }
        ensure(1);
        bytes[length++] = '"';
        return this;
    }

    private int special(final String value, final int index, final char c)
    {
        ensure(6);
        if (c == '"' || c == '\\')
        {
            bytes[length++] = '\\';
            bytes[length++] = (byte)c;
        }
        else if (c < 0x20 || c == 0x7F)
        {
            bytes[length++] = '\\';
            bytes[length++] = 'u';
            bytes[length++] = '0';
            bytes[length++] = '0';
            bytes[length++] = HEX[c >> 4 & 0xF];
            bytes[length++] = HEX[c & 0xF];
        }
        else if (Character.isHighSurrogate(c) && index + 1 < value.length() &&
            Character.isLowSurrogate(value.charAt(index + 1)))
        {
            final int cp = Character.toCodePoint(c, value.charAt(index + 1));
            bytes[length++] = (byte)(0xF0 | cp >> 18);
            bytes[length++] = (byte)(0x80 | (cp >> 12 & 0x3F));
            bytes[length++] = (byte)(0x80 | (cp >> 6 & 0x3F));
            bytes[length++] = (byte)(0x80 | (cp & 0x3F));
            return index + 1;
        }
        else if (Character.isSurrogate(c))
        {
            bytes[length++] = '?';
        }
        else if (c < 0x800)
        {
            bytes[length++] = (byte)(0xC0 | c >> 6);
            bytes[length++] = (byte)(0x80 | (c & 0x3F));
        }
        else
        {
            bytes[length++] = (byte)(0xE0 | c >> 12);
            bytes[length++] = (byte)(0x80 | (c >> 6 & 0x3F));
            bytes[length++] = (byte)(0x80 | (c & 0x3F));
        }
        return index;
    }

    private void ensure(final int extra)
    {
        if (length + extra > bytes.length)
        {
            final byte[] grown = new byte[Math.max(bytes.length * 2, length + extra)];
            System.arraycopy(bytes, 0, grown, 0, length);
            bytes = grown;
        }
    }

    private static int digits(final long v)
    {
        int d = 1;
        long p = 10;
        while (d < 19 && v >= p)
        {
            d++;
            p *= 10;
        }
        return d;
    }
}
