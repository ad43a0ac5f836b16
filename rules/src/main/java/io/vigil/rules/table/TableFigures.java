package io.vigil.rules.table;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The figures each shard's tables publish for monitoring ({@code /metrics}): rows held and new rows refused at a
 * cap, per table and per shard. A shard's {@link ShardTables} writes its own slots after every table update it
 * applies and after a snapshot is restored into it (release stores, no lock, no allocation); any thread reads them
 * (acquire loads) and sees each value as of some recent update. One instance serves every program the process
 * builds for an engine (the first rules, rule changes, recovery), so the figures follow the tables through a rule
 * change (the tables carry over) and a recovery.
 * <p>
 * Thread contract: slot {@code shardId} written by that shard's thread only; read from any thread.
 */
public final class TableFigures
{
    /** Most shards an engine runs ({@code EngineConfig.MAX_SHARDS}). */
    public static final int MAX_SHARDS = 64;

    /** The tables, in the order of the slots. */
    public enum Table
    {
        /** Card profiles (each shard holds the cards it owns). */
        CARD_PROFILES("card_profiles"),
        /** Account profiles (replicated). */
        ACCOUNT_PROFILES("account_profiles"),
        /** Merchant reference rows (replicated). */
        MERCHANTS("merchants"),
        /** Reference list entries: blocked BINs and sanctioned countries (replicated). */
        REFERENCE_ENTRIES("reference_entries");

        private final String label;

        Table(final String label)
        {
            this.label = label;
        }

        /** @return the name used as a metric label. */
        public String label()
        {
            return label;
        }
    }

    private static final int TABLES = Table.values().length;
    private static final int SLOTS_PER_SHARD = TABLES * 2;

    private final AtomicLongArray values = new AtomicLongArray(MAX_SHARDS * SLOTS_PER_SHARD);

    /**
     * Publishes one shard's figures (shard thread only).
     *
     * @param shardId the shard.
     * @param tables  its tables.
     */
    void publish(final int shardId, final ShardTables tables)
    {
        final int base = shardId * SLOTS_PER_SHARD;
        values.setRelease(base, tables.cardProfiles());
        values.setRelease(base + 1, tables.accountProfiles());
        values.setRelease(base + 2, tables.merchants());
        values.setRelease(base + 3, tables.referenceEntries());
        values.setRelease(base + TABLES, tables.refusedCardProfiles());
        values.setRelease(base + TABLES + 1, tables.refusedAccountProfiles());
        values.setRelease(base + TABLES + 2, tables.refusedMerchants());
        values.setRelease(base + TABLES + 3, tables.refusedReferenceEntries());
    }

    /**
     * @param shardId the shard, 0 to {@link #MAX_SHARDS} - 1.
     * @param table   the table.
     * @return rows the shard's table held at its last published update (0 before any).
     */
    public long rows(final int shardId, final Table table)
    {
        return values.getAcquire(shardId * SLOTS_PER_SHARD + table.ordinal());
    }

    /**
     * @param shardId the shard, 0 to {@link #MAX_SHARDS} - 1.
     * @param table   the table.
     * @return new rows the shard's table refused at its cap since the journal's start (0 before any).
     */
    public long refused(final int shardId, final Table table)
    {
        return values.getAcquire(shardId * SLOTS_PER_SHARD + TABLES + table.ordinal());
    }
}
