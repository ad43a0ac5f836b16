package io.vigil.rules.table;

/**
 * Caps on the rows a shard's tables hold, so their memory is bounded: a new row past its cap is refused, counted
 * ({@link ShardTables#refusedRows()}) and logged (the first refusal of each table and then every power of two);
 * updates of rows already held always apply. Rows are never evicted silently: a refused row reads as missing.
 *
 * @param cardProfiles      card profiles this shard (the cards it owns) holds, >= 1.
 * @param accountProfiles   account profiles every shard holds (replicated), >= 1.
 * @param merchants         merchant reference rows every shard holds (replicated), >= 1.
 * @param referenceEntries  entries over all reference lists (blocked BINs, sanctioned countries), >= 1.
 */
public record TableLimits(int cardProfiles, int accountProfiles, int merchants, int referenceEntries)
{
    /** Caps used unless configured: 1M cards a shard, 1M accounts, 100k merchants, 10k list entries. */
    public static final TableLimits DEFAULT = new TableLimits(1_000_000, 1_000_000, 100_000, 10_000);

    /** Checks the caps. */
    public TableLimits
    {
        if (cardProfiles < 1 || accountProfiles < 1 || merchants < 1 || referenceEntries < 1)
        {
            throw new IllegalArgumentException("table limits: expected every cap >= 1, found cards=" + cardProfiles +
                " accounts=" + accountProfiles + " merchants=" + merchants + " references=" + referenceEntries);
        }
    }
}
