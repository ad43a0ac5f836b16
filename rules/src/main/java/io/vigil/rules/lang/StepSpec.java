package io.vigil.rules.lang;

import java.util.Objects;

/**
 * One step of a sequence, or one side of an absence, as written.
 *
 * @param name     the step's name ({@code as}), unique within its pattern.
 * @param filter   which events match it; null matches every event.
 * @param minTimes how many matching events it needs, from 1.
 * @param orMore   whether more may match ({@code times: 3+}).
 * @param pos      where the step's mapping starts.
 */
public record StepSpec(String name, ExprSource filter, int minTimes, boolean orMore, SourcePos pos)
{
    /**
     * Checks the parts.
     */
    public StepSpec
    {
        Objects.requireNonNull(name, "name");
        if (minTimes < 1)
        {
            throw new IllegalArgumentException("minTimes: expected >= 1, found " + minTimes);
        }
    }
}
