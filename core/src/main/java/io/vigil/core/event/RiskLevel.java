package io.vigil.core.event;

/**
 * A merchant's or customer's risk level (the {@code level} byte of a merchant or account profile update). Codes are stable: they are stored in journals and snapshots.
 */
public enum RiskLevel implements CodeTable.Coded
{
    LOW(1, "low"),
    MEDIUM(2, "medium"),
    HIGH(3, "high");

    private static final CodeTable<RiskLevel> CODES = new CodeTable<>(values());

    private final byte code;
    private final String wireName;

    RiskLevel(final int code, final String wireName)
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
    public static RiskLevel fromCode(final int code)
    {
        return CODES.fromCode(code);
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static RiskLevel fromWireName(final String name)
    {
        return CODES.fromWireName(name);
    }
}
