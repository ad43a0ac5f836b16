package io.vigil.rules.lang;

/**
 * The kinds of window a rule can aggregate over (semantics in DESIGN.md, "Windows and patterns").
 */
public enum WindowType
{
    /** Per event: the key's events in (t - size, t]. Fires early only, on the event that crosses. */
    SLIDING("sliding"),
    /** Epoch-aligned [k*size, (k+1)*size). */
    TUMBLING("tumbling"),
    /** Epoch-aligned [k*advance, k*advance + size), overlapping when advance &lt; size. */
    HOPPING("hopping"),
    /** A key's events less than gap apart; closes at last event + gap. */
    SESSION("session");

    private final String wireName;

    WindowType(final String wireName)
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
     * @return the type, or null when unknown.
     */
    public static WindowType fromWireName(final String name)
    {
        for (final WindowType t : values())
        {
            if (t.wireName.equals(name))
            {
                return t;
            }
        }
        return null;
    }
}
