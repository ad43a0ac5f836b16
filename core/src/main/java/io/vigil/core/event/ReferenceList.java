package io.vigil.core.event;

/**
 * Which replicated reference list an entry belongs to (the {@code subtype} byte of a reference entry). Codes are stable: they are stored in journals and snapshots.
 */
public enum ReferenceList implements CodeTable.Coded
{
    BLOCKED_BIN(1, "blocked_bin"),
    SANCTIONED_COUNTRY(2, "sanctioned_country");

    private static final CodeTable<ReferenceList> CODES = new CodeTable<>(values());

    private final byte code;
    private final String wireName;

    ReferenceList(final int code, final String wireName)
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
    public static ReferenceList fromCode(final int code)
    {
        return CODES.fromCode(code);
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static ReferenceList fromWireName(final String name)
    {
        return CODES.fromWireName(name);
    }
}
