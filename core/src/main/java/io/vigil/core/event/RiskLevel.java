package io.vigil.core.event;

/**
 * A merchant's or customer's risk level (the {@code level} byte of a merchant or account profile update). Codes are stable: they are stored in journals and snapshots.
 */
public enum RiskLevel
{
    LOW(1, "low"),
    MEDIUM(2, "medium"),
    HIGH(3, "high");

    private static final RiskLevel[] BY_CODE = new RiskLevel[4];

    static
    {
        for (final RiskLevel v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;
    private final String wireName;

    RiskLevel(final int code, final String wireName)
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
    public static RiskLevel fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static RiskLevel fromWireName(final String name)
    {
        for (final RiskLevel v : values())
        {
            if (v.wireName.equalsIgnoreCase(name))
            {
                return v;
            }
        }
        return null;
    }
}
