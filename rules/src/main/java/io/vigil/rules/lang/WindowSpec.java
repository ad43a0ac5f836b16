package io.vigil.rules.lang;

import java.util.Objects;

/**
 * A rule's window as written, validated.
 *
 * @param type      the kind of window.
 * @param sizeMs    its length (sliding, tumbling, hopping); 0 for session.
 * @param advanceMs how far a hopping window moves; equal to {@code sizeMs} for tumbling; 0 for sliding and
 *                  session.
 * @param gapMs     the inactivity that closes a session; 0 for the others.
 * @param latenessMs allowed lateness: how long after the watermark passes a window's end it still takes events.
 * @param fire      when it fires.
 * @param when      the condition that fires it.
 * @param pos       where the window's mapping starts.
 */
public record WindowSpec(
    WindowType type, long sizeMs, long advanceMs, long gapMs, long latenessMs, FireMode fire, ExprSource when,
    SourcePos pos)
{
    /**
     * Checks the parts are present.
     */
    public WindowSpec
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fire, "fire");
        Objects.requireNonNull(when, "when");
    }
}
