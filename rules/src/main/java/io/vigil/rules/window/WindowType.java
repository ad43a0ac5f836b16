package io.vigil.rules.window;

/**
 * How a {@link WindowRule} groups a key's events in event time (semantics in {@code DESIGN.md}).
 */
public enum WindowType
{
    /** Per event: the key's events in {@code (t − size, t]} that come no later in reference order. */
    SLIDING,
    /** {@code [k·size, (k+1)·size)}, aligned on the epoch. */
    TUMBLING,
    /** {@code [k·advance, k·advance + size)}: each event belongs to {@code size / advance} windows. */
    HOPPING,
    /** Events closer than the gap form one session, {@code [first, last + gap)}. */
    SESSION
}
