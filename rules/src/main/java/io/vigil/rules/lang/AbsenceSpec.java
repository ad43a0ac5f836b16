package io.vigil.rules.lang;

import java.util.Objects;

/**
 * An absence pattern as written: an event matching {@code first} not followed by one matching {@code then}
 * within {@code withinMs}; fires when the watermark passes first's time + within.
 *
 * @param first    the event that starts the wait.
 * @param then     the event whose absence fires the rule.
 * @param withinMs how long to wait.
 * @param pos      where the absence's mapping starts.
 */
public record AbsenceSpec(StepSpec first, StepSpec then, long withinMs, SourcePos pos)
{
    /**
     * Checks the parts are present.
     */
    public AbsenceSpec
    {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(then, "then");
    }
}
