package io.vigil.core.event;

/**
 * What happened on an account (the {@code subtype} byte of an account event). Codes are stable: they are stored in journals and snapshots.
 */
public enum AccountAction
{
    LOGIN(1, "login"),
    DEVICE_CHANGE(2, "device_change"),
    PASSWORD_RESET(3, "password_reset"),
    ADDRESS_CHANGE(4, "address_change");

    private static final AccountAction[] BY_CODE = new AccountAction[5];

    static
    {
        for (final AccountAction v : values())
        {
            BY_CODE[v.code] = v;
        }
    }

    private final byte code;
    private final String wireName;

    AccountAction(final int code, final String wireName)
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
    public static AccountAction fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static AccountAction fromWireName(final String name)
    {
        for (final AccountAction v : values())
        {
            if (v.wireName.equalsIgnoreCase(name))
            {
                return v;
            }
        }
        return null;
    }
}
