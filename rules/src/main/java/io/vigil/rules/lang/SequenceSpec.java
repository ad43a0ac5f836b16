package io.vigil.rules.lang;

import java.util.List;

/**
 * A sequence pattern as written: steps matched in order (other events may come between), the whole match
 * within {@code withinMs}.
 *
 * @param steps    two or more steps, in order.
 * @param withinMs the time bound: every matched event's time in (t - within, t], t the last step's time.
 * @param pos      where the sequence's list starts.
 */
public record SequenceSpec(List<StepSpec> steps, long withinMs, SourcePos pos)
{
    /**
     * Copies the steps.
     */
    public SequenceSpec
    {
        steps = List.copyOf(steps);
    }
}
