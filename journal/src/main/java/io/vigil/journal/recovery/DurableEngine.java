package io.vigil.journal.recovery;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.journal.ChronicleJournal;
import io.vigil.journal.JournalConfig;
import io.vigil.journal.JournalHousekeeper;
import io.vigil.journal.JournalReader;
import io.vigil.journal.snapshot.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The engine with its data directory: the one entry point for anything that must survive a crash (the
 * service, a resumable backtest). {@link #open} recovers and returns a live engine:
 * <ol>
 * <li>picks the newest usable checkpoint in {@code DIR/checkpoints} (an incomplete or corrupt one, one taken
 * with another shard count, or whose journal is gone, is passed over with the reason logged) and restores every
 * shard's program from it, under the rules it ran;</li>
 * <li>opens the journal ({@code DIR/journal}) for appending and starts the engine with checkpoints on
 * (barriers every {@link DurableConfig#checkpointIntervalEvents()} events and at close);</li>
 * <li>replays every journal entry after the checkpoint's barrier (or from the journal's start if none is
 * usable) through the ring, the same code path as live input, logging progress and throughput; a truncated
 * last entry is skipped and recorded; state built from a journal whose start was deleted is refused
 * ({@link RecoveryException});</li>
 * <li>journals the configured rules as a rule-set change if they differ from those recovered, and goes live.</li>
 * </ol>
 * Alerts of replayed input are emitted again, with the same ids: receivers deduplicate by alert id.
 * Ingest then resumes after {@link RecoveryReport#lastTransactionId()}.
 * <p>
 * Thread contract: open and close from one thread; produce into {@link #engine()} as its contract says.
 */
public final class DurableEngine implements AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(DurableEngine.class);

    private final Engine engine;
    private final CheckpointStore checkpoints;
    private final JournalHousekeeper housekeeper;
    private final RecoveryReport report;
    private final byte[] recoveredProgramSource;

    private DurableEngine(
        final Engine engine, final CheckpointStore checkpoints, final JournalHousekeeper housekeeper,
        final RecoveryReport report, final byte[] recoveredProgramSource)
    {
        this.recoveredProgramSource = recoveredProgramSource;
        this.engine = engine;
        this.checkpoints = checkpoints;
        this.housekeeper = housekeeper;
        this.report = report;
    }

    /**
     * Recovers the engine from its data directory and starts it live.
     *
     * @param config settings, validated here.
     * @return the live engine; close it to take a last checkpoint and stop.
     * @throws RecoveryException  if no state known to be right can be built (the message says what to do).
     * @throws UncheckedIOException if the data directory cannot be read or written.
     */
    public static DurableEngine open(final DurableConfig config)
    {
        config.conclude();
        try
        {
            Files.createDirectories(config.journalDir());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("data dir " + config.dataDir() + ": cannot create", ex);
        }
        final EngineConfig engineConfig = config.engine();
        final CheckpointStore checkpoints = new CheckpointStore(config.checkpointsDir(), config.checkpointsKept());
        final JournalHousekeeper housekeeper = new JournalHousekeeper(config.journalDir(), config.journalRetainCycles());
        checkpoints.onOldestKeptIndex(housekeeper::deleteBefore);
        final List<String> rejected = new ArrayList<>();
        Engine engine = null;
        try (JournalReader reader = JournalReader.open(config.journalDir(), new JournalConfig().rollCycle(config.rollCycle())))
        {
            final CheckpointChooser.Chosen chosen = CheckpointChooser.choose(checkpoints, reader, config, rejected);
            final boolean journalEmpty = reader.lastIndex() == JournalReader.NULL_INDEX;
            if (chosen == null && JournalHousekeeper.isTrimmed(config.journalDir()))
            {
                throw new RecoveryException("no usable checkpoint (" + String.join("; ", rejected) + ") and the journal's " +
                    "older cycles were deleted: replaying what is left would build wrong state. Restore a checkpoint " +
                    "or the journal's deleted cycles into " + config.dataDir());
            }
            if (chosen == null && journalEmpty && !rejected.isEmpty())
            {
                throw new RecoveryException("checkpoints exist but none is usable (" + String.join("; ", rejected) +
                    ") and the journal is empty: refusing to start with empty state. Move " + config.checkpointsDir() +
                    " aside to start afresh");
            }
            engineConfig.journal(ChronicleJournal.open(config.journalDir(), new JournalConfig().rollCycle(config.rollCycle())))
                .checkpointSink(checkpoints)
                .checkpointIntervalEvents(config.checkpointIntervalEvents())
                .checkpointIntervalEventTimeMs(config.checkpointIntervalEventTimeMs());
            engine = new Engine(engineConfig);
            if (chosen != null)
            {
                engine.installPrograms(chosen.programs(), chosen.source());
                LOGGER.info("recovery: restored {} shard(s) from checkpoint {} at journal index {}",
                    chosen.programs().length, chosen.id(), chosen.index());
                reader.moveToIndex(chosen.index());
            }
            else
            {
                reader.moveToStart();
            }
            engine.start();
            final JournalReplayer replayer = new JournalReplayer(engine, config.compiler(), true,
                chosen == null ? -1 : chosen.index(), chosen == null ? null : chosen.source(), config.progressEveryEntries(),
                config.dataDir().resolve(JournalReplayer.DAMAGE_FILE));
            final long startNs = System.nanoTime();
            replayer.replay(reader);
            final long replayNs = System.nanoTime() - startNs;

            final JournalTail tail = new JournalTail();
            String lastTransactionId = null;
            boolean endOfInput = replayer.endOfInput();
            if (replayer.lastTransactionIndex() >= 0)
            {
                lastTransactionId = tail.transactionIdAt(reader, replayer.lastTransactionIndex());
            }
            else if (chosen != null)
            {
                Object[] found = tail.lastTransactionBefore(reader, chosen.index() - 1);
                if (found == null)
                {
                    found = tail.lastTransactionForward(reader);
                }
                lastTransactionId = (String)found[0];
                endOfInput = replayer.entries() == 0 ? (Boolean)found[1] : endOfInput;
            }
            final RecoveryReport report = new RecoveryReport(chosen == null ? null : chosen.dir(),
                chosen == null ? -1 : chosen.id(), chosen == null ? -1 : chosen.index(), List.copyOf(rejected),
                replayer.entries(), replayer.transactions(), replayNs, replayer.damaged(), lastTransactionId, endOfInput);
            LOGGER.info("recovery: {}", report.summary());

            final byte[] configured = engineConfig.programSource();
            if (config.journalInitialRules() && configured != null && !Arrays.equals(configured, replayer.programSource()))
            {
                engine.changeProgram(configured, engineConfig.programFactory());
                if (replayer.programSource() != null)
                {
                    LOGGER.info("recovery: the configured rules differ from those recovered; they take effect now");
                }
            }
            return new DurableEngine(engine, checkpoints, housekeeper, report, replayer.programSource());
        }
        catch (final IOException ex)
        {
            closeQuietly(engine);
            checkpoints.close();
            throw new UncheckedIOException("recovery from " + config.dataDir() + " failed", ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(engine);
            checkpoints.close();
            throw ex;
        }
    }

    private static void closeQuietly(final Engine engine)
    {
        if (engine != null)
        {
            try
            {
                engine.config().checkpointOnClose(false);
                engine.close();
            }
            catch (final RuntimeException suppressed)
            {
                LOGGER.debug("closing after a failed recovery", suppressed);
            }
        }
    }

    /** @return the live engine: produce into it as {@link Engine} says. */
    public Engine engine()
    {
        return engine;
    }

    /** @return what recovery found and did. */
    public RecoveryReport recovery()
    {
        return report;
    }

    /**
     * @return the rule file the engine ran when recovery ended (the checkpoint's, or the last rule-set change
     * replayed after it), before any configured rules were journaled at open; null when none was recovered.
     */
    public byte[] recoveredProgramSource()
    {
        return recoveredProgramSource == null ? null : recoveredProgramSource.clone();
    }

    /** @return the checkpoint store (sizes, counts, the last completed checkpoint). */
    public CheckpointStore checkpoints()
    {
        return checkpoints;
    }

    /** @return journal cycle files deleted by housekeeping since open. */
    public long journalFilesDeleted()
    {
        return housekeeper.deletedFiles();
    }

    /** Takes a last checkpoint (unless disabled in the engine's configuration), drains, stops, closes the journal. */
    @Override
    public void close()
    {
        try
        {
            engine.close();
        }
        finally
        {
            checkpoints.close();
        }
    }
}
