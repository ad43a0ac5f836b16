package io.vigil.core.event;

/**
 * A card's status in its profile (the {@code subtype} byte of a card profile update). Codes are stable: they are stored in journals and snapshots.
 */
public enum CardStatus implements CodeTable.Coded
{
    ACTIVE(1, "active"),
    BLOCKED(2, "blocked"),
    LOST(3, "lost"),
    STOLEN(4, "stolen"),
    CLOSED(5, "closed");

    private static final CodeTable<CardStatus> CODES = new CodeTable<>(values());

    private final byte code;
    private final String wireName;

    CardStatus(final int code, final String wireName)
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
    public static CardStatus fromCode(final int code)
    {
        return CODES.fromCode(code);
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static CardStatus fromWireName(final String name)
    {
        return CODES.fromWireName(name);
    }
}
