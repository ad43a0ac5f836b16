package io.vigil.rules.table;

import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The card profiles of the cards one shard owns (a table keyed like the card stream), plus the table–table view
 * card → account → customer risk: each row keeps its customer's risk, refreshed when the card's profile changes
 * (its account looked up in the replicated account table) and when the account's profile changes (through a
 * reverse index account → this shard's cards of that account: an intrusive singly linked list through the rows).
 * <p>
 * Storage: rows in parallel primitive arrays indexed by a row number (a {@link Long2LongHashMap} from the card's
 * key hash to it), grown by doubling up to the cap; rows are never removed (a card's status says closed). Thread
 * contract: owned by one shard thread.
 */
final class CardProfileTable
{
    static final int NO_ROW = -1;
    private static final int ACCOUNT_SLOT = 32;
    private static final int INITIAL_ROWS = 16;

    private final int capacityCap;
    private final Long2LongHashMap rowOfCard = new Long2LongHashMap(INITIAL_ROWS, 0.65f, NO_ROW);
    private final Long2LongHashMap firstCardOfAccount = new Long2LongHashMap(INITIAL_ROWS, 0.65f, NO_ROW);
    private final UnsafeBuffer accountBytes = new UnsafeBuffer(new byte[INITIAL_ROWS * ACCOUNT_SLOT]);
    private final UnsafeBuffer cardBytes = new UnsafeBuffer(new byte[INITIAL_ROWS * ACCOUNT_SLOT]);
    private long[] cardHash = new long[INITIAL_ROWS];
    private long[] accountHash = new long[INITIAL_ROWS];
    private long[] limitMinor = new long[INITIAL_ROWS];
    private int[] limitCurrency = new int[INITIAL_ROWS];
    private int[] nextOfAccount = new int[INITIAL_ROWS];
    private short[] homeCountry = new short[INITIAL_ROWS];
    private byte[] status = new byte[INITIAL_ROWS];
    private byte[] limitExponent = new byte[INITIAL_ROWS];
    private byte[] customerRisk = new byte[INITIAL_ROWS];
    private int rows;

    CardProfileTable(final int capacityCap)
    {
        this.capacityCap = capacityCap;
    }

    int size()
    {
        return rows;
    }

    /** @return the row of the card with that key hash, or {@link #NO_ROW}. */
    int row(final long keyHash)
    {
        return (int)rowOfCard.get(keyHash);
    }

    /**
     * Applies a card profile event (this shard owns its card).
     *
     * @param accounts the replicated account table, for the view.
     * @return false when the card is new and the table is full (refused).
     */
    boolean apply(final TransactionFlyweight event, final ReferenceTables accounts)
    {
        final long card = event.keyHash(io.vigil.core.event.KeyType.CARD);
        int row = row(card);
        if (row == NO_ROW)
        {
            if (rows == capacityCap)
            {
                return false;
            }
            if (rows == cardHash.length)
            {
                grow();
            }
            row = rows++;
            cardHash[row] = card;
            accountHash[row] = 0;
            nextOfAccount[row] = NO_ROW;
            rowOfCard.put(card, row);
            copyKey(event, io.vigil.core.event.KeyType.CARD, cardBytes, row);
        }
        final long account = event.keyHash(io.vigil.core.event.KeyType.ACCOUNT);
        if (account != accountHash[row])
        {
            unlinkFromAccount(row);
            accountHash[row] = account;
            linkToAccount(row);
        }
        copyKey(event, io.vigil.core.event.KeyType.ACCOUNT, accountBytes, row);
        status[row] = (byte)event.subtype();
        homeCountry[row] = (short)event.countryCode();
        limitMinor[row] = event.amountMinor();
        limitCurrency[row] = event.currencyCode();
        limitExponent[row] = (byte)event.currencyExponent();
        customerRisk[row] = (byte)accounts.accountRisk(account);
        return true;
    }

    /** Refreshes the view of this shard's cards of an account whose profile changed. */
    void onAccountChanged(final long account, final int risk)
    {
        for (int row = (int)firstCardOfAccount.get(account); row != NO_ROW; row = nextOfAccount[row])
        {
            customerRisk[row] = (byte)risk;
        }
    }

    /** Writes a row's values into an enrichment block at {@code base} of {@code out}; returns the flags. */
    int enrich(final int row, final UnsafeBuffer out, final int base)
    {
        out.putByte(base + EnrichmentDescriptor.CARD_STATUS_OFFSET, status[row]);
        out.putByte(base + EnrichmentDescriptor.CUSTOMER_RISK_OFFSET, customerRisk[row]);
        out.putShort(base + EnrichmentDescriptor.HOME_COUNTRY_OFFSET, homeCountry[row]);
        out.putByte(base + EnrichmentDescriptor.LIMIT_EXPONENT_OFFSET, limitExponent[row]);
        out.putInt(base + EnrichmentDescriptor.LIMIT_CURRENCY_OFFSET, limitCurrency[row]);
        out.putLong(base + EnrichmentDescriptor.LIMIT_MINOR_OFFSET, limitMinor[row]);
        out.putBytes(base + EnrichmentDescriptor.PROFILE_ACCOUNT_OFFSET, accountBytes, row * ACCOUNT_SLOT, ACCOUNT_SLOT);
        return EnrichmentDescriptor.FLAG_PROFILE | (customerRisk[row] != 0 ? EnrichmentDescriptor.FLAG_CUSTOMER : 0);
    }

    int customerRisk(final int row)
    {
        return customerRisk[row];
    }

    int status(final int row)
    {
        return status[row];
    }

    String homeCountry(final int row)
    {
        final int code = homeCountry[row];
        return code == 0 ? "" : new String(new char[] {(char)((code >> 8) & 0xFF), (char)(code & 0xFF)});
    }

    String account(final int row)
    {
        return accountBytes.getStringWithoutLengthAscii(row * ACCOUNT_SLOT + 1, accountBytes.getByte(row * ACCOUNT_SLOT));
    }

    String card(final int row)
    {
        return cardBytes.getStringWithoutLengthAscii(row * ACCOUNT_SLOT + 1, cardBytes.getByte(row * ACCOUNT_SLOT));
    }

    long limitMinor(final int row)
    {
        return limitMinor[row];
    }

    int limitExponent(final int row)
    {
        return limitExponent[row];
    }

    private static void copyKey(
        final TransactionFlyweight event, final io.vigil.core.event.KeyType keyType, final UnsafeBuffer to, final int row)
    {
        final int length = Math.min(event.keyLength(keyType), ACCOUNT_SLOT - 1);
        to.putByte(row * ACCOUNT_SLOT, (byte)length);
        to.putBytes(row * ACCOUNT_SLOT + 1, event.buffer(), event.keyBytesOffset(keyType), length);
    }

    private void linkToAccount(final int row)
    {
        final long account = accountHash[row];
        if (account == 0)
        {
            nextOfAccount[row] = NO_ROW;
            return;
        }
        nextOfAccount[row] = (int)firstCardOfAccount.get(account);
        firstCardOfAccount.put(account, row);
    }

    private void unlinkFromAccount(final int row)
    {
        final long account = accountHash[row];
        if (account == 0)
        {
            return;
        }
        final int first = (int)firstCardOfAccount.get(account);
        if (first == row)
        {
            if (nextOfAccount[row] == NO_ROW)
            {
                firstCardOfAccount.remove(account);
            }
            else
            {
                firstCardOfAccount.put(account, nextOfAccount[row]);
            }
        }
        else
        {
            int prev = first;
            while (prev != NO_ROW && nextOfAccount[prev] != row)
            {
                prev = nextOfAccount[prev];
            }
            if (prev != NO_ROW)
            {
                nextOfAccount[prev] = nextOfAccount[row];
            }
        }
        nextOfAccount[row] = NO_ROW;
    }

    private void grow()
    {
        final int capacity = (int)Math.min(capacityCap, (long)cardHash.length * 2);
        cardHash = Arrays.copyOf(cardHash, capacity);
        accountHash = Arrays.copyOf(accountHash, capacity);
        limitMinor = Arrays.copyOf(limitMinor, capacity);
        limitCurrency = Arrays.copyOf(limitCurrency, capacity);
        nextOfAccount = Arrays.copyOf(nextOfAccount, capacity);
        homeCountry = Arrays.copyOf(homeCountry, capacity);
        status = Arrays.copyOf(status, capacity);
        limitExponent = Arrays.copyOf(limitExponent, capacity);
        customerRisk = Arrays.copyOf(customerRisk, capacity);
        final byte[] accounts = Arrays.copyOf(accountBytes.byteArray(), capacity * ACCOUNT_SLOT);
        accountBytes.wrap(accounts);
        final byte[] cards = Arrays.copyOf(cardBytes.byteArray(), capacity * ACCOUNT_SLOT);
        cardBytes.wrap(cards);
    }

    // ---- snapshot: i32 rows, then per row in row order: i64 card hash, i64 account hash, u8 status,
    // i16 home country, i64 limit minor, i32 limit currency, u8 limit exponent, 32 B card, 32 B account.
    // The view and the reverse index are derived: rebuilt on restore from the account table.

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(rows);
        for (int row = 0; row < rows; row++)
        {
            out.putLong(cardHash[row]).putLong(accountHash[row]).putByte(status[row]).putInt(homeCountry[row])
                .putLong(limitMinor[row]).putInt(limitCurrency[row]).putByte(limitExponent[row])
                .putBytes(cardBytes, row * ACCOUNT_SLOT, ACCOUNT_SLOT)
                .putBytes(accountBytes, row * ACCOUNT_SLOT, ACCOUNT_SLOT);
        }
    }

    void readSnapshot(final SnapshotReader in, final ReferenceTables accounts)
    {
        final int count = in.getCount("card profiles", 0, capacityCap);
        for (int row = 0; row < count; row++)
        {
            if (rows == cardHash.length)
            {
                grow();
            }
            cardHash[row] = in.getLong("card profile: card hash");
            accountHash[row] = in.getLong("card profile: account hash");
            status[row] = (byte)in.getByte("card profile: status");
            homeCountry[row] = (short)in.getInt("card profile: home country");
            limitMinor[row] = in.getLong("card profile: limit");
            limitCurrency[row] = in.getInt("card profile: limit currency");
            limitExponent[row] = (byte)in.getByte("card profile: limit exponent");
            in.getBytes("card profile: card", cardBytes, row * ACCOUNT_SLOT, ACCOUNT_SLOT);
            in.getBytes("card profile: account", accountBytes, row * ACCOUNT_SLOT, ACCOUNT_SLOT);
            rows++;
            if (rowOfCard.put(cardHash[row], row) != NO_ROW)
            {
                throw new io.vigil.core.snapshot.SnapshotFormatException(
                    "snapshot card profiles: card hash " + Long.toHexString(cardHash[row]) + " appears twice");
            }
            linkToAccount(row);
            customerRisk[row] = (byte)accounts.accountRisk(accountHash[row]);
        }
    }
}
