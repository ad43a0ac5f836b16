package io.vigil.bench.e2e;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * Formats runs as markdown tables: one row per (run, stage) with p50, p90, p99, p99.9, p99.99 and max in µs,
 * plus throughput, alerts, collections and allocation.
 * <p>
 * Thread contract: one thread.
 */
public final class MarkdownReport
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private final StringBuilder out = new StringBuilder();

    /**
     * @param text a line of markdown (a newline is added).
     * @return this.
     */
    public MarkdownReport line(final String text)
    {
        out.append(text).append('\n');
        return this;
    }

    /**
     * @param format as {@link String#format}, root locale.
     * @param args   its arguments.
     * @return this.
     */
    public MarkdownReport linef(final String format, final Object... args)
    {
        return line(String.format(Locale.ROOT, format, args));
    }

    /**
     * A latency table: each run's stages, in {@link Stage} order.
     *
     * @param runs   the runs.
     * @param stages which stages to show.
     * @return this.
     */
    public MarkdownReport latencyTable(final List<RunResult> runs, final List<Stage> stages)
    {
        line("| system | offered/s | stage | p50 | p90 | p99 | p99.9 | p99.99 | max | samples | sustained |");
        line("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (final RunResult r : runs)
        {
            for (final Stage s : stages)
            {
                final Histogram h = r.stages().get(s);
                if (h == null || h.getTotalCount() == 0)
                {
                    continue;
                }
                final StringBuilder row = new StringBuilder();
                row.append("| ").append(r.system()).append(" | ").append(count(r.offeredPerSec())).append(" | ")
                    .append(s.label()).append(" | ");
                for (final double p : PERCENTILES)
                {
                    row.append(micros(h.getValueAtPercentile(p))).append(" | ");
                }
                row.append(micros(h.getMaxValue())).append(" | ").append(count(h.getTotalCount())).append(" | ")
                    .append(s == Stage.COLLECTED || (s == Stage.ALERT && r.stages().get(Stage.COLLECTED) == null) ?
                    (r.sustained() ? "yes" : "**no**") : "").append(" |");
                line(row.toString());
            }
        }
        return this;
    }

    /**
     * A table of throughput and the steady-state figures per run.
     *
     * @param runs the runs.
     * @return this.
     */
    public MarkdownReport runTable(final List<RunResult> runs)
    {
        line("| system | offered/s | through/s | events | alerts | drain lag | GCs (time) | engine B/event "
            + "| CPU per event: journaler / shard(s) / collector |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (final RunResult r : runs)
        {
            linef("| %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.system(),
                r.offeredPerSec() == 0 ? "flat out" : count(r.offeredPerSec()), count(Math.round(r.throughputPerSec())),
                count(r.events()), count(r.alerts()), r.offeredPerSec() == 0 ? "-" : micros(r.drainLagNs()),
                r.gcCount() < 0 ? "-" : r.gcCount() + " (" + r.gcTimeMs() + " ms)",
                r.allocBytesPerEvent() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", r.allocBytesPerEvent()),
                cpu(r.cpuNsPerEvent()));
        }
        return this;
    }

    /**
     * @param ns nanoseconds.
     * @return µs with sensible precision ("12.3 µs", "4,512 µs").
     */
    public static String micros(final long ns)
    {
        final double us = ns / 1000.0;
        return us < 100 ? String.format(Locale.ROOT, "%.1f µs", us) : String.format(Locale.ROOT, "%,.0f µs", us);
    }

    private static String cpu(final java.util.Map<String, Double> byThread)
    {
        if (byThread.isEmpty())
        {
            return "-";
        }
        final StringBuilder b = new StringBuilder();
        for (final String thread : new String[] {"vigil-journaler", "vigil-shard-", "vigil-alerts"})
        {
            for (final java.util.Map.Entry<String, Double> e : byThread.entrySet())
            {
                if (e.getKey().startsWith(thread))
                {
                    b.append(b.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f µs",
                        e.getValue() / 1000));
                }
            }
        }
        return b.toString();
    }

    static String count(final long n)
    {
        return String.format(Locale.ROOT, "%,d", n);
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
