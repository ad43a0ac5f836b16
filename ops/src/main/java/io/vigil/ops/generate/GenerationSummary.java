package io.vigil.ops.generate;

import java.util.Map;

/**
 * What a generation produced.
 *
 * @param events              events written: transactions and, with context, other kinds.
 * @param injectedTransactions of which injected by fraud cases.
 * @param declined            of which declined.
 * @param firstTsMs           event time of the first transaction, epoch ms.
 * @param lastTsMs            event time of the last transaction, epoch ms.
 * @param casesByType         truth cases written per type, in {@link FraudType} order.
 * @param contextEvents       of the events, how many are not transactions (profiles, account events, reference).
 */
public record GenerationSummary(long events, long injectedTransactions, long declined, long firstTsMs, long lastTsMs,
    Map<FraudType, Integer> casesByType, long contextEvents)
{
    /**
     * A summary of transactions only (no context events).
     *
     * @param events               transactions written.
     * @param injectedTransactions of which injected.
     * @param declined             declined transactions.
     * @param firstTsMs            first event time.
     * @param lastTsMs             last event time.
     * @param casesByType          cases per type.
     */
    public GenerationSummary(final long events, final long injectedTransactions, final long declined,
        final long firstTsMs, final long lastTsMs, final Map<FraudType, Integer> casesByType)
    {
        this(events, injectedTransactions, declined, firstTsMs, lastTsMs, casesByType, 0);
    }

    /** @return truth cases of all types. */
    public int totalCases()
    {
        int total = 0;
        for (final int n : casesByType.values())
        {
            total += n;
        }
        return total;
    }

    /** @return declined / events. */
    public double declineRate()
    {
        final long transactions = events - contextEvents;
        return transactions == 0 ? 0 : (double)declined / transactions;
    }
}
