package io.vigil.ops.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.rules.table.TableLimits;

/**
 * The {@code tables:} section of the service YAML: the row caps of each shard's tables (see {@code docs/joins.md}).
 * A new row past its cap is refused, counted ({@code vigil_table_refused_rows_total} on {@code /metrics}) and logged;
 * updates of rows already held always apply. Every value is optional; the defaults are {@link TableLimits#DEFAULT}.
 * <pre>
 * tables:
 *   max-cards: 1000000          # card profiles a shard holds (the cards it owns)
 *   max-accounts: 1000000       # account profiles (every shard holds them all)
 *   max-merchants: 100000       # merchant rows (every shard)
 *   max-list-entries: 10000     # blocked BINs + sanctioned countries (every shard)
 * </pre>
 * Bound by Jackson inside {@link ServiceConfig}, so a bad value names {@code FILE:LINE:COLUMN}.
 * <p>
 * Thread contract: bound and read on one thread at start.
 */
public final class TablesSection
{
    /** Largest cap accepted for any table (rows a shard may hold). */
    static final int MAX_ROWS = 100_000_000;

    private int maxCards = TableLimits.DEFAULT.cardProfiles();
    private int maxAccounts = TableLimits.DEFAULT.accountProfiles();
    private int maxMerchants = TableLimits.DEFAULT.merchants();
    private int maxListEntries = TableLimits.DEFAULT.referenceEntries();

    @JsonProperty("max-cards")
    void maxCards(final int n)
    {
        this.maxCards = ServiceConfig.inRange(n, 1, MAX_ROWS);
    }

    @JsonProperty("max-accounts")
    void maxAccounts(final int n)
    {
        this.maxAccounts = ServiceConfig.inRange(n, 1, MAX_ROWS);
    }

    @JsonProperty("max-merchants")
    void maxMerchants(final int n)
    {
        this.maxMerchants = ServiceConfig.inRange(n, 1, MAX_ROWS);
    }

    @JsonProperty("max-list-entries")
    void maxListEntries(final int n)
    {
        this.maxListEntries = ServiceConfig.inRange(n, 1, MAX_ROWS);
    }

    /** @return the caps, for {@code RuleSet.factory(boundMs, TableLimits, …)}. */
    public TableLimits limits()
    {
        return new TableLimits(maxCards, maxAccounts, maxMerchants, maxListEntries);
    }
}
