package io.vigil.ops.cli;

import io.vigil.ops.sink.AlertCounts;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed at the end of a demo or backtest: events, rejects, alerts per rule, throughput and
 * detection latency percentiles (receipt of the triggering event to the alert reaching the sinks).
 */
final class RunSummary
{
    private RunSummary()
    {
    }

    static void print(
        final PrintWriter out, final String title, final long events, final long rejected, final long elapsedNs,
        final AlertCounts counts, final Histogram latencyNs, final int shards, final String waitStrategy,
        final String journal)
    {
        final double seconds = elapsedNs / 1e9;
        out.println();
        out.println("== " + title + " ==");
        out.printf(Locale.ROOT, "events       %,d in %.2f s  (%,.0f events/s)%n", events, seconds,
            seconds > 0 ? events / seconds : 0.0);
        if (rejected > 0)
        {
            out.printf(Locale.ROOT, "rejected     %,d lines (see the rejects file)%n", rejected);
        }
        out.printf(Locale.ROOT, "engine       %d shard(s), wait strategy %s, journal %s%n", shards, waitStrategy,
            journal);
        out.printf(Locale.ROOT, "alerts       %,d%n", counts.total());
        if (counts.amended() > 0 || counts.retracted() > 0)
        {
            out.printf(Locale.ROOT, "  out of order: %,d amended, %,d retracted (counted above as they stand)%n",
                counts.amended(), counts.retracted());
        }
        for (final Map.Entry<String, Long> e : counts.perRule().entrySet())
        {
            out.printf(Locale.ROOT, "  %-24s %,d%n", e.getKey(), e.getValue());
        }
        if (latencyNs.getTotalCount() > 0)
        {
            out.printf(Locale.ROOT,
                "latency      receipt -> alert, %,d alerts: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n",
                latencyNs.getTotalCount(),
                micros(latencyNs.getValueAtPercentile(50)), micros(latencyNs.getValueAtPercentile(90)),
                micros(latencyNs.getValueAtPercentile(99)), micros(latencyNs.getValueAtPercentile(99.9)),
                micros(latencyNs.getMaxValue()));
        }
    }

    static String micros(final long ns)
    {
        if (ns >= 10_000_000)
        {
            return String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
        }
        if (ns >= 1_000_000)
        {
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
    }
}
