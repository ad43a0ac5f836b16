package io.vigil.core.event;

/**
 * Which replicated reference list an entry belongs to (the {@code subtype} byte of a reference entry). Codes are stable: they are stored in journals and snapshots.
 */
public enum ReferenceList
{
    BLOCKED_BIN(1, "blocked_bin"),
    SANCTIONED_COUNTRY(2, "sanctioned_country");

    private static final ReferenceList[] BY_CODE = new ReferenceList[3];

    static
    {
        for (final ReferenceList v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;
    private final String wireName;

    ReferenceList(final int code, final String wireName)
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
    public static ReferenceList fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static ReferenceList fromWireName(final String name)
    {
        for (final ReferenceList v : values())
        {
            if (v.wireName.equalsIgnoreCase(name))
            {
                return v;
            }
        }
        return null;
    }
}
