package io.vigil.rules.table;

import io.vigil.core.event.KeyType;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.Arrays;

/**
 * The tables every shard holds a copy of (each shard applies every update, so the copies agree): account profiles
 * (customer risk, residence), merchant reference rows (risk, category, country) and the reference lists
 * (blocked BIN prefixes, sanctioned countries). Rows are packed into one {@code long} each in Agrona primitive
 * maps and sets: no boxing, no allocation per event once sized.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class ReferenceTables
{
    private static final long MISSING = -1;
    private static final int MAX_BIN_LENGTH = 31;

    private final Long2LongHashMap accounts = new Long2LongHashMap(64, 0.65f, MISSING);
    private final Long2LongHashMap merchants = new Long2LongHashMap(64, 0.65f, MISSING);
    private final IntHashSet sanctionedCountries = new IntHashSet(16);
    private final LongHashSet blockedBins = new LongHashSet(16);
    private final int[] binsOfLength = new int[MAX_BIN_LENGTH + 1];
    private int binLengthMask;

    int accountCount()
    {
        return accounts.size();
    }

    int merchantCount()
    {
        return merchants.size();
    }

    int referenceCount()
    {
        return sanctionedCountries.size() + blockedBins.size();
    }

    boolean hasAccount(final long account)
    {
        return accounts.containsKey(account);
    }

    boolean hasMerchant(final long merchant)
    {
        return merchants.containsKey(merchant);
    }

    /** @return the account's customer risk code, 0 when it has no profile. */
    int accountRisk(final long account)
    {
        final long row = account == 0 ? MISSING : accounts.get(account);
        return row == MISSING ? 0 : (int)(row & 0xFF);
    }

    /** @return the account's residence country, packed, 0 when none. */
    int accountCountry(final long account)
    {
        final long row = accounts.get(account);
        return row == MISSING ? 0 : (int)((row >>> 8) & 0xFFFF);
    }

    /** Applies an account profile; false when the account is new and {@code cap} rows are held. */
    boolean applyAccount(final TransactionFlyweight event, final int cap)
    {
        final long account = event.keyHash(KeyType.ACCOUNT);
        if (account == 0 || (!accounts.containsKey(account) && accounts.size() >= cap))
        {
            return false;
        }
        accounts.put(account, (event.level() & 0xFF) | ((long)(event.countryCode() & 0xFFFF) << 8));
        return true;
    }

    /** Applies a merchant reference row; false when the merchant is new and {@code cap} rows are held. */
    boolean applyMerchant(final TransactionFlyweight event, final int cap)
    {
        final long merchant = event.keyHash(KeyType.MERCHANT);
        if (merchant == 0 || (!merchants.containsKey(merchant) && merchants.size() >= cap))
        {
            return false;
        }
        merchants.put(merchant, (event.level() & 0xFF) | ((long)(event.countryCode() & 0xFFFF) << 8) |
            ((long)event.mcc() << 24));
        return true;
    }

    /** Applies a reference list entry (add or remove); false when an add would pass {@code cap} entries. */
    boolean applyReference(final TransactionFlyweight event, final int cap)
    {
        final boolean add = event.level() != 0;
        final int list = event.subtype();
        if (list == ReferenceList.SANCTIONED_COUNTRY.code())
        {
            final int country = event.countryCode();
            if (!add)
            {
                sanctionedCountries.remove(country);
                return true;
            }
            if (!sanctionedCountries.contains(country) && referenceCount() >= cap)
            {
                return false;
            }
            sanctionedCountries.add(country);
            return true;
        }
        if (list == ReferenceList.BLOCKED_BIN.code())
        {
            final int length = event.keyLength(KeyType.CARD);
            if (length == 0)
            {
                return true;
            }
            final long hash = prefixHash(event, length);
            if (!add)
            {
                if (blockedBins.remove(hash) && --binsOfLength[length] == 0)
                {
                    binLengthMask &= ~(1 << length);
                }
                return true;
            }
            if (blockedBins.contains(hash))
            {
                return true;
            }
            if (referenceCount() >= cap)
            {
                return false;
            }
            blockedBins.add(hash);
            binsOfLength[length]++;
            binLengthMask |= 1 << length;
            return true;
        }
        return true;
    }

    /** Writes the merchant's row into an enrichment block; returns the flags. */
    int enrichMerchant(final long merchant, final org.agrona.concurrent.UnsafeBuffer out, final int base)
    {
        final long row = merchant == 0 ? MISSING : merchants.get(merchant);
        if (row == MISSING)
        {
            return 0;
        }
        out.putByte(base + EnrichmentDescriptor.MERCHANT_RISK_OFFSET, (byte)(row & 0xFF));
        out.putInt(base + EnrichmentDescriptor.MERCHANT_CATEGORY_OFFSET, (int)(row >>> 24));
        return EnrichmentDescriptor.FLAG_MERCHANT;
    }

    int merchantRisk(final long merchant)
    {
        final long row = merchants.get(merchant);
        return row == MISSING ? 0 : (int)(row & 0xFF);
    }

    int merchantCategory(final long merchant)
    {
        final long row = merchants.get(merchant);
        return row == MISSING ? 0 : (int)(row >>> 24);
    }

    boolean isSanctioned(final int country)
    {
        return sanctionedCountries.contains(country);
    }

    /** @return whether the event's card begins with a blocked BIN prefix. */
    boolean hasBlockedBin(final TransactionFlyweight event)
    {
        final int mask = binLengthMask;
        if (mask == 0)
        {
            return false;
        }
        final int length = event.keyLength(KeyType.CARD);
        final int offset = event.keyBytesOffset(KeyType.CARD);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (event.buffer().getByte(offset + i) & 0xFF)) * 0x100000001b3L;
            if ((mask & (1 << (i + 1))) != 0 && blockedBins.contains(h))
            {
                return true;
            }
        }
        return false;
    }

    /** FNV-1a over the first {@code length} bytes of the event's card field. */
    private static long prefixHash(final TransactionFlyweight event, final int length)
    {
        final int offset = event.keyBytesOffset(KeyType.CARD);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (event.buffer().getByte(offset + i) & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    // ---- snapshot: accounts, merchants (i32 n, n x (i64 key, i64 row), sorted by key), sanctioned countries
    // (i32 n, n x i32, sorted), blocked BINs (i32 n, n x (i64 prefix hash, u8 length), sorted by hash) ----

    void writeSnapshot(final SnapshotWriter out)
    {
        writeMap(out, accounts);
        writeMap(out, merchants);
        final int[] countries = new int[sanctionedCountries.size()];
        int n = 0;
        for (final int c : sanctionedCountries)
        {
            countries[n++] = c;
        }
        Arrays.sort(countries);
        out.putInt(countries.length);
        for (final int c : countries)
        {
            out.putInt(c);
        }
        final long[] bins = new long[blockedBins.size()];
        n = 0;
        final LongHashSet.LongIterator it = blockedBins.iterator();
        while (it.hasNext())
        {
            bins[n++] = it.nextValue();
        }
        Arrays.sort(bins);
        out.putInt(bins.length);
        for (final long b : bins)
        {
            out.putLong(b);
        }
        for (int length = 0; length <= MAX_BIN_LENGTH; length++)
        {
            out.putInt(binsOfLength[length]);
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        readMap(in, accounts, "account profiles");
        readMap(in, merchants, "merchants");
        final int countries = in.getCount("sanctioned countries", 0, Integer.MAX_VALUE);
        for (int i = 0; i < countries; i++)
        {
            sanctionedCountries.add(in.getInt("sanctioned country"));
        }
        final int bins = in.getCount("blocked BINs", 0, Integer.MAX_VALUE);
        for (int i = 0; i < bins; i++)
        {
            blockedBins.add(in.getLong("blocked BIN hash"));
        }
        binLengthMask = 0;
        for (int length = 0; length <= MAX_BIN_LENGTH; length++)
        {
            binsOfLength[length] = in.getCount("blocked BINs of a length", 0, Integer.MAX_VALUE);
            if (binsOfLength[length] > 0)
            {
                binLengthMask |= 1 << length;
            }
        }
    }

    private static void writeMap(final SnapshotWriter out, final Long2LongHashMap map)
    {
        final long[] keys = new long[map.size()];
        int n = 0;
        final Long2LongHashMap.KeyIterator it = map.keySet().iterator();
        while (it.hasNext())
        {
            keys[n++] = it.nextValue();
        }
        Arrays.sort(keys);
        out.putInt(keys.length);
        for (final long key : keys)
        {
            out.putLong(key).putLong(map.get(key));
        }
    }

    private static void readMap(final SnapshotReader in, final Long2LongHashMap map, final String what)
    {
        final int count = in.getCount(what, 0, Integer.MAX_VALUE);
        for (int i = 0; i < count; i++)
        {
            final long key = in.getLong(what + ": key");
            map.put(key, in.getLong(what + ": row"));
        }
    }
}
