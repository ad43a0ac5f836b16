package io.vigil.rules.lang;

import io.vigil.rules.expr.AggregateSpec;
import io.vigil.rules.expr.Condition;

import java.util.List;
import java.util.Objects;

/**
 * A compiled window: its shape, when it fires, and the condition over its aggregates.
 *
 * @param type       the kind of window.
 * @param sizeMs     its length (sliding, tumbling, hopping); 0 for session.
 * @param advanceMs  hopping: how far it moves; tumbling: equal to {@code sizeMs}; sliding, session: 0.
 * @param gapMs      session: the quiet time that closes it; others: 0.
 * @param latenessMs allowed lateness, ms (window key {@code lateness}, default 0).
 * @param fire       early (on the event that makes the condition true) or on close.
 * @param condition  the compiled {@code when}; for an on-close window it reads no event field (tx is null).
 * @param aggregates the aggregates the window must keep, indexed as the condition reads them.
 * @param whenText   the condition in canonical form, for summaries and alert details.
 */
public record CompiledWindow(
    WindowType type, long sizeMs, long advanceMs, long gapMs, long latenessMs, FireMode fire, Condition condition,
    List<AggregateSpec> aggregates, String whenText) implements CompiledPattern
{
    /**
     * Checks the parts and copies the list.
     */
    public CompiledWindow
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fire, "fire");
        Objects.requireNonNull(condition, "condition");
        aggregates = List.copyOf(aggregates);
    }
}
