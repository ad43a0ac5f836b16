package io.vigil.bench.e2e;

import io.vigil.bench.peer.FlinkPeer;
import io.vigil.bench.peer.PeerEquivalence;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's runs, in order, and the report they make: Vigil alone at each rate and flat out; then, if
 * asked, Vigil and the peer side by side. Writes {@code e2e-latency.md} and the plots into the output directory.
 * <p>
 * Thread contract: one thread (the producer of every run).
 */
final class HarnessRun
{
    private static final long TARGET_RATE = 1_000_000;
    private static final long TARGET_AT_RATE = 100_000;
    private static final long TARGET_P99_NS = 20_000;
    private static final long TARGET_P9999_NS = 200_000;

    private final HarnessPlan plan;
    private final VigilTarget.Setup setup;
    private final EncodedStream stream;
    private final Path out;
    private final String loadBefore = Machine.load();
    private final List<RunResult> vigilRuns = new ArrayList<>();
    private final List<RunResult> peerRuns = new ArrayList<>();
    private RunResult flatOut;
    private RunResult flatOutNoJournal;
    private RunResult vigilPeerFlatOut;
    private RunResult flinkFlatOut;
    private PeerEquivalence.Outcome equivalence;
    private long prefillEvents;
    private String peerDescription;

    HarnessRun(final HarnessPlan plan, final VigilTarget.Setup setup, final EncodedStream stream, final Path out)
    {
        this.plan = plan;
        this.setup = setup;
        this.stream = stream;
        this.out = out;
    }

    void vigil()
    {
        final VigilTarget vigil = new VigilTarget(setup, stream);
        try
        {
            vigil.open(plan.prefillMs());
            prefillEvents = vigil.prefillEvents();
            System.err.printf(Locale.ROOT, "bench-e2e: prefilled %,d transactions (%.0f days of event time) in %.1f s%n",
                prefillEvents, plan.prefillMs() / 86_400_000.0, vigil.prefillNs() / 1e9);
            int unsustained = 0;
            for (final long rate : plan.rates())
            {
                final RunResult r = vigil.runAtRate(rate, plan.warmupNs(), plan.measureNs(), plan.criteria());
                vigilRuns.add(r);
                progress(r, Stage.COLLECTED);
                unsustained = r.sustained() ? 0 : unsustained + 1;
                if (unsustained == 2)
                {
                    break;
                }
            }
            flatOut = vigil.runFlatOut(plan.flatOutEvents());
            progress(flatOut, Stage.COLLECTED);
        }
        finally
        {
            vigil.close();
        }
        if (setup.journal() && plan.journalOff())
        {
            final VigilTarget noJournal = new VigilTarget(new VigilTarget.Setup(setup.rules(), false,
                setup.journalBase(), setup.waitStrategy(), setup.shards(), setup.ringSize(), setup.pacer(), setup.outbox()),
                stream);
            try
            {
                noJournal.open(plan.prefillMs());
                flatOutNoJournal = noJournal.runFlatOut(plan.flatOutEvents());
                progress(flatOutNoJournal, Stage.COLLECTED);
            }
            finally
            {
                noJournal.close();
            }
        }
    }

    void peer(final FlinkPeer flink, final VigilTarget vigil, final PeerEquivalence.Outcome outcome) throws Exception
    {
        equivalence = outcome;
        peerDescription = flink.describe();
        System.err.println("bench-e2e: equivalence: " + outcome.describe());
        final long peerFlatOutEvents = Math.min(plan.flatOutEvents(), 2_000_000);
        vigil.open(0);
        try
        {
            peerSide(flink, vigil, peerFlatOutEvents);
        }
        finally
        {
            vigil.close();
        }
    }

    private void peerSide(final FlinkPeer flink, final VigilTarget vigil, final long peerFlatOutEvents) throws Exception
    {
        vigil.runFlatOut(peerFlatOutEvents / 5);
        vigilPeerFlatOut = vigil.runFlatOut(peerFlatOutEvents);
        progress(vigilPeerFlatOut, Stage.COLLECTED);
        final RunResult f = flink.run(0, peerFlatOutEvents / 5, peerFlatOutEvents, false);
        flinkFlatOut = f;
        progress(f, Stage.ALERT);
        for (final long rate : plan.peerRates())
        {
            final RunResult v = vigil.runAtRate(rate, plan.warmupNs(), plan.measureNs(), plan.criteria());
            peerRuns.add(v);
            progress(v, Stage.ALERT);
            final RunResult raw = flink.run(rate, plan.warmupEvents(rate), plan.measureEvents(rate), false);
            final RunResult p = new RunResult(raw.system(), raw.offeredPerSec(), raw.events(), raw.elapsedNs(),
                raw.stages(), raw.alerts(), raw.drainLagNs(), raw.gcCount(), raw.gcTimeMs(), raw.allocBytesPerEvent(),
                plan.criteria().sustained(raw.stages().get(Stage.ALERT), raw.drainLagNs(), plan.measureNs()),
                raw.cpuNsPerEvent());
            peerRuns.add(p);
            progress(p, Stage.ALERT);
        }
    }

    private static void progress(final RunResult r, final Stage stage)
    {
        final Histogram h = r.stages().get(stage);
        System.err.printf(Locale.ROOT, "bench-e2e: %-9s %-9s %,10.0f tx/s through, %s p50 %s p99 %s p99.99 %s max %s"
                + "%s%n", r.system(), r.offeredPerSec() == 0 ? "flat-out" : String.valueOf(r.offeredPerSec()),
            r.throughputPerSec(), stage.label(), MarkdownReport.micros(h.getValueAtPercentile(50)),
            MarkdownReport.micros(h.getValueAtPercentile(99)), MarkdownReport.micros(h.getValueAtPercentile(99.99)),
            MarkdownReport.micros(h.getMaxValue()), r.offeredPerSec() == 0 ? "" : r.sustained() ? " sustained" :
            " NOT sustained");
    }

    void write() throws IOException
    {
        Files.createDirectories(out);
        final MarkdownReport md = new MarkdownReport();
        new ReportText(plan, setup, loadBefore, Machine.load()).write(md, this);
        Files.writeString(out.resolve("e2e-latency.md"), md.toString(), StandardCharsets.UTF_8);
        final PercentilePlot byRate = new PercentilePlot(
            "Vigil end to end (intended send -> collector done), default pack, by offered rate");
        for (final RunResult r : vigilRuns)
        {
            byRate.add(String.format(Locale.ROOT, "%,d/s", r.offeredPerSec()), r.stages().get(Stage.COLLECTED), false);
        }
        byRate.target("target p99 20 µs", 20).target("target p99.99 200 µs", 200).write(out.resolve("e2e-latency.png"));
        final RunResult reference = reference();
        if (reference != null)
        {
            final PercentilePlot byStage = new PercentilePlot(String.format(Locale.ROOT,
                "Vigil latency by stage at %,d tx/s offered (from the intended send time)", reference.offeredPerSec()));
            for (final Stage s : Stage.values())
            {
                byStage.add(s.label(), reference.stages().get(s), false);
            }
            byStage.write(out.resolve("e2e-stages.png"));
        }
        if (!peerRuns.isEmpty())
        {
            final PercentilePlot side = new PercentilePlot("Alert latency (intended send -> alert out): Vigil vs "
                + FlinkPeer.NAME + ", 3 rules");
            for (final RunResult r : peerRuns)
            {
                side.add(String.format(Locale.ROOT, "%s %,d/s", r.system(), r.offeredPerSec()), r.stages().get(Stage.ALERT),
                    !"vigil".equals(r.system()));
            }
            side.write(out.resolve("peer-latency.png"));
        }
        System.out.print(md);
        System.err.println("bench-e2e: wrote " + out.resolve("e2e-latency.md") + " and plots");
    }

    /** @return the run at the target's reference rate, or the nearest one. */
    RunResult reference()
    {
        RunResult best = null;
        for (final RunResult r : vigilRuns)
        {
            if (best == null || Math.abs(r.offeredPerSec() - TARGET_AT_RATE) < Math.abs(best.offeredPerSec() -
                TARGET_AT_RATE))
            {
                best = r;
            }
        }
        return best;
    }

    List<RunResult> vigilRuns()
    {
        return vigilRuns;
    }

    List<RunResult> peerRuns()
    {
        return peerRuns;
    }

    RunResult flatOut()
    {
        return flatOut;
    }

    RunResult flatOutNoJournal()
    {
        return flatOutNoJournal;
    }

    RunResult vigilPeerFlatOut()
    {
        return vigilPeerFlatOut;
    }

    RunResult flinkFlatOut()
    {
        return flinkFlatOut;
    }

    PeerEquivalence.Outcome equivalence()
    {
        return equivalence;
    }

    String peerDescription()
    {
        return peerDescription;
    }

    long prefillEvents()
    {
        return prefillEvents;
    }

    long lapSpanMs()
    {
        return stream.spanMs();
    }

    int blockEvents()
    {
        return stream.count();
    }

    static long targetRate()
    {
        return TARGET_RATE;
    }

    static long targetP99Ns()
    {
        return TARGET_P99_NS;
    }

    static long targetP9999Ns()
    {
        return TARGET_P9999_NS;
    }
}
