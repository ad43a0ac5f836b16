package io.vigil.core.event;

/**
 * What happened on an account (the {@code subtype} byte of an account event). Codes are stable: they are stored in journals and snapshots.
 */
public enum AccountAction implements CodeTable.Coded
{
    LOGIN(1, "login"),
    DEVICE_CHANGE(2, "device_change"),
    PASSWORD_RESET(3, "password_reset"),
    ADDRESS_CHANGE(4, "address_change");

    private static final CodeTable<AccountAction> CODES = new CodeTable<>(values());

    private final byte code;
    private final String wireName;

    AccountAction(final int code, final String wireName)
    {
        this.code = (byte)code;
        this.wireName = wireName;
    }

    @Override
    public byte code()
    {
        return code;
    }

    @Override
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
        return CODES.fromCode(code);
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static AccountAction fromWireName(final String name)
    {
        return CODES.fromWireName(name);
    }
}
