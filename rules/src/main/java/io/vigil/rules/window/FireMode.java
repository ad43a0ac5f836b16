package io.vigil.rules.window;

/**
 * When a {@link WindowRule} fires.
 */
public enum FireMode
{
    /**
     * On the event that first makes the condition true in a window (at most once per window), for the lowest
     * latency; the alert is the event's. The only mode of {@link WindowType#SLIDING}, which fires on every
     * event whose window meets the condition.
     */
    EARLY,
    /** When the window closes, if the condition holds on its final aggregates; the alert is the window's. */
    ON_CLOSE,
    /** Both: an early alert on the crossing event and a final one on close. */
    EARLY_AND_ON_CLOSE;

    /** @return whether the mode fires on events. */
    public boolean firesEarly()
    {
        return this != ON_CLOSE;
    }

    /** @return whether the mode fires when windows close. */
    public boolean firesOnClose()
    {
        return this != EARLY;
    }
}
