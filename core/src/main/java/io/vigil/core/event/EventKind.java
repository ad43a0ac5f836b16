package io.vigil.core.event;

/**
 * The kind of an event on the ring and in the journal ({@link TransactionDescriptor#KIND_OFFSET}); every kind uses the transaction layout (see {@link TransactionDescriptor} for what each field means per kind). Codes are stable: they are stored in journals and snapshots.
 */
public enum EventKind implements CodeTable.Coded
{
    TRANSACTION(1, "transaction"),
    CARD_PROFILE(2, "card_profile"),
    MERCHANT_PROFILE(3, "merchant_profile"),
    ACCOUNT_EVENT(4, "account_event"),
    ACCOUNT_PROFILE(5, "account_profile"),
    REFERENCE(6, "reference");

    private static final CodeTable<EventKind> CODES = new CodeTable<>(values());

    private final byte code;
    private final String wireName;

    EventKind(final int code, final String wireName)
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
    public static EventKind fromCode(final int code)
    {
        return CODES.fromCode(code);
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown.
     */
    public static EventKind fromWireName(final String name)
    {
        return CODES.fromWireName(name);
    }
}
