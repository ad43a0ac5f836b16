package io.vigil.rules.expr;

import io.vigil.core.event.KeyType;

/**
 * The fields of a transaction that expressions can read, with their type and how they are stored.
 */
public enum Field
{
    /** Transaction id (ASCII, up to 47 characters). */
    ID("id", ExprType.STRING, Storage.BYTES, null, "transaction id"),
    /** Card token. */
    CARD("card", ExprType.STRING, Storage.BYTES, KeyType.CARD, "card token"),
    /** Account id; "" when absent. */
    ACCOUNT("account", ExprType.STRING, Storage.BYTES, KeyType.ACCOUNT, "account id, \"\" when absent"),
    /** Merchant id. */
    MERCHANT("merchant", ExprType.STRING, Storage.BYTES, KeyType.MERCHANT, "merchant id"),
    /** Device id; "" when absent. */
    DEVICE("device", ExprType.STRING, Storage.BYTES, KeyType.DEVICE, "device id, \"\" when absent"),
    /** IP address text; "" when absent. */
    IP("ip", ExprType.STRING, Storage.BYTES, KeyType.IP, "IP address as text, \"\" when absent"),
    /** ISO 4217 currency code, three upper-case letters. */
    CURRENCY("currency", ExprType.STRING, Storage.CURRENCY, null, "ISO 4217 code such as \"EUR\""),
    /** ISO 3166-1 alpha-2 country code, two upper-case letters. */
    COUNTRY("country", ExprType.STRING, Storage.COUNTRY, null, "ISO 3166 code such as \"DE\""),
    /** Channel: pos, ecom, atm, moto, contactless, other. */
    CHANNEL("channel", ExprType.STRING, Storage.CHANNEL, null, "pos, ecom, atm, moto, contactless or other"),
    /** Status: approved or declined. */
    STATUS("status", ExprType.STRING, Storage.STATUS, null, "approved or declined"),
    /** Amount in major units of the transaction's currency (12.34), as a double. */
    AMOUNT("amount", ExprType.NUMBER, Storage.NUMBER, null, "amount in the currency's major unit"),
    /** Event time, epoch milliseconds. */
    TS("ts", ExprType.NUMBER, Storage.NUMBER, null, "event time, epoch milliseconds"),
    /** Merchant category code; 0 when absent. */
    MCC("mcc", ExprType.NUMBER, Storage.NUMBER, null, "merchant category code, 0 when absent"),
    /** Latitude in degrees; NaN when absent. */
    LAT("lat", ExprType.NUMBER, Storage.NUMBER, null, "latitude, degrees, NaN when absent"),
    /** Longitude in degrees; NaN when absent. */
    LON("lon", ExprType.NUMBER, Storage.NUMBER, null, "longitude, degrees, NaN when absent"),
    /** UTC hour of the event time, 0..23. */
    HOUR("hour", ExprType.NUMBER, Storage.NUMBER, null, "UTC hour of ts, 0 to 23");

    /** How a field sits in the event, which decides how it is compared. */
    enum Storage
    {
        /** Length-prefixed ASCII bytes. */
        BYTES,
        /** Three letters packed in an int. */
        CURRENCY,
        /** Two letters packed in an int. */
        COUNTRY,
        /** A channel code byte. */
        CHANNEL,
        /** A status code byte. */
        STATUS,
        /** A number. */
        NUMBER
    }

    private final String wireName;
    private final ExprType type;
    private final Storage storage;
    private final KeyType keyType;
    private final String description;

    Field(final String wireName, final ExprType type, final Storage storage, final KeyType keyType,
        final String description)
    {
        this.wireName = wireName;
        this.type = type;
        this.storage = storage;
        this.keyType = keyType;
        this.description = description;
    }

    /** @return the name expressions use. */
    public String wireName()
    {
        return wireName;
    }

    /** @return its type. */
    public ExprType type()
    {
        return type;
    }

    /** @return what it holds, with its unit. */
    public String description()
    {
        return description;
    }

    Storage storage()
    {
        return storage;
    }

    /** @return the key type of a key field, null for id and the non-key fields. */
    KeyType keyType()
    {
        return keyType;
    }

    /**
     * @param name a field name as written (case-sensitive).
     * @return the field, or null when there is none by that name.
     */
    public static Field fromWireName(final String name)
    {
        for (final Field f : values())
        {
            if (f.wireName.equals(name))
            {
                return f;
            }
        }
        return null;
    }

    /** @return every field name, comma separated, for messages. */
    static String names()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Field f : values())
        {
            if (sb.length() > 0)
            {
                sb.append(", ");
            }
            sb.append(f.wireName);
        }
        return sb.toString();
    }
}
