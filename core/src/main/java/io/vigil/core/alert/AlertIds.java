package io.vigil.core.alert;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Alert ids: 128 bits derived from (rule id, rule version, key type, key, trigger), so that the same alert
 * replayed from the journal, or found by a backtest, carries the same id. Two independent 64-bit FNV-1a
 * lanes, each finished with a MurmurHash3 mixer. Single-threaded use per instance; allocation free.
 */
public final class AlertIds
{
    private static final long PRIME = 0x100000001b3L;
    private static final long SEED_HI = 0xcbf29ce484222325L;
    private static final long SEED_LO = 0x84222325cbf29ce4L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private long hi;
    private long lo;

    /**
     * Starts a new id.
     *
     * @return this.
     */
    public AlertIds reset()
    {
        hi = SEED_HI;
        lo = SEED_LO;
        return this;
    }

    /**
     * @param s ASCII text to mix in, followed by a separator.
     * @return this.
     */
    public AlertIds add(final CharSequence s)
    {
        for (int i = 0, n = s.length(); i < n; i++)
        {
            addByte(s.charAt(i) & 0xFF);
        }
        addByte(0x1F);
        return this;
    }

    /**
     * @param marker one byte that separates kinds of trigger (e.g. 'w' for a window start).
     * @return this.
     */
    public AlertIds add(final char marker)
    {
        addByte(marker & 0xFF);
        addByte(0x1E);
        return this;
    }

    /**
     * @param value a number to mix in, as 8 bytes.
     * @return this.
     */
    public AlertIds add(final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            addByte((int)(value >>> (i * 8)) & 0xFF);
        }
        return this;
    }

    /**
     * @param buffer holding bytes to mix in.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public AlertIds add(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            addByte(buffer.getByte(offset + i) & 0xFF);
        }
        addByte(0x1F);
        return this;
    }

    /** @return the high 64 bits of the finished id. */
    public long hi()
    {
        return mix(hi);
    }

    /** @return the low 64 bits of the finished id. */
    public long lo()
    {
        return mix(lo ^ 0x9E3779B97F4A7C15L);
    }

    /**
     * @param hi high bits.
     * @param lo low bits.
     * @return 32 lower-case hex digits.
     */
    public static String toHex(final long hi, final long lo)
    {
        final char[] chars = new char[32];
        for (int i = 0; i < 16; i++)
        {
            chars[i] = (char)HEX[(int)(hi >>> (60 - i * 4)) & 0xF];
            chars[16 + i] = (char)HEX[(int)(lo >>> (60 - i * 4)) & 0xF];
        }
        return new String(chars);
    }

    /**
     * Writes an id as 32 lower-case hex digits, allocation free.
     *
     * @param buffer destination.
     * @param index  where to write.
     * @param hi     high bits.
     * @param lo     low bits.
     * @return bytes written (32).
     */
    public static int putHex(final MutableDirectBuffer buffer, final int index, final long hi, final long lo)
    {
        for (int i = 0; i < 16; i++)
        {
            buffer.putByte(index + i, HEX[(int)(hi >>> (60 - i * 4)) & 0xF]);
            buffer.putByte(index + 16 + i, HEX[(int)(lo >>> (60 - i * 4)) & 0xF]);
        }
        return 32;
    }

    private void addByte(final int b)
    {
        hi = (hi ^ b) * PRIME;
        lo = (lo ^ (b + 0x5B)) * PRIME;
    }

    private static long mix(final long value)
    {
        long k = value;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
