package io.vigil.rules.expr;

import io.vigil.core.event.KeyType;

/**
 * The fields of an event that expressions can read, with their type and how they are stored, and the table
 * fields an event is enriched with ({@code profile.*}, {@code merchant.*}, {@code customer.risk}; see
 * {@code docs/joins.md}).
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
    HOUR("hour", ExprType.NUMBER, Storage.NUMBER, null, "UTC hour of ts, 0 to 23"),
    /** An account event's action; "" for other kinds. */
    ACTION("action", ExprType.STRING, Storage.CODE, null,
        "an account event's action: login, device_change, password_reset, address_change; \"\" for other kinds"),
    /** The card profile's home country (table: card profile); "" when the card has no profile. */
    PROFILE_HOME_COUNTRY("profile.home_country", ExprType.STRING, Storage.TABLE_COUNTRY, null,
        "the card profile's home country, \"\" when the card has no profile"),
    /** The card profile's status; "" when the card has no profile. */
    PROFILE_CARD_STATUS("profile.card_status", ExprType.STRING, Storage.CODE, null,
        "the card profile's status: active, blocked, lost, stolen, closed; \"\" when no profile"),
    /** The card profile's limit in major units of its currency (0 = none); NaN when no profile. */
    PROFILE_LIMIT("profile.limit", ExprType.NUMBER, Storage.NUMBER, null,
        "the card profile's limit in its currency's major unit (0 = none), NaN when no profile"),
    /** The card profile's account; "" when no profile. */
    PROFILE_ACCOUNT("profile.account", ExprType.STRING, Storage.TABLE_BYTES, null,
        "the card profile's account id, \"\" when no profile"),
    /** The merchant's risk (table: merchant reference); "" when the merchant has no row. */
    MERCHANT_RISK("merchant.risk", ExprType.STRING, Storage.CODE, null,
        "the merchant's risk: low, medium, high; \"\" when the merchant has no reference row"),
    /** The merchant's category code (table: merchant reference); NaN when no row. */
    MERCHANT_CATEGORY("merchant.category", ExprType.NUMBER, Storage.NUMBER, null,
        "the merchant's category code, NaN when the merchant has no reference row"),
    /** The customer's risk through card profile → account profile; "" when either row is missing. */
    CUSTOMER_RISK("customer.risk", ExprType.STRING, Storage.CODE, null,
        "the card's customer risk (card profile's account → account profile): low, medium, high; \"\" when " +
        "either is missing");

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
        NUMBER,
        /** A one-byte code named by an enum's wire names ("" for code 0): action, card status, risk levels. */
        CODE,
        /** A table's two-letter country, packed; "" when missing. */
        TABLE_COUNTRY,
        /** A table's length-prefixed ASCII bytes; "" when missing. */
        TABLE_BYTES
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

    /**
     * @return the table a field reads ("profile", "merchant", "customer"), null for the event's own fields.
     */
    public String table()
    {
        final int dot = wireName.indexOf('.');
        return dot < 0 ? null : wireName.substring(0, dot);
    }

    /**
     * @return whether the field is read from the card's own shard only (card profile and the customer view):
     * usable in rules keyed by card.
     */
    public boolean needsCardKey()
    {
        return "profile".equals(table()) || "customer".equals(table());
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
            if (f.table() == null)
            {
                sb.append(sb.length() > 0 ? ", " : "").append(f.wireName);
            }
        }
        sb.append("; table fields: ");
        boolean first = true;
        for (final Field f : values())
        {
            if (f.table() != null)
            {
                sb.append(first ? "" : ", ").append(f.wireName);
                first = false;
            }
        }
        return sb.toString();
    }
}
