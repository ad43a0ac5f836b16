package io.vigil.rules.table;

import io.vigil.core.event.CardStatus;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.util.Hashing;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shard's tables, built from the changelog events on the ring (see {@code docs/joins.md}): card profiles of
 * the cards this shard owns ({@link CardProfileTable}, with the card → account → customer-risk view), and copies
 * of the replicated tables ({@link ReferenceTables}: account profiles, merchants, blocked BINs, sanctioned
 * countries). {@link #apply} takes every table update in journal order; {@link #enrich} writes, after a copy of an
 * event, the values the tables hold at that point: a transaction sees the tables as of its position in the
 * journal (arrival order), and keeps what it saw.
 * <p>
 * Memory is bounded by {@link TableLimits}; a row refused at a cap is counted and logged, never dropped silently.
 * Thread contract: owned by one shard thread.
 */
public final class ShardTables
{
    private static final System.Logger LOG = System.getLogger(ShardTables.class.getName());

    private final int shardId;
    private final int shardCount;
    private final TableLimits limits;
    private final ReferenceTables replicated = new ReferenceTables();
    private final CardProfileTable cards;
    private long refusedCards;
    private long refusedAccounts;
    private long refusedMerchants;
    private long refusedReferences;
    private long updatesApplied;

    /**
     * @param shardId    this shard.
     * @param shardCount number of shards (a card profile is kept by its card's owner shard).
     * @param limits     row caps.
     */
    public ShardTables(final int shardId, final int shardCount, final TableLimits limits)
    {
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.limits = limits;
        this.cards = new CardProfileTable(limits.cardProfiles());
    }

    /**
     * Applies a table update: a card profile (if this shard owns the card), an account profile, a merchant
     * reference row or a reference list entry (on every shard). Other kinds are ignored.
     *
     * @param event the event.
     * @return whether the event was a table update.
     */
    public boolean apply(final TransactionFlyweight event)
    {
        switch (event.kind())
        {
            case TransactionDescriptor.KIND_CARD_PROFILE:
            {
                final long card = event.keyHash(KeyType.CARD);
                if (card != 0 && Hashing.shardOf(card, shardCount) == shardId)
                {
                    if (cards.apply(event, replicated))
                    {
                        updatesApplied++;
                    }
                    else
                    {
                        refusedCards = refused("card profiles", refusedCards, limits.cardProfiles());
                    }
                }
                return true;
            }
            case TransactionDescriptor.KIND_ACCOUNT_PROFILE:
                if (replicated.applyAccount(event, limits.accountProfiles()))
                {
                    updatesApplied++;
                    final long account = event.keyHash(KeyType.ACCOUNT);
                    cards.onAccountChanged(account, replicated.accountRisk(account));
                }
                else if (event.keyHash(KeyType.ACCOUNT) != 0)
                {
                    refusedAccounts = refused("account profiles", refusedAccounts, limits.accountProfiles());
                }
                return true;
            case TransactionDescriptor.KIND_MERCHANT_PROFILE:
                if (replicated.applyMerchant(event, limits.merchants()))
                {
                    updatesApplied++;
                }
                else if (event.keyHash(KeyType.MERCHANT) != 0)
                {
                    refusedMerchants = refused("merchants", refusedMerchants, limits.merchants());
                }
                return true;
            case TransactionDescriptor.KIND_REFERENCE:
                if (replicated.applyReference(event, limits.referenceEntries()))
                {
                    updatesApplied++;
                }
                else
                {
                    refusedReferences = refused("reference entries", refusedReferences, limits.referenceEntries());
                }
                return true;
            default:
                return false;
        }
    }

    /**
     * Writes the enrichment block ({@link EnrichmentDescriptor}) for {@code event} at {@code base} of
     * {@code out}: the card's profile and customer risk when this shard owns the card, the merchant's row, and
     * whether the country is sanctioned and the card's BIN blocked.
     *
     * @param event the event (a transaction or another kind a rule reads).
     * @param out   where the block goes.
     * @param base  offset of the block in {@code out}.
     */
    public void enrich(final TransactionFlyweight event, final UnsafeBuffer out, final int base)
    {
        out.putLong(base, 0L);
        out.putLong(base + 8, 0L);
        out.putLong(base + 16, 0L);
        out.putByte(base + EnrichmentDescriptor.PROFILE_ACCOUNT_OFFSET, (byte)0);
        int flags = 0;
        final int row = cards.size() == 0 ? CardProfileTable.NO_ROW : cards.row(event.keyHash(KeyType.CARD));
        if (row != CardProfileTable.NO_ROW)
        {
            flags |= cards.enrich(row, out, base);
        }
        flags |= replicated.enrichMerchant(event.keyHash(KeyType.MERCHANT), out, base);
        if (replicated.isSanctioned(event.countryCode()))
        {
            flags |= EnrichmentDescriptor.FLAG_SANCTIONED_COUNTRY;
        }
        if (replicated.hasBlockedBin(event))
        {
            flags |= EnrichmentDescriptor.FLAG_BLOCKED_BIN;
        }
        out.putByte(base + EnrichmentDescriptor.FLAGS_OFFSET, (byte)flags);
    }

    /** @return rows refused at a cap since start, over all tables. */
    public long refusedRows()
    {
        return refusedCards + refusedAccounts + refusedMerchants + refusedReferences;
    }

    /** @return table updates applied since start (or since the snapshot restored). */
    public long updatesApplied()
    {
        return updatesApplied;
    }

    /** @return card profiles held (cards this shard owns). */
    public int cardProfiles()
    {
        return cards.size();
    }

    /** @return account profiles held. */
    public int accountProfiles()
    {
        return replicated.accountCount();
    }

    /** @return merchant rows held. */
    public int merchants()
    {
        return replicated.merchantCount();
    }

    /** @return reference list entries held. */
    public int referenceEntries()
    {
        return replicated.referenceCount();
    }

    /**
     * Describes a card's profile and its customer-risk view for an operator (allocates; off the per-event path).
     *
     * @param cardHash the card's key hash.
     * @return the description, or null when this shard holds no profile for the card.
     */
    public Map<String, Object> describeCard(final long cardHash)
    {
        final int row = cards.row(cardHash);
        if (row == CardProfileTable.NO_ROW)
        {
            return null;
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("card", cards.card(row));
        final CardStatus status = CardStatus.fromCode(cards.status(row));
        out.put("card_status", status == null ? "" : status.wireName());
        out.put("home_country", cards.homeCountry(row));
        out.put("limit_minor", cards.limitMinor(row));
        out.put("limit_exponent", cards.limitExponent(row));
        out.put("account", cards.account(row));
        final RiskLevel risk = RiskLevel.fromCode(cards.customerRisk(row));
        out.put("customer_risk", risk == null ? "" : risk.wireName());
        return out;
    }

    /** Writes the tables: replicated first (the view is rebuilt from them on restore), then card profiles. */
    public void writeSnapshot(final SnapshotWriter out)
    {
        out.putLong(refusedCards).putLong(refusedAccounts).putLong(refusedMerchants).putLong(refusedReferences)
            .putLong(updatesApplied);
        replicated.writeSnapshot(out);
        cards.writeSnapshot(out);
    }

    /** Restores what {@link #writeSnapshot} wrote into these tables, which must be empty. */
    public void readSnapshot(final SnapshotReader in)
    {
        refusedCards = in.getLong("refused card profiles");
        refusedAccounts = in.getLong("refused account profiles");
        refusedMerchants = in.getLong("refused merchants");
        refusedReferences = in.getLong("refused reference entries");
        updatesApplied = in.getLong("table updates applied");
        replicated.readSnapshot(in);
        cards.readSnapshot(in, replicated);
    }

    private long refused(final String table, final long before, final int cap)
    {
        final long count = before + 1;
        if ((count & (count - 1)) == 0)
        {
            LOG.log(System.Logger.Level.WARNING, "shard " + shardId + ": " + table + " table full (" + cap +
                " rows): refused new rows " + count + " time(s) so far; they read as missing");
        }
        return count;
    }
}
