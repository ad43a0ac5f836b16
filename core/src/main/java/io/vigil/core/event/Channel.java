package io.vigil.core.event;

/**
 * Where a card transaction was made. Codes are stable: they are stored in journals.
 */
public enum Channel
{
    POS(1, "pos"),
    ECOM(2, "ecom"),
    ATM(3, "atm"),
    MOTO(4, "moto"),
    CONTACTLESS(5, "contactless"),
    OTHER(6, "other");

    private static final Channel[] BY_CODE = new Channel[8];

    static
    {
        for (final Channel c : values())
        {
            BY_CODE[c.code] = c;
        }
    }

    private final byte code;
    private final String wireName;

    Channel(final int code, final String wireName)
    {
        this.code = (byte)code;
        this.wireName = wireName;
    }

    /** @return the byte stored in the event. */
    public byte code()
    {
        return code;
    }

    /** @return the name used in JSON input and output. */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param code a stored code.
     * @return the channel, or {@code null} for an unknown code.
     */
    public static Channel fromCode(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the channel, or {@code null} when the name is unknown.
     */
    public static Channel fromWireName(final String name)
    {
        for (final Channel c : values())
        {
            if (c.wireName.equalsIgnoreCase(name))
            {
                return c;
            }
        }
        return null;
    }
}
