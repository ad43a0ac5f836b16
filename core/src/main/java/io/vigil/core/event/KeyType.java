package io.vigil.core.event;

/**
 * The entity a rule keys its state by. Each key type maps to one string field of the transaction.
 */
public enum KeyType
{
    CARD("card", TransactionDescriptor.CARD_OFFSET, TransactionDescriptor.CARD_HASH_OFFSET),
    ACCOUNT("account", TransactionDescriptor.ACCOUNT_OFFSET, TransactionDescriptor.ACCOUNT_HASH_OFFSET),
    MERCHANT("merchant", TransactionDescriptor.MERCHANT_OFFSET, TransactionDescriptor.MERCHANT_HASH_OFFSET),
    DEVICE("device", TransactionDescriptor.DEVICE_OFFSET, TransactionDescriptor.DEVICE_HASH_OFFSET),
    IP("ip", TransactionDescriptor.IP_OFFSET, TransactionDescriptor.IP_HASH_OFFSET);

    private final String wireName;
    private final int fieldOffset;
    private final int hashOffset;

    KeyType(final String wireName, final int fieldOffset, final int hashOffset)
    {
        this.wireName = wireName;
        this.fieldOffset = fieldOffset;
        this.hashOffset = hashOffset;
    }

    /** @return the name used in rule files and in alerts' {@code key_type}. */
    public String wireName()
    {
        return wireName;
    }

    /** @return offset of the length-prefixed string field in the transaction layout. */
    public int fieldOffset()
    {
        return fieldOffset;
    }

    /** @return offset of the precomputed 64-bit hash of the field. */
    public int hashOffset()
    {
        return hashOffset;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the key type, or {@code null} when unknown.
     */
    public static KeyType fromWireName(final String name)
    {
        for (final KeyType k : values())
        {
            if (k.wireName.equalsIgnoreCase(name))
            {
                return k;
            }
        }
        return null;
    }
}
