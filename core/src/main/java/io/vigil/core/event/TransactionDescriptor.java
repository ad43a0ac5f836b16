package io.vigil.core.event;

/**
 * Binary layout of a transaction event, as it sits in a ring slot and in the journal.
 * All numbers are little-endian. Strings are ASCII/UTF-8 bytes with a one-byte length prefix,
 * each in a fixed-size field, so every field has a fixed offset and a flyweight reads it in place.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   ts: event time, epoch ms (i64)              |   0
 *  |                   amount, minor units (i64)                   |   8
 *  |                   latitude, degrees (f64, NaN = absent)       |  16
 *  |                   longitude, degrees (f64, NaN = absent)      |  24
 *  |   card hash | account hash | merchant hash | device hash |    |  32..71  (5 x i64)
 *  |   ip hash (i64)                                               |  64
 *  |   id hash (i64)                                               |  72
 *  |   mcc (i32)     | currency (3 B) | ccy exponent | country (2 B)|  80..89
 *  |   channel | status | kind | flags | subtype | level            |  90..95
 *  |   id:       len (1 B) + 47 B                                  |  96
 *  |   card:     len (1 B) + 31 B                                  | 144
 *  |   account:  len (1 B) + 31 B                                  | 176
 *  |   merchant: len (1 B) + 31 B                                  | 208
 *  |   device:   len (1 B) + 47 B                                  | 240
 *  |   ip:       len (1 B) + 47 B                                  | 288
 *  +---------------------------------------------------------------+ 336
 * </pre>
 *
 * The key hashes are computed once, when the event is encoded, so that routing and keyed state
 * never hash bytes on the shard threads.
 * <p>
 * Every event kind (see {@link EventKind}) uses this one layout, so the ring, the journal and replay carry
 * them alike; {@code kind} says which fields mean what:
 * <ul>
 * <li>transaction: all fields as named; {@code subtype} and {@code level} are 0.</li>
 * <li>card profile (a changelog keyed by card): card, account (the card's account), country = home country,
 *     amount + currency = the card's limit (0 = none), subtype = {@link CardStatus} code.</li>
 * <li>merchant profile (a reference changelog, replicated to every shard): merchant, mcc = category,
 *     country = the merchant's country, level = {@link RiskLevel} code.</li>
 * <li>account event (a stream keyed by account): account, card, device, ip, country, lat/lon when known,
 *     subtype = {@link AccountAction} code.</li>
 * <li>account profile (a changelog keyed by account): account, country = residence,
 *     level = the customer's {@link RiskLevel} code.</li>
 * <li>reference entry (replicated to every shard): subtype = {@link ReferenceList} code, level = 1 to add and
 *     0 to remove the entry; the value sits in card (a BIN prefix) or country (a sanctioned country).</li>
 * </ul>
 */
public final class TransactionDescriptor
{
    /** Layout version, bumped on any change to this class. */
    public static final int VERSION = 2;

    public static final int TS_OFFSET = 0;
    public static final int AMOUNT_OFFSET = 8;
    public static final int LAT_OFFSET = 16;
    public static final int LON_OFFSET = 24;
    public static final int CARD_HASH_OFFSET = 32;
    public static final int ACCOUNT_HASH_OFFSET = 40;
    public static final int MERCHANT_HASH_OFFSET = 48;
    public static final int DEVICE_HASH_OFFSET = 56;
    public static final int IP_HASH_OFFSET = 64;
    public static final int ID_HASH_OFFSET = 72;
    public static final int MCC_OFFSET = 80;
    public static final int CURRENCY_OFFSET = 84;
    public static final int CURRENCY_EXPONENT_OFFSET = 87;
    public static final int COUNTRY_OFFSET = 88;
    public static final int CHANNEL_OFFSET = 90;
    public static final int STATUS_OFFSET = 91;
    public static final int KIND_OFFSET = 92;
    public static final int FLAGS_OFFSET = 93;

    public static final int ID_OFFSET = 96;
    public static final int ID_MAX_LENGTH = 47;
    public static final int CARD_OFFSET = 144;
    public static final int CARD_MAX_LENGTH = 31;
    public static final int ACCOUNT_OFFSET = 176;
    public static final int ACCOUNT_MAX_LENGTH = 31;
    public static final int MERCHANT_OFFSET = 208;
    public static final int MERCHANT_MAX_LENGTH = 31;
    public static final int DEVICE_OFFSET = 240;
    public static final int DEVICE_MAX_LENGTH = 47;
    public static final int IP_OFFSET = 288;
    public static final int IP_MAX_LENGTH = 47;

    /** Bytes one encoded transaction occupies. */
    public static final int ENCODED_LENGTH = 336;

    /** Non-transaction kinds: the kind's code ({@link CardStatus}, {@link AccountAction}, {@link ReferenceList}). */
    public static final int SUBTYPE_OFFSET = 94;
    /** Non-transaction kinds: a {@link RiskLevel} code, or 1/0 (add/remove) for a reference entry. */
    public static final int LEVEL_OFFSET = 95;

    /** {@code kind} value of a card transaction. */
    public static final byte KIND_TRANSACTION = 1;
    /** {@code kind} value of a card profile update (changelog keyed by card). */
    public static final byte KIND_CARD_PROFILE = 2;
    /** {@code kind} value of a merchant reference update (replicated to every shard). */
    public static final byte KIND_MERCHANT_PROFILE = 3;
    /** {@code kind} value of an account event: login, device change, password reset, address change. */
    public static final byte KIND_ACCOUNT_EVENT = 4;
    /** {@code kind} value of an account profile update (changelog keyed by account: customer risk). */
    public static final byte KIND_ACCOUNT_PROFILE = 5;
    /** {@code kind} value of a reference list entry (blocked BIN, sanctioned country), replicated. */
    public static final byte KIND_REFERENCE = 6;

    /** {@code flags} bit: latitude and longitude are present. */
    public static final int FLAG_HAS_LOCATION = 1;

    private TransactionDescriptor()
    {
    }
}
