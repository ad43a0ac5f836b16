package io.vigil.rules.lang;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rule files write them: a whole number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 250ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 30d}).
 */
public final class Durations
{
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,15})(ms|s|m|h|d)");
    private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s", "ms"};

    private Durations()
    {
    }

    /**
     * @param text a duration such as {@code 60s}.
     * @return milliseconds, or -1 when the text is not a duration.
     */
    public static long parseMs(final String text)
    {
        final Matcher m = DURATION.matcher(text);
        if (!m.matches())
        {
            return -1;
        }
        final long amount = Long.parseLong(m.group(1));
        for (int i = 0; i < UNIT_NAMES.length; i++)
        {
            if (UNIT_NAMES[i].equals(m.group(2)))
            {
                return Math.multiplyExact(amount, UNIT_MS[i]);
            }
        }
        return -1;
    }

    /**
     * @param ms a duration in milliseconds, not negative.
     * @return it in the largest unit that divides it exactly: {@code 60000} gives {@code 1m}, {@code 0} gives
     * {@code 0s}.
     */
    public static String format(final long ms)
    {
        if (ms == 0)
        {
            return "0s";
        }
        for (int i = 0; i < UNIT_MS.length; i++)
        {
            if (ms % UNIT_MS[i] == 0)
            {
                return ms / UNIT_MS[i] + UNIT_NAMES[i];
            }
        }
        return ms + "ms";
    }
}
