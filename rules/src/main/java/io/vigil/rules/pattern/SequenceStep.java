package io.vigil.rules.pattern;

import io.vigil.rules.expr.TxPredicate;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One step of a {@link StepSequenceRule}: which events it takes and how many.
 * <p>
 * {@code times: 3} is {@code (3, false)}: the match uses exactly the 3 latest events of the step (there may
 * be more matching events, the step still matches: with skip-till-any-match "exactly 3" and "at least 3" find
 * the same matches, and differ only in what the alert lists). {@code times: 3+} is {@code (3, true)}: at least
 * 3, and the alert lists every matching event between the previous step's match and the next step's. See the
 * package documentation for the precise semantics.
 *
 * @param name     the step's name ({@code as:} in a rule file), used in alert details as {@code <name>_count}
 *                 and so on: a letter or {@code _}, then letters, digits and {@code _}, at most
 *                 {@value #MAX_NAME_LENGTH} characters.
 * @param filter   which events match the step.
 * @param minTimes N, how many matching events the step needs, >= 1.
 * @param orMore   whether the step takes N or more ({@code N+}) rather than exactly N.
 */
public record SequenceStep(String name, TxPredicate filter, int minTimes, boolean orMore)
{
    /** Longest step name, so the alert detail names stay short. */
    public static final int MAX_NAME_LENGTH = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0," + (MAX_NAME_LENGTH - 1) + "}");

    /**
     * Validates the step.
     */
    public SequenceStep
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filter, "filter");
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("step name: expected a letter or '_', then letters, digits or '_' " +
                "(at most " + MAX_NAME_LENGTH + "), found '" + name + "'");
        }
        if (minTimes < 1)
        {
            throw new IllegalArgumentException("step '" + name + "': times: expected >= 1, found " + minTimes);
        }
    }

    /**
     * @param name   the step's name.
     * @param filter which events match it.
     * @return a step taken by exactly one event.
     */
    public static SequenceStep once(final String name, final TxPredicate filter)
    {
        return new SequenceStep(name, filter, 1, false);
    }

    /** @return the step's times as written in a rule file: {@code 3} or {@code 3+}. */
    public String timesText()
    {
        return orMore ? minTimes + "+" : Integer.toString(minTimes);
    }
}
