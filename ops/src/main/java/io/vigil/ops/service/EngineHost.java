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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The one place where the service opens and closes its engine, through {@link DurableEngine}: the newest usable
 * checkpoint under {@code DATA/checkpoints} is restored and the journal under {@code DATA/journal} replayed after
 * it (or from its start when no checkpoint is usable), then the engine goes live; checkpoints follow the
 * {@code checkpoints:} settings and one more is taken at {@link #close()} (the graceful stop SIGTERM triggers).
 * <p>
 * Rules: the newest change wins. Recovery ends running the rules last journaled (a change through
 * {@code PUT /v1/rules} survives a restart). The configured rule file replaces them, journaled as a rule-set
 * change, when nothing was recovered (a new journal) or when the file differs from the one the service last
 * started with (its SHA-256 is kept in {@code DATA/rules-applied.sha256}); an unchanged file does not undo a
 * change made through the API since. {@link #rules()} is what runs.
 * <p>
 * Thread contract: opened and closed on the service's control thread.
 */
public final class EngineHost implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineHost.class);

    static final String RULES_MARKER = "rules-applied.sha256";

    private final DurableEngine durable;
    private final Path journalDir;
    private final RuleSet running;

    private EngineHost(final DurableEngine durable, final Path journalDir, final RuleSet running)
    {
        this.durable = durable;
        this.journalDir = journalDir;
        this.running = running;
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
        return open(config, rules, programs, sink, null);
    }

    /**
     * Recovers the engine from the data directory and starts it live; programs recovered from a checkpoint or a
     * journaled rule change get the configured table caps ({@code tables:}) and publish into {@code tableFigures}.
     *
     * @param config       the service configuration (data dir, engine, checkpoint and table settings).
     * @param rules        the configured rules (their text is journaled and kept with checkpoints).
     * @param programs     the factory built from {@code rules} (possibly wrapped, for tests).
     * @param sink         where alerts go (closed with the engine); its {@code onCheckpoint} makes alerts durable.
     * @param tableFigures where the shards' tables publish rows held and refused, or null.
     * @return the running engine's host.
     * @throws io.vigil.journal.recovery.RecoveryException if no state known to be right can be built.
     */
    public static EngineHost open(
        final ServiceConfig config, final RuleSet rules, final ShardProgramFactory programs, final AlertSink sink,
        final io.vigil.rules.table.TableFigures tableFigures)
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
            .compiler(new RuleSetCompiler(outOfOrderMs, config.tables().limits(), tableFigures))
            .checkpointIntervalEvents(cp.everyEvents())
            .checkpointIntervalEventTimeMs(cp.everyEventTime().toMillis())
            .checkpointsKept(cp.kept())
            .journalInitialRules(false)
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
        final RuleSet running;
        try
        {
            running = settleRules(dataDir, rules, programs, durable);
        }
        catch (final RuntimeException ex)
        {
            durable.close();
            throw ex;
        }
        LOG.info("event=engine_started data_dir={} shards={} ring_size={} wait_strategy={} rules={} rules_version={}",
            dataDir, config.engine().shards(), config.engine().ringSize(), config.engine().waitStrategy(),
            running.name(), durable.engine().programVersion());
        return new EngineHost(durable, dataDir.resolve("journal"), running);
    }

    private static RuleSet settleRules(
        final Path dataDir, final RuleSet configured, final ShardProgramFactory programs, final DurableEngine durable)
    {
        final byte[] source = configured.source().getBytes(StandardCharsets.UTF_8);
        final byte[] recovered = durable.recoveredProgramSource();
        final Path marker = dataDir.resolve(RULES_MARKER);
        final String hash = sha256(source);
        String lastStarted = null;
        try
        {
            lastStarted = Files.exists(marker) ? Files.readString(marker).strip() : null;
        }
        catch (final IOException ex)
        {
            LOG.warn("event=rules_marker_unreadable file={} error={}", marker, ex.toString());
        }
        final RuleSet running;
        if (recovered == null || (!hash.equals(lastStarted) && !Arrays.equals(source, recovered)))
        {
            durable.engine().changeProgram(source, programs);
            running = configured;
            LOG.info("event=rules_applied source=file rules={} reason={}", configured.name(),
                recovered == null ? "none_recovered" : "file_changed_since_last_start");
        }
        else if (Arrays.equals(source, recovered))
        {
            running = configured;
            LOG.info("event=rules_recovered source=file rules={}", configured.name());
        }
        else
        {
            running = RuleSet.fromSource("journal", new String(recovered, StandardCharsets.UTF_8));
            LOG.warn("event=rules_recovered source=journal rules={} note=\"the configured file {} is unchanged since " +
                "the last start; the rules last changed through the API keep running\"", running.ruleRefs().size(),
                configured.name());
        }
        try
        {
            Files.writeString(marker, hash + "\n");
        }
        catch (final IOException ex)
        {
            LOG.warn("event=rules_marker_unwritable file={} error={}", marker, ex.toString());
        }
        return running;
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }

    /** @return the rules running after recovery (those last journaled). */
    public RuleSet rules()
    {
        return running;
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
