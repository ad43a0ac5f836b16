package io.vigil.journal.recovery;

import io.vigil.core.engine.EngineConfig;
import io.vigil.journal.JournalHousekeeper;
import io.vigil.journal.JournalRollCycle;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link DurableEngine}, in one place, validated by {@link #conclude()}: the data directory
 * (journal in {@code DIR/journal}, checkpoints in {@code DIR/checkpoints}), the engine's own configuration
 * (shards, sink, rules: its {@code journal} and {@code checkpointSink} are set here), how rule files found in
 * the journal or a checkpoint are compiled, and the checkpoint and retention policy.
 * <p>
 * Thread contract: fill on one thread, then hand to {@link DurableEngine#open}.
 */
public final class DurableConfig
{
    /** Default events between checkpoints. */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_EVENTS = 1_000_000;
    /** Default complete checkpoints kept. */
    public static final int DEFAULT_CHECKPOINTS_KEPT = 3;
    /** Default entries between replay progress lines. */
    public static final long DEFAULT_PROGRESS_EVERY_ENTRIES = 1_000_000;

    private Path dataDir;
    private EngineConfig engine;
    private ProgramCompiler compiler;
    private long checkpointIntervalEvents = DEFAULT_CHECKPOINT_INTERVAL_EVENTS;
    private long checkpointIntervalEventTimeMs;
    private int checkpointsKept = DEFAULT_CHECKPOINTS_KEPT;
    private JournalRollCycle rollCycle = JournalRollCycle.DAILY;
    private int journalRetainCycles = JournalHousekeeper.KEEP_ALL;
    private long progressEveryEntries = DEFAULT_PROGRESS_EVERY_ENTRIES;
    private boolean journalInitialRules = true;

    /** @param dataDir the data directory, created if missing. @return this. */
    public DurableConfig dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    /** @return the data directory. */
    public Path dataDir()
    {
        return dataDir;
    }

    /** @return {@code DIR/journal}. */
    public Path journalDir()
    {
        return dataDir.resolve("journal");
    }

    /** @return {@code DIR/checkpoints}. */
    public Path checkpointsDir()
    {
        return dataDir.resolve("checkpoints");
    }

    /**
     * @param engine the engine's configuration: shards, ring, wait strategy, sink, error handler, and the rules
     *               to run now ({@code programFactory} with its {@code programSource}); not yet concluded.
     * @return this.
     */
    public DurableConfig engine(final EngineConfig engine)
    {
        this.engine = engine;
        return this;
    }

    /** @return the engine configuration. */
    public EngineConfig engine()
    {
        return engine;
    }

    /** @param compiler compiles rule files found in the journal and in checkpoints. @return this. */
    public DurableConfig compiler(final ProgramCompiler compiler)
    {
        this.compiler = compiler;
        return this;
    }

    /** @return the rule compiler, or null (then only rules built in code, and no journaled changes). */
    public ProgramCompiler compiler()
    {
        return compiler;
    }

    /** @param events received events between checkpoint barriers, 0 for none by count. @return this. */
    public DurableConfig checkpointIntervalEvents(final long events)
    {
        this.checkpointIntervalEvents = events;
        return this;
    }

    /** @return events between checkpoints. */
    public long checkpointIntervalEvents()
    {
        return checkpointIntervalEvents;
    }

    /** @param ms event time between checkpoint barriers, 0 for none by time. @return this. */
    public DurableConfig checkpointIntervalEventTimeMs(final long ms)
    {
        this.checkpointIntervalEventTimeMs = ms;
        return this;
    }

    /** @return event time between checkpoints, ms. */
    public long checkpointIntervalEventTimeMs()
    {
        return checkpointIntervalEventTimeMs;
    }

    /** @param kept complete checkpoints kept, &gt;= 1. @return this. */
    public DurableConfig checkpointsKept(final int kept)
    {
        this.checkpointsKept = kept;
        return this;
    }

    /** @return complete checkpoints kept. */
    public int checkpointsKept()
    {
        return checkpointsKept;
    }

    /** @param rollCycle how often a new journal file starts (a new journal only). @return this. */
    public DurableConfig rollCycle(final JournalRollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    /** @return the journal roll cycle for a new journal. */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @param cycles whole journal cycles kept before the oldest kept checkpoint's cycle, or
     *               {@link JournalHousekeeper#KEEP_ALL} (the default) to never delete.
     * @return this.
     */
    public DurableConfig journalRetainCycles(final int cycles)
    {
        this.journalRetainCycles = cycles;
        return this;
    }

    /** @return journal cycles retained before the oldest checkpoint's. */
    public int journalRetainCycles()
    {
        return journalRetainCycles;
    }

    /** @param entries journal entries between replay progress log lines. @return this. */
    public DurableConfig progressEveryEntries(final long entries)
    {
        this.progressEveryEntries = entries;
        return this;
    }

    /** @return entries between progress lines. */
    public long progressEveryEntries()
    {
        return progressEveryEntries;
    }

    /**
     * @param journal whether the configured rules are journaled as a rule-set change when they differ from
     *                those recovered (or on a new journal), so the journal alone says which rules ran
     *                (default true; needs the engine's {@code programSource}).
     * @return this.
     */
    public DurableConfig journalInitialRules(final boolean journal)
    {
        this.journalInitialRules = journal;
        return this;
    }

    /** @return whether the configured rules are journaled at start. */
    public boolean journalInitialRules()
    {
        return journalInitialRules;
    }

    /**
     * Validates.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting.
     */
    public DurableConfig conclude()
    {
        Objects.requireNonNull(dataDir, "data dir");
        Objects.requireNonNull(engine, "engine configuration");
        if (checkpointsKept < 1)
        {
            throw new IllegalArgumentException("checkpoints kept: expected >= 1, found " + checkpointsKept);
        }
        if (checkpointIntervalEvents < 0 || checkpointIntervalEventTimeMs < 0)
        {
            throw new IllegalArgumentException("checkpoint interval: expected >= 0, found " + checkpointIntervalEvents +
                " events, " + checkpointIntervalEventTimeMs + " ms");
        }
        if (progressEveryEntries < 1)
        {
            throw new IllegalArgumentException("progress every: expected >= 1 entries, found " + progressEveryEntries);
        }
        return this;
    }
}
