package io.vigil.rules.lang;

/**
 * When a window rule fires.
 */
public enum FireMode
{
    /** On the event that makes {@code when} true (the only mode of sliding windows). */
    EARLY("early"),
    /** Once, as the window closes (the watermark passes its end), with the window's final aggregates. */
    ON_CLOSE("on-close"),
    /** Both: early on the crossing event, and a final result when the window closes. */
    EARLY_AND_ON_CLOSE("early-and-on-close");

    private final String wireName;

    FireMode(final String wireName)
    {
        this.wireName = wireName;
    }

    /** @return the name rule files use. */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param name a name as written.
     * @return the mode, or null when unknown.
     */
    public static FireMode fromWireName(final String name)
    {
        for (final FireMode f : values())
        {
            if (f.wireName.equals(name))
            {
                return f;
            }
        }
        return null;
    }
}
