package io.vigil.ops.generate;

import java.util.Map;

/**
 * What a generation produced.
 *
 * @param events              transactions written.
 * @param injectedTransactions of which injected by fraud cases.
 * @param declined            of which declined.
 * @param firstTsMs           event time of the first transaction, epoch ms.
 * @param lastTsMs            event time of the last transaction, epoch ms.
 * @param casesByType         truth cases written per type, in {@link FraudType} order.
 */
public record GenerationSummary(long events, long injectedTransactions, long declined, long firstTsMs, long lastTsMs,
    Map<FraudType, Integer> casesByType)
{
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
        return events == 0 ? 0 : (double)declined / events;
    }
}
