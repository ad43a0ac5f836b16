package io.vigil.ops.service;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.journal.recovery.DurableConfig;
import io.vigil.journal.recovery.DurableEngine;
import io.vigil.journal.recovery.RecoveryReport;
import io.vigil.journal.snapshot.CheckpointManifest;
import io.vigil.ops.recovery.RuleSetCompiler;
import io.vigil.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The one place where the service opens and closes its engine, through {@link DurableEngine}: the newest usable
 * checkpoint under {@code DATA/checkpoints} is restored and the journal under {@code DATA/journal} replayed after
 * it (or from its start when no checkpoint is usable), then the engine goes live; checkpoints follow the
 * {@code checkpoints:} settings and one more is taken at {@link #close()} (the graceful stop SIGTERM triggers).
 * <p>
 * Rules: the configured rule file takes effect at every start; {@link DurableEngine} journals it as a rule-set
 * change when it differs from the rules recovered (on a new journal, always), so the journal says which rules
 * ran when, and the replay before it runs the rules that were journaled then.
 * <p>
 * Thread contract: opened and closed on the service's control thread.
 */
public final class EngineHost implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineHost.class);

    private final DurableEngine durable;
    private final Path journalDir;

    private EngineHost(final DurableEngine durable, final Path journalDir)
    {
        this.durable = durable;
        this.journalDir = journalDir;
    }

    /**
     * Recovers the engine from the data directory and starts it live.
     *
     * @param config   the service configuration (data dir, engine and checkpoint settings).
     * @param rules    the configured rules (their text is journaled and kept with checkpoints).
     * @param programs the factory built from {@code rules} (possibly wrapped, for tests).
     * @param sink     where alerts go (closed with the engine); its {@code onCheckpoint} makes alerts durable.
     * @return the running engine's host.
     * @throws io.vigil.journal.recovery.RecoveryException if no state known to be right can be built.
     */
    public static EngineHost open(
        final ServiceConfig config, final RuleSet rules, final ShardProgramFactory programs, final AlertSink sink)
    {
        final Path dataDir = config.data().dir();
        final ServiceConfig.Checkpoints cp = config.checkpoints();
        final long outOfOrderMs = config.rules().outOfOrder().toMillis();
        LOG.info("event=recovery_started data_dir={} checkpoints_kept={} every_events={} every_event_time={}",
            dataDir, cp.kept(), cp.everyEvents(), cp.everyEventTime());
        final EngineConfig engineConfig = new EngineConfig()
            .shardCount(config.engine().shards())
            .ringSize(config.engine().ringSize())
            .waitStrategy(config.engine().waitStrategy())
            .multiProducer(true)
            .alertSink(sink)
            .programFactory(programs)
            .programSource(rules.source().getBytes(StandardCharsets.UTF_8));
        final DurableEngine durable = DurableEngine.open(new DurableConfig()
            .dataDir(dataDir)
            .engine(engineConfig)
            .compiler(new RuleSetCompiler(outOfOrderMs))
            .checkpointIntervalEvents(cp.everyEvents())
            .checkpointIntervalEventTimeMs(cp.everyEventTime().toMillis())
            .checkpointsKept(cp.kept())
            .progressEveryEntries(100_000));
        final RecoveryReport report = durable.recovery();
        for (final String rejected : report.rejected())
        {
            LOG.warn("event=checkpoint_rejected reason=\"{}\"", rejected);
        }
        LOG.info("event=engine_recovered checkpoint_id={} checkpoint_index={} replayed_entries={} " +
                "replayed_transactions={} replay_ms={} damaged_skipped={} last_transaction_id={} summary=\"{}\"",
            report.checkpointId(), report.checkpointIndex(), report.entriesReplayed(), report.transactionsReplayed(),
            TimeUnit.NANOSECONDS.toMillis(report.replayNanos()), report.damagedEntriesSkipped(),
            report.lastTransactionId(), report.summary());
        LOG.info("event=engine_started data_dir={} shards={} ring_size={} wait_strategy={} rules={} rules_version={}",
            dataDir, config.engine().shards(), config.engine().ringSize(), config.engine().waitStrategy(), rules.name(),
            durable.engine().programVersion());
        return new EngineHost(durable, dataDir.resolve("journal"));
    }

    /** @return the running engine. */
    public Engine engine()
    {
        return durable.engine();
    }

    /** @return what recovery found and did at start. */
    public RecoveryReport recovery()
    {
        return durable.recovery();
    }

    /** @return the newest completed checkpoint's manifest, or null if none yet. */
    public CheckpointManifest lastCheckpoint()
    {
        return durable.checkpoints().lastCompleted();
    }

    /** @return the journal directory. */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * Drains the ring (everything published passes every stage), takes a last checkpoint, stops the engine and
     * closes the journal and the sinks. Call after ingest has stopped.
     */
    @Override
    public void close()
    {
        final Engine engine = durable.engine();
        final boolean drained = engine.awaitDrained(30, TimeUnit.SECONDS);
        durable.close();
        final CheckpointManifest last = durable.checkpoints().lastCompleted();
        LOG.info("event=engine_closed drained={} journaled={} processed={} alerts={} last_checkpoint_id={} " +
                "last_checkpoint_index={}", drained, engine.journaled(), engine.processed(), engine.alerts(),
            last == null ? -1 : last.id(), last == null ? -1 : last.journalIndex());
    }
}
