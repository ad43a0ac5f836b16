package io.vigil.journal.outbox;

import io.vigil.core.alert.AlertIds;

/**
 * Alert ids as text, both ways: 32 lower-case hex digits (the form of the alert JSON's {@code alert_id}).
 */
public final class AlertIdHex
{
    private AlertIdHex()
    {
    }

    /**
     * @param hi high 64 bits.
     * @param lo low 64 bits.
     * @return 32 lower-case hex digits.
     */
    public static String toHex(final long hi, final long lo)
    {
        return AlertIds.toHex(hi, lo);
    }

    /**
     * @param hex 32 hex digits.
     * @return {hi, lo}.
     * @throws IllegalArgumentException if {@code hex} is not 32 hex digits.
     */
    public static long[] parse(final String hex)
    {
        if (hex == null || hex.length() != 32)
        {
            throw new IllegalArgumentException("alert id: expected 32 hex digits, found '" + hex + "'");
        }
        try
        {
            return new long[] {Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)};
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("alert id: expected 32 hex digits, found '" + hex + "'", ex);
        }
    }
}
