package io.vigil.core.alert;

/**
 * How urgent an alert is. Codes are stable: they travel in alert records.
 */
public enum Severity
{
    LOW(1, "low"),
    MEDIUM(2, "medium"),
    HIGH(3, "high"),
    CRITICAL(4, "critical");

    private final byte code;
    private final String wireName;

    Severity(final int code, final String wireName)
    {
        this.code = (byte)code;
        this.wireName = wireName;
    }

    /** @return the stored code. */
    public byte code()
    {
        return code;
    }

    /** @return the name used in rule files and alert JSON. */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param code a stored code.
     * @return the severity, or {@code null} when unknown.
     */
    public static Severity fromCode(final int code)
    {
        for (final Severity s : values())
        {
            if (s.code == code)
            {
                return s;
            }
        }
        return null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the severity, or {@code null} when unknown.
     */
    public static Severity fromWireName(final String name)
    {
        for (final Severity s : values())
        {
            if (s.wireName.equalsIgnoreCase(name))
            {
                return s;
            }
        }
        return null;
    }
}
