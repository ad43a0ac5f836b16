package io.vigil.bench.e2e;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.journal.ChronicleJournal;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.OutboxAlertSink;
import io.vigil.rules.RuleSet;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the engine under an open-model, constant-rate load: transaction {@code i} is due at
 * {@code start + i / rate}, fixed in advance; the producer stamps that intended time as the receipt time, so
 * every stage's latency (see {@link StageRecorder}) counts from when the transaction should have arrived,
 * including any time the producer itself was held up by a full ring or a stall (no coordinated omission).
 * One engine (and journal) serves every run between {@link #open(long)} and {@link #close()}, as a long-running
 * engine would; each run's first {@code warmup} is not recorded.
 * <p>
 * Thread contract: one caller; the calling thread is the producer.
 */
public final class VigilTarget
{
    /**
     * The engine under test.
     *
     * @param rules        the rule set every shard runs.
     * @param journal      whether to journal to Chronicle Queue (in {@code journalBase}).
     * @param journalBase  directory under which each run makes and deletes its journal.
     * @param waitStrategy engine threads' wait strategy.
     * @param shards       shard threads.
     * @param ringSize     input ring slots.
     * @param pacer        how the producer waits for the next intended time.
     * @param outbox       whether alerts go to the durable alert outbox ({@link OutboxAlertSink}, in
     *                     {@code journalBase}): the {@link Stage#ALERT} stage is then "alert in the outbox";
     *                     otherwise to a sink that drops them.
     */
    public record Setup(
        RuleSet rules, boolean journal, Path journalBase, WaitStrategyKind waitStrategy, int shards, int ringSize,
        Pacer pacer, boolean outbox)
    {
        /** @return a one-line description for reports. */
        public String describe()
        {
            return String.format("%s (%d rules), %d shard(s), wait strategy %s, ring %d slots, journal %s, pacer %s, "
                + "alerts to %s", rules.name(), rules.ruleRefs().size(), shards, waitStrategy.wireName(), ringSize,
                journal ? "Chronicle Queue on " + journalBase : "off", pacer.name().toLowerCase(),
                outbox ? "the alert outbox (OutboxAlertSink)" : "a sink that drops them");
        }
    }

    private final Setup setup;
    private final EncodedStream stream;
    private final StageRecorder recorder = new StageRecorder();
    private TimedAlertSink sink;
    private AlertOutbox outbox;
    private Path outboxDir;
    private long streamPosition;
    private Path dir;
    private Engine engine;
    private long prefillEvents;
    private long prefillNs;

    /**
     * @param setup  the engine's configuration.
     * @param stream the transactions to send (each run continues where the last one stopped).
     */
    public VigilTarget(final Setup setup, final EncodedStream stream)
    {
        this.setup = setup;
        this.stream = stream;
    }

    /**
     * Starts the engine (and its journal) and feeds it flat out until event time has moved on by
     * {@code prefillEventTimeMs}, so every window of the rules holds what it holds in steady state (a 90-day
     * window is not in steady state before 90 days of traffic went through it); this also warms the JIT.
     *
     * @param prefillEventTimeMs event time to fill, ms (0: none).
     * @return this.
     */
    public VigilTarget open(final long prefillEventTimeMs)
    {
        try
        {
            AlertSink delegate = TimedAlertSink.discarding();
            if (setup.outbox())
            {
                Files.createDirectories(setup.journalBase());
                outboxDir = Files.createTempDirectory(setup.journalBase(), "vigil-e2e-outbox");
                outbox = AlertOutbox.open(outboxDir);
                delegate = new OutboxAlertSink(outbox, AlertRoutes.of(setup.rules()), null);
            }
            sink = new TimedAlertSink(delegate, recorder);
            final EngineConfig config = new EngineConfig().shardCount(setup.shards()).ringSize(setup.ringSize())
                .waitStrategy(setup.waitStrategy()).alertSink(sink).programFactory(setup.rules().factory())
                .stageProbe(recorder);
            if (setup.journal())
            {
                Files.createDirectories(setup.journalBase());
                dir = Files.createTempDirectory(setup.journalBase(), "vigil-e2e-journal");
                config.journal(ChronicleJournal.open(dir));
            }
            engine = new Engine(config).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        prefillEvents = prefillEventTimeMs <= 0 ? 0 :
            (long)Math.ceil((double)prefillEventTimeMs / stream.spanMs() * stream.count());
        final long startNs = System.nanoTime();
        for (long i = 0; i < prefillEvents; i++)
        {
            send(System.nanoTime());
        }
        awaitDrained();
        prefillNs = System.nanoTime() - startNs;
        recorder.reset();
        return this;
    }

    /** @return transactions fed by {@link #open(long)}. */
    public long prefillEvents()
    {
        return prefillEvents;
    }

    /** @return how long the prefill took, ns. */
    public long prefillNs()
    {
        return prefillNs;
    }

    /**
     * One run at a constant offered rate, on the open engine.
     *
     * @param ratePerSec transactions per second offered.
     * @param warmupNs   the first part, not recorded.
     * @param measureNs  the measured part.
     * @param criteria   what counts as sustained.
     * @return what was measured.
     */
    public RunResult runAtRate(final long ratePerSec, final long warmupNs, final long measureNs,
        final SustainCriteria criteria)
    {
        final long warmupEvents = warmupNs * ratePerSec / 1_000_000_000L;
        final long measureEvents = Math.max(1, measureNs * ratePerSec / 1_000_000_000L);
        final long total = warmupEvents + measureEvents;
        final Pacer pacer = setup.pacer();
        final long startNs = System.nanoTime() + 1_000_000;
        EngineStats before = null;
        long measureStartNs = 0;
        for (long i = 0; i < total; i++)
        {
            final long intendedNs = startNs + i * 1_000_000_000L / ratePerSec;
            if (i == warmupEvents)
            {
                measureFrom();
                before = EngineStats.now();
                measureStartNs = intendedNs;
            }
            pacer.awaitUntil(intendedNs);
            send(intendedNs);
            recorder.onSent(intendedNs);
        }
        final long lastIntendedNs = startNs + (total - 1) * 1_000_000_000L / ratePerSec;
        awaitDrained();
        final long doneNs = System.nanoTime();
        final EngineStats after = EngineStats.now();
        final Map<Stage, Histogram> stages = recorder.snapshot();
        final long drainLagNs = doneNs - lastIntendedNs;
        return new RunResult("vigil", ratePerSec, measureEvents, doneNs - measureStartNs, stages,
            sink.measuredAlerts(), drainLagNs, after.gcCount - before.gcCount,
            after.gcTimeMs - before.gcTimeMs, allocPerEvent(before, after, measureEvents),
            criteria.sustained(stages.get(Stage.COLLECTED), drainLagNs, measureNs),
            after.cpuNsPerEvent(before, measureEvents));
    }

    /**
     * A closed-model run on the open engine: sends as fast as the ring takes them (the producer waits only when
     * the ring is full), to find the pipeline's throughput.
     *
     * @param events transactions.
     * @return what was measured (latency from the actual send time; not the point of this run).
     */
    public RunResult runFlatOut(final long events)
    {
        awaitDrained();
        measureFrom();
        final EngineStats before = EngineStats.now();
        final long startNs = System.nanoTime();
        for (long i = 0; i < events; i++)
        {
            send(System.nanoTime());
        }
        awaitDrained();
        final long doneNs = System.nanoTime();
        final EngineStats after = EngineStats.now();
        return new RunResult("vigil", 0, events, doneNs - startNs, recorder.snapshot(),
            sink.measuredAlerts(), 0, after.gcCount - before.gcCount, after.gcTimeMs - before.gcTimeMs,
            allocPerEvent(before, after, events), true, after.cpuNsPerEvent(before, events));
    }

    /** Drains and stops the engine, deletes its journal. */
    public void close()
    {
        try
        {
            if (engine != null)
            {
                engine.close();
            }
        }
        finally
        {
            engine = null;
            if (outbox != null)
            {
                outbox.close();
                outbox = null;
            }
            if (outboxDir != null)
            {
                deleteRecursively(outboxDir);
                outboxDir = null;
            }
            if (dir != null)
            {
                deleteRecursively(dir);
                dir = null;
            }
        }
    }

    private void measureFrom()
    {
        // one producer publishing each claim at once: the next claim is the cursor's successor
        final long next = engine.published();
        recorder.measureFrom(next);
        sink.measureFrom(next);
    }

    private void send(final long receivedNs)
    {
        final long seq = engine.claim();
        final EventSlot slot = engine.slot(seq);
        stream.copyTo(streamPosition++, slot.buffer());
        slot.transaction(receivedNs);
        engine.publish(seq);
    }

    private void awaitDrained()
    {
        if (!engine.awaitDrained(10, TimeUnit.MINUTES))
        {
            throw new IllegalStateException("engine did not drain: " + engine.failure());
        }
    }

    private static double allocPerEvent(final EngineStats before, final EngineStats after, final long events)
    {
        return before.engineAllocatedBytes < 0 || after.engineAllocatedBytes < 0 ? -1 :
            (double)(after.engineAllocatedBytes - before.engineAllocatedBytes) / events;
    }

    static void deleteRecursively(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
