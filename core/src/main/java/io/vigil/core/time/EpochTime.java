package io.vigil.core.time;

import org.agrona.MutableDirectBuffer;

/**
 * Formats epoch milliseconds as ISO-8601 UTC ({@code 2026-11-24T07:25:46.123Z}) without allocating, for alert
 * records written on shard threads. Uses the proleptic Gregorian civil-from-days conversion.
 */
public final class EpochTime
{
    /** Length of the formatted text: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    public static final int ISO_LENGTH = 24;

    private static final long MS_PER_DAY = 86_400_000L;

    private EpochTime()
    {
    }

    /**
     * @param buffer destination.
     * @param index  where to write.
     * @param epochMs milliseconds since 1970-01-01T00:00:00Z, for years 0000..9999.
     * @return bytes written ({@link #ISO_LENGTH}).
     */
    public static int putIso(final MutableDirectBuffer buffer, final int index, final long epochMs)
    {
        final long days = Math.floorDiv(epochMs, MS_PER_DAY);
        final long msOfDay = Math.floorMod(epochMs, MS_PER_DAY);

        // civil from days: shift the epoch to 0000-03-01 so leap days fall at the end of a 400-year era
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long day = doy - (153 * mp + 2) / 5 + 1;
        final long month = mp < 10 ? mp + 3 : mp - 9;
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

        int i = index;
        i = digits(buffer, i, year, 4);
        buffer.putByte(i++, (byte)'-');
        i = digits(buffer, i, month, 2);
        buffer.putByte(i++, (byte)'-');
        i = digits(buffer, i, day, 2);
        buffer.putByte(i++, (byte)'T');
        i = digits(buffer, i, msOfDay / 3_600_000, 2);
        buffer.putByte(i++, (byte)':');
        i = digits(buffer, i, (msOfDay / 60_000) % 60, 2);
        buffer.putByte(i++, (byte)':');
        i = digits(buffer, i, (msOfDay / 1000) % 60, 2);
        buffer.putByte(i++, (byte)'.');
        i = digits(buffer, i, msOfDay % 1000, 3);
        buffer.putByte(i++, (byte)'Z');
        return i - index;
    }

    private static int digits(final MutableDirectBuffer buffer, final int index, final long value, final int width)
    {
        long v = value;
        for (int p = width - 1; p >= 0; p--)
        {
            buffer.putByte(index + p, (byte)('0' + (v % 10)));
            v /= 10;
        }
        return index + width;
    }
}
