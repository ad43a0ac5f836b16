package io.vigil.bench.e2e;

import io.vigil.bench.peer.FlinkPeer;
import io.vigil.bench.peer.PeerBlock;
import io.vigil.bench.peer.PeerEquivalence;
import io.vigil.bench.peer.PeerLogging;
import io.vigil.bench.peer.PeerTx;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.rules.RuleSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil bench-e2e}: the end-to-end latency and throughput harness. Runs the engine (journal on, default
 * pack, one shard unless told otherwise) under open-model constant-rate load at several offered rates, then
 * flat out; then the same workload, reduced to the three rules a peer can run, on Vigil and on Flink CEP side
 * by side, after checking both find the same alerts. Writes a markdown report and percentile plots to
 * {@code --out} and prints the report.
 */
@Command(name = "bench-e2e", mixinStandardHelpOptions = true,
    description = "End-to-end latency (per stage, open-model constant rate) and throughput, Vigil and a peer.")
public final class LatencyHarness implements Callable<Integer>
{
    @Option(names = "--length", defaultValue = "short",
        description = "short (5 s warm-up, 10 s per rate) or full (10 s warm-up, 60 s per rate); "
            + "--warmup/--duration override.")
    String length;

    @Option(names = "--rates", split = ",", description = "Offered rates, transactions/s (default: 25000,50000,"
        + "100000,200000,400000,700000,1000000); stops after two rates in a row are not sustained.")
    List<Long> rates;

    @Option(names = "--warmup", description = "Warm-up per run, s.")
    Double warmupSec;

    @Option(names = "--duration", description = "Measured part per run, s.")
    Double durationSec;

    @Option(names = "--flat-out-events", description = "Transactions for the flat-out throughput run "
        + "(default: 1,000,000 short, 5,000,000 full).")
    Long flatOutEvents;

    @Option(names = "--compare-journal-off", description = "Also measure flat out with the journal off (a second "
        + "prefilled engine; default: only at full length).")
    Boolean compareJournalOff;

    @Option(names = "--prefill-days", defaultValue = "91", description = "Event time fed flat out into the "
        + "engine before measuring, days, so the pack's longest (90-day) windows are in steady state "
        + "(default: ${DEFAULT-VALUE}).")
    double prefillDays;

    @Option(names = "--peer", defaultValue = "flink", description = "flink or none (default: ${DEFAULT-VALUE}).")
    String peer;

    @Option(names = "--peer-rates", split = ",", description = "Rates for the side by side (default: 10000,25000,"
        + "50000,100000).")
    List<Long> peerRates;

    @Option(names = "--peer-buffer-timeout-ms", defaultValue = "0",
        description = "Flink network buffer timeout, ms; 0 flushes after every record (default: ${DEFAULT-VALUE}).")
    long peerBufferTimeoutMs;

    @Option(names = "--wait-strategy", defaultValue = "sleeping",
        description = "blocking, sleeping, yielding or busy-spin (default: ${DEFAULT-VALUE}).")
    String waitStrategy;

    @Option(names = "--shards", defaultValue = "1", description = "Shard threads (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--ring-size", defaultValue = "16384", description = "Ring slots (default: ${DEFAULT-VALUE}).")
    int ringSize;

    @Option(names = "--journal", defaultValue = "on", description = "on or off (default: ${DEFAULT-VALUE}).")
    String journal;

    @Option(names = "--journal-dir", defaultValue = "${java.io.tmpdir}",
        description = "Where each run's journal is made and deleted (default: ${DEFAULT-VALUE}).")
    Path journalDir;

    @Option(names = "--pacer", defaultValue = "yield", description = "yield or spin: how the load generator waits "
        + "for the next intended send time (default: ${DEFAULT-VALUE}).")
    String pacer;

    @Option(names = "--outbox", description = "Send alerts to the durable alert outbox (OutboxAlertSink), so the "
        + "alert stage is 'alert in the outbox' (default: a sink that drops them).")
    boolean outbox;

    @Option(names = "--rules", description = "Rule file (default: the default pack).")
    Path rulesFile;

    @Option(names = "--cards", defaultValue = "20000", description = "Cards (default: ${DEFAULT-VALUE}).")
    int cards;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--block-events", defaultValue = "524288",
        description = "Generated transactions per lap of the stream (default: ${DEFAULT-VALUE}).")
    int blockEvents;

    @Option(names = "--max-p99-ms", defaultValue = "10",
        description = "A rate is sustained if end-to-end p99 <= this (default: ${DEFAULT-VALUE}) ...")
    long maxP99Ms;

    @Option(names = "--max-drain-lag-ms", defaultValue = "100",
        description = "... and the last transaction is through within this of its intended time "
            + "(default: ${DEFAULT-VALUE}).")
    long maxDrainLagMs;

    @Option(names = "--out", defaultValue = "docs/bench",
        description = "Directory for the report and plots (default: ${DEFAULT-VALUE}).")
    Path out;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LatencyHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        final boolean full = "full".equals(length);
        if (!full && !"short".equals(length))
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--length: expected short or full, found '" + length + "'");
        }
        final HarnessPlan plan = new HarnessPlan(
            rates != null ? rates : List.of(25_000L, 50_000L, 100_000L, 200_000L, 400_000L, 700_000L, 1_000_000L),
            peerRates != null ? peerRates : List.of(10_000L, 25_000L, 50_000L, 100_000L),
            secondsToNs(warmupSec != null ? warmupSec : full ? 10 : 5),
            secondsToNs(durationSec != null ? durationSec : full ? 60 : 10),
            flatOutEvents != null ? flatOutEvents : full ? 5_000_000 : 1_000_000, (long)(prefillDays * 86_400_000L),
            compareJournalOff != null ? compareJournalOff : full,
            new SustainCriteria(maxDrainLagMs * 1_000_000, maxP99Ms * 1_000_000),
            String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[0])));
        final Pacer pace = Pacer.valueOf(pacer.toUpperCase());
        final RuleSet rules = rulesFile == null ? RuleSet.defaultPack() : RuleSet.load(rulesFile);
        final VigilTarget.Setup setup = new VigilTarget.Setup(rules, "on".equals(journal), journalDir,
            WaitStrategyKind.fromWireName(waitStrategy), shards, ringSize, pace, outbox);
        PeerLogging.quiet();

        System.err.printf("bench-e2e: generating %,d transactions (%,d cards, seed %d)%n", blockEvents, cards, seed);
        final List<GeneratedTransaction> generated = "none".equals(peer) ? null : new ArrayList<>(blockEvents);
        final EncodedStream stream = EncodedStream.generate(GeneratorConfig.builder().events(blockEvents).cards(cards)
            .seed(seed).fraudCasesPerMillion(1000).build(), generated == null ? null : generated::add);
        final HarnessRun run = new HarnessRun(plan, setup, stream, out);
        run.vigil();
        if (generated != null)
        {
            final PeerTx[] block = new PeerTx[generated.size()];
            for (int i = 0; i < block.length; i++)
            {
                block[i] = PeerTx.of(generated.get(i));
            }
            final FlinkPeer flink = new FlinkPeer(peerBufferTimeoutMs, pace);
            final PeerEquivalence.Outcome outcome = PeerEquivalence.check(generated, flink);
            PeerBlock.set(block, stream.spanMs());
            final VigilTarget.Setup peerSetup = new VigilTarget.Setup(PeerEquivalence.peerRules(), setup.journal(),
                journalDir, setup.waitStrategy(), shards, ringSize, pace, outbox);
            run.peer(flink, new VigilTarget(peerSetup, stream), outcome);
        }
        run.write();
        return 0;
    }

    private static long secondsToNs(final double s)
    {
        return (long)(s * 1e9);
    }
}
