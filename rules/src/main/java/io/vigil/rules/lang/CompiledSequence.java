package io.vigil.rules.lang;

import java.util.List;

/**
 * A compiled sequence: steps matched in order, all within {@code withinMs}; fires on the last step's event.
 *
 * @param steps    two or more steps, in order.
 * @param withinMs the bound: every matched event's time in (t - within, t], t the last step's time.
 */
public record CompiledSequence(List<CompiledStep> steps, long withinMs) implements CompiledPattern
{
    /**
     * Checks the parts and copies the list.
     */
    public CompiledSequence
    {
        steps = List.copyOf(steps);
        if (steps.size() < 2 || withinMs <= 0)
        {
            throw new IllegalArgumentException("expected >= 2 steps and within > 0, found " + steps.size() +
                " steps, within " + withinMs + " ms");
        }
    }
}
