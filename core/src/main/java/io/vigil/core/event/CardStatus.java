package io.vigil.core.event;

/**
 * A card's status in its profile (the {@code subtype} byte of a card profile update). Codes are stable: they are stored in journals and snapshots.
 */
public enum CardStatus
{
    ACTIVE(1, "active"),
    BLOCKED(2, "blocked"),
    LOST(3, "lost"),
    STOLEN(4, "stolen"),
    CLOSED(5, "closed");

    private static final CardStatus[] BY_CODE = new CardStatus[6];

    static
    {
        for (final CardStatus v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;
    private final String wireName;

    CardStatus(final int code, final String wireName)
    {
        this.code = (byte)code;
        this.wireName = wireName;
    }

    /** @return the byte stored in the event. */
    public byte code()
    {
        return code;
    }

    /** @return the name used in JSON input and output and in rule files. */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param code a stored code.
     * @return the value, or {@code null} for an unknown code.
     */
    public static CardStatus fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static CardStatus fromWireName(final String name)
    {
        for (final CardStatus v : values())
        {
            if (v.wireName.equalsIgnoreCase(name))
            {
                return v;
            }
        }
        return null;
    }
}
