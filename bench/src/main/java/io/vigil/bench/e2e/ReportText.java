package io.vigil.bench.e2e;

import io.vigil.bench.peer.FlinkPeer;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The words and tables of the harness's report: the machine and configuration, Vigil's latency per stage and
 * rate, its throughput, how far each target is, and the side by side with the peer.
 */
final class ReportText
{
    private final HarnessPlan plan;
    private final VigilTarget.Setup setup;
    private final String loadBefore;
    private final String loadAfter;

    ReportText(final HarnessPlan plan, final VigilTarget.Setup setup, final String loadBefore, final String loadAfter)
    {
        this.plan = plan;
        this.setup = setup;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    void write(final MarkdownReport md, final HarnessRun run)
    {
        md.line("# End-to-end latency and throughput").line("");
        md.linef("Written by `%s` at %s.", "vigil bench-e2e", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        md.line("").line("## Machine and configuration").line("");
        md.linef("- machine: %s, %d cores, %s; load average (1, 5, 15 min) %s at the start, %s at the end",
            Machine.cpu(), Machine.cores(), Machine.memory(), loadBefore, loadAfter);
        md.linef("- JVM: %s, collectors %s", Machine.jvm(), Machine.gc());
        md.linef("- JVM flags: `%s`", String.join(" ", Machine.flags()));
        md.linef("- harness arguments: `%s`", plan.command());
        md.linef("- engine: %s", setup.describe());
        md.linef("- threads: 1 load generator + 1 journaler + %d shard(s) + 1 alert collector = %d busy threads on "
            + "%d cores", setup.shards(), 3 + setup.shards(), Machine.cores());
        md.linef("- load: open model, constant rate; transaction i is due at start + i / rate, fixed in advance, and "
            + "stamped with that intended time, so every latency below counts from when it should have been sent "
            + "(a stall is charged to every transaction it delays: no coordinated omission). Generated traffic with "
            + "injected fraud, laps of %,d transactions (%.1f days of event time) replayed with event time moving on. "
            + "One engine and journal for all of Vigil's runs, as in production: first prefilled flat out with %,d "
            + "transactions (%.0f days of event time, so the 90-day windows are in steady state), then each rate: "
            + "%.0f s warm-up not recorded, then %.0f s measured; the flat-out run last.", run.blockEvents(),
            run.lapSpanMs() / 86_400_000.0, run.prefillEvents(), plan.prefillMs() / 86_400_000.0,
            plan.warmupNs() / 1e9, plan.measureNs() / 1e9);
        md.linef("- sustained: %s", plan.criteria().describe());
        md.line("").line("Stages, each from the intended send time:").line("");
        for (final Stage s : Stage.values())
        {
            md.linef("- `%s`: %s", s.label(), s.meaning());
        }
        md.line("").line("## Vigil alone: latency by stage and offered rate").line("");
        md.latencyTable(run.vigilRuns(), List.of(Stage.values()));
        md.line("").line("![end to end by rate](e2e-latency.png) ![by stage](e2e-stages.png)").line("");
        final RunResult[] flat = run.flatOutNoJournal() == null ? new RunResult[] {run.flatOut()} :
            new RunResult[] {run.flatOut(), run.flatOutNoJournal()};
        md.line("## Throughput and steady state").line("");
        md.runTable(concat(run.vigilRuns(), flat));
        md.line("").linef("Flat out (closed model: the producer waits only for room in the ring), journal %s: "
            + "**%,.0f transactions/s**%s.", setup.journal() ? "on" : "off", run.flatOut().throughputPerSec(),
            run.flatOutNoJournal() == null ? "" : String.format(Locale.ROOT, "; journal off: %,.0f/s",
                run.flatOutNoJournal().throughputPerSec()));
        long best = 0;
        for (final RunResult r : run.vigilRuns())
        {
            if (r.sustained())
            {
                best = Math.max(best, r.offeredPerSec());
            }
        }
        md.linef("Highest offered rate sustained: **%s**.", best == 0 ? "none of those tried" :
            String.format(Locale.ROOT, "%,d transactions/s", best));
        targets(md, run, best);
        if (!run.peerRuns().isEmpty())
        {
            peer(md, run);
        }
    }

    private void targets(final MarkdownReport md, final HarnessRun run, final long bestSustained)
    {
        md.line("").line("## Against the targets").line("");
        md.line("| target | measured | verdict |").line("| --- | --- | --- |");
        final double flat = run.flatOut().throughputPerSec();
        md.linef("| sustained >= 1,000,000 tx/s, journal on, default pack, one shard | flat out %,.0f/s; highest "
            + "open-model rate sustained %,d/s | %s |", flat, bestSustained, verdict(flat >= HarnessRun.targetRate(),
            String.format(Locale.ROOT, "%.1fx short", HarnessRun.targetRate() / Math.max(flat, 1))));
        final Double shardCpuNs = run.flatOut().cpuNsPerEvent().get("vigil-shard-0");
        final Double journalCpuNs = run.flatOut().cpuNsPerEvent().get("vigil-journaler");
        if (shardCpuNs != null && journalCpuNs != null)
        {
            md.linef("| (the same, as CPU time: independent of how busy the machine is) | flat out, per transaction: "
                + "shard %.2f µs, journaler %.2f µs of CPU, so one shard on a core of its own tops out near %,.0f/s "
                + "| %s |", shardCpuNs / 1000, journalCpuNs / 1000, 1e9 / shardCpuNs, verdict(
                1e9 / shardCpuNs >= HarnessRun.targetRate(), String.format(Locale.ROOT,
                "the shard's rules need %.1fx less CPU per event", shardCpuNs / 1000.0)));
        }
        final RunResult ref = run.reference();
        if (ref != null)
        {
            final Histogram h = ref.stages().get(Stage.COLLECTED);
            final long p99 = h.getValueAtPercentile(99);
            final long p9999 = h.getValueAtPercentile(99.99);
            md.linef("| p99 <= 20 µs at 100,000 tx/s, receipt to alert out | %s at %,d/s | %s |",
                MarkdownReport.micros(p99), ref.offeredPerSec(), verdict(p99 <= HarnessRun.targetP99Ns(),
                String.format(Locale.ROOT, "%.0fx over", p99 / (double)HarnessRun.targetP99Ns())));
            md.linef("| p99.99 <= 200 µs at 100,000 tx/s | %s | %s |", MarkdownReport.micros(p9999),
                verdict(p9999 <= HarnessRun.targetP9999Ns(), String.format(Locale.ROOT, "%.0fx over",
                p9999 / (double)HarnessRun.targetP9999Ns())));
        }
        double worstAlloc = 0;
        long gcs = 0;
        for (final RunResult r : run.vigilRuns())
        {
            worstAlloc = Math.max(worstAlloc, r.allocBytesPerEvent());
            gcs += Math.max(0, r.gcCount());
        }
        md.linef("| 0 B allocated per event in steady state | engine threads, worst run: %.2f B/event | %s |",
            worstAlloc, verdict(worstAlloc < 1, "allocates"));
        md.linef("| no GC pause during a steady run | %d collections over all measured runs | %s |", gcs,
            verdict(gcs == 0, gcs + " collections"));
    }

    private void peer(final MarkdownReport md, final HarnessRun run)
    {
        md.line("").line("## Side by side with " + FlinkPeer.NAME).line("");
        md.linef("Peer: %s. Both run three rules of the default pack (`card-velocity-60s`, `card-amount-sum-1h`, "
            + "`card-testing`: a sliding velocity count, a sliding amount sum, the card-testing sequence) on the "
            + "same transactions, offered by the same schedule; Vigil journals (%s), the peer keeps nothing durable.",
            run.peerDescription(), setup.journal() ? "on" : "off");
        md.line("").linef("Equivalence on the first lap (%,d transactions, flat out): %s.", run.blockEvents(),
            run.equivalence().describe());
        md.line("").line("Latency to the alert (per alert; for Vigil also per event, collector done):").line("");
        md.latencyTable(run.peerRuns(), List.of(Stage.COLLECTED, Stage.EVALUATED, Stage.ALERT));
        md.line("").line("![peer latency](peer-latency.png)").line("");
        md.runTable(concat(run.peerRuns(), run.vigilPeerFlatOut(), run.flinkFlatOut()));
        final double ratio = run.vigilPeerFlatOut().throughputPerSec() / Math.max(1, run.flinkFlatOut().throughputPerSec());
        md.line("").linef("Throughput flat out, 3 rules: Vigil %,.0f/s, %s %,.0f/s: **%.1fx** (target 10x).",
            run.vigilPeerFlatOut().throughputPerSec(), FlinkPeer.NAME, run.flinkFlatOut().throughputPerSec(), ratio);
        final List<RunResult> runs = run.peerRuns();
        for (int i = 0; i + 1 < runs.size(); i += 2)
        {
            final Histogram v = runs.get(i).stages().get(Stage.ALERT);
            final Histogram f = runs.get(i + 1).stages().get(Stage.ALERT);
            if (v.getTotalCount() > 0 && f.getTotalCount() > 0)
            {
                md.linef("At %,d/s: alert p99 Vigil %s, %s %s: Vigil's p99 is **%s** the peer's (target: 100x lower); "
                    + "p50 %s.", runs.get(i).offeredPerSec(), MarkdownReport.micros(v.getValueAtPercentile(99)),
                    FlinkPeer.NAME, MarkdownReport.micros(f.getValueAtPercentile(99)),
                    ratio(f.getValueAtPercentile(99), v.getValueAtPercentile(99)),
                    ratio(f.getValueAtPercentile(50), v.getValueAtPercentile(50)));
            }
        }
    }

    /** @return how many times lower {@code vigil} is than {@code peer}, in words. */
    private static String ratio(final long peer, final long vigil)
    {
        final double r = peer / (double)Math.max(1, vigil);
        return r >= 1 ? String.format(Locale.ROOT, "%.1fx lower than", r) :
            String.format(Locale.ROOT, "%.1fx higher than", 1 / r);
    }

    private static String verdict(final boolean met, final String miss)
    {
        return met ? "met" : "**missed**: " + miss;
    }

    private static List<RunResult> concat(final List<RunResult> runs, final RunResult... more)
    {
        final java.util.ArrayList<RunResult> all = new java.util.ArrayList<>(runs);
        for (final RunResult r : more)
        {
            if (r != null)
            {
                all.add(r);
            }
        }
        return all;
    }
}
