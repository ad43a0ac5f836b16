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
 * @param event    which kind of event the step matches ({@code event:}); transactions unless written.
 */
public record StepSpec(String name, ExprSource filter, int minTimes, boolean orMore, SourcePos pos,
    io.vigil.core.event.EventKind event)
{
    /**
     * A step matching transactions.
     *
     * @param name     the step's name.
     * @param filter   which events match it; null matches every transaction.
     * @param minTimes how many matching events it needs.
     * @param orMore   whether more may match.
     * @param pos      where the step's mapping starts.
     */
    public StepSpec(final String name, final ExprSource filter, final int minTimes, final boolean orMore,
        final SourcePos pos)
    {
        this(name, filter, minTimes, orMore, pos, io.vigil.core.event.EventKind.TRANSACTION);
    }

    /**
     * Checks the parts.
     */
    public StepSpec
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(event, "event");
        if (minTimes < 1)
        {
            throw new IllegalArgumentException("minTimes: expected >= 1, found " + minTimes);
        }
    }
}
