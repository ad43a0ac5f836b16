package io.vigil.core.event;

/**
 * Outcome of the authorisation. Codes are stable: they are stored in journals.
 */
public enum TxStatus
{
    APPROVED(1, "approved"),
    DECLINED(2, "declined");

    private final byte code;
    private final String wireName;

    TxStatus(final int code, final String wireName)
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
     * @return the status, or {@code null} for an unknown code.
     */
    public static TxStatus fromCode(final int code)
    {
        return code == 1 ? APPROVED : code == 2 ? DECLINED : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the status, or {@code null} when the name is unknown.
     */
    public static TxStatus fromWireName(final String name)
    {
        for (final TxStatus s : values())
        {
            if (s.wireName.equalsIgnoreCase(name))
            {
                return s;
            }
        }
        return null;
    }
}
