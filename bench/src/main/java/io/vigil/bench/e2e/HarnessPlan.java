package io.vigil.bench.e2e;

import java.util.List;

/**
 * What the harness runs.
 *
 * @param rates         offered rates for Vigil alone, transactions/s, ascending.
 * @param peerRates     offered rates for the side by side.
 * @param warmupNs      warm-up per run, not recorded.
 * @param measureNs     measured part per run.
 * @param flatOutEvents transactions in a flat-out throughput run.
 * @param prefillMs     event time fed flat out into Vigil's engine before it is measured (steady-state windows).
 * @param journalOff    whether to measure flat out with the journal off too.
 * @param criteria      what counts as sustained.
 * @param command       the command line, for the report.
 */
public record HarnessPlan(
    List<Long> rates, List<Long> peerRates, long warmupNs, long measureNs, long flatOutEvents, long prefillMs, boolean journalOff,
    SustainCriteria criteria, String command)
{
    /**
     * @param rate transactions/s.
     * @return warm-up transactions at that rate.
     */
    public long warmupEvents(final long rate)
    {
        return warmupNs * rate / 1_000_000_000L;
    }

    /**
     * @param rate transactions/s.
     * @return measured transactions at that rate.
     */
    public long measureEvents(final long rate)
    {
        return Math.max(1, measureNs * rate / 1_000_000_000L);
    }
}
