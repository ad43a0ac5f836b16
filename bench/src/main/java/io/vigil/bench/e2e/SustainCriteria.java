package io.vigil.bench.e2e;

import org.HdrHistogram.Histogram;

/**
 * When a rate counts as sustained ("without the latency running away"): the last transaction came through
 * within {@code maxDrainLagNs} of its intended time (no backlog left over) and the end-to-end p99 stayed at
 * most {@code maxP99Ns}.
 *
 * @param maxDrainLagNs most time from the last intended send to the last transaction through, ns.
 * @param maxP99Ns      most end-to-end (collected) p99, ns.
 */
public record SustainCriteria(long maxDrainLagNs, long maxP99Ns)
{
    /**
     * @param endToEnd   collected-stage latencies.
     * @param drainLagNs the run's drain lag.
     * @param measureNs  the measured part's length (unused by the rule, kept for reports).
     * @return whether the rate was sustained.
     */
    public boolean sustained(final Histogram endToEnd, final long drainLagNs, final long measureNs)
    {
        return endToEnd.getTotalCount() > 0 && drainLagNs <= maxDrainLagNs &&
            endToEnd.getValueAtPercentile(99) <= maxP99Ns;
    }

    /** @return the rule in words. */
    public String describe()
    {
        return String.format("the last transaction through within %,d ms of its intended time and end-to-end "
            + "p99 at most %,d ms", maxDrainLagNs / 1_000_000, maxP99Ns / 1_000_000);
    }
}
