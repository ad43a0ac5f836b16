package io.vigil.rules.table;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;

/**
 * Layout of the enrichment block a shard writes right after an event's
 * {@value TransactionDescriptor#ENCODED_LENGTH} bytes in its own copy of the event: the table values the event
 * saw when it arrived (see {@code docs/joins.md}). Rules read {@code profile.*}, {@code merchant.*},
 * {@code customer.risk} and the reference-list tests from here, and {@link io.vigil.rules.RecentEvents} keeps the
 * block with its raw copies, so a redo of an out-of-order event re-evaluates with the values it saw at arrival.
 * All numbers little-endian; offsets relative to the block's start ({@link #BASE} after the event's start).
 * <pre>
 *   0        1        2        3        4        5        6        7
 *  +--------+--------+--------+--------+--------+--------+--------+--------+
 *  | flags  | card   | merch. | cust.  | home country    | limit  | (pad)  |   0
 *  |        | status | risk   | risk   | (2 letters)     | ccy exp|        |
 *  | merchant category (i32)           | limit currency (3 letters, i32)   |   8
 *  | card limit, minor units (i64)                                         |  16
 *  | profile account: len (1 B) + 31 B                                     |  24
 *  | (pad to 64)                                                           |  56
 *  +-----------------------------------------------------------------------+  64
 * </pre>
 * A block that is absent (the event was not enriched: a buffer shorter than {@link #ENRICHED_LENGTH}) reads as
 * all rows missing.
 */
public final class EnrichmentDescriptor
{
    /** Where the block starts, relative to the event's start. */
    public static final int BASE = TransactionDescriptor.ENCODED_LENGTH;
    /** Bytes of the block. */
    public static final int LENGTH = 64;
    /** Bytes of an event followed by its enrichment block. */
    public static final int ENRICHED_LENGTH = BASE + LENGTH;

    public static final int FLAGS_OFFSET = 0;
    public static final int CARD_STATUS_OFFSET = 1;
    public static final int MERCHANT_RISK_OFFSET = 2;
    public static final int CUSTOMER_RISK_OFFSET = 3;
    public static final int HOME_COUNTRY_OFFSET = 4;
    public static final int LIMIT_EXPONENT_OFFSET = 6;
    public static final int MERCHANT_CATEGORY_OFFSET = 8;
    public static final int LIMIT_CURRENCY_OFFSET = 12;
    public static final int LIMIT_MINOR_OFFSET = 16;
    public static final int PROFILE_ACCOUNT_OFFSET = 24;
    public static final int PROFILE_ACCOUNT_MAX_LENGTH = 31;

    /** flags bit: the card had a profile. */
    public static final int FLAG_PROFILE = 1;
    /** flags bit: the merchant had a reference row. */
    public static final int FLAG_MERCHANT = 2;
    /** flags bit: the card's account had a profile (customer risk known through the card → account view). */
    public static final int FLAG_CUSTOMER = 4;
    /** flags bit: the event's country was on the sanctioned-country list. */
    public static final int FLAG_SANCTIONED_COUNTRY = 8;
    /** flags bit: the card began with a blocked BIN prefix. */
    public static final int FLAG_BLOCKED_BIN = 16;

    private EnrichmentDescriptor()
    {
    }

    /**
     * @param tx an event, possibly with its enrichment block after it.
     * @return the block's flags, 0 when the event carries no block.
     */
    public static int flags(final TransactionFlyweight tx)
    {
        return hasBlock(tx) ? tx.buffer().getByte(tx.offset() + BASE + FLAGS_OFFSET) & 0xFF : 0;
    }

    /**
     * @param tx an event.
     * @return whether its buffer holds an enrichment block after it.
     */
    public static boolean hasBlock(final TransactionFlyweight tx)
    {
        return tx.buffer().capacity() >= tx.offset() + ENRICHED_LENGTH;
    }

    /**
     * @param tx     an event with a block ({@link #hasBlock}).
     * @param offset a field offset in the block.
     * @return the byte there, unsigned.
     */
    public static int byteAt(final TransactionFlyweight tx, final int offset)
    {
        return tx.buffer().getByte(tx.offset() + BASE + offset) & 0xFF;
    }
}
