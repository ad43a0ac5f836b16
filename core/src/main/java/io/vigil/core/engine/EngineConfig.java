package io.vigil.core.engine;

import io.vigil.core.alert.AlertSink;

import java.util.Objects;

/**
 * Everything the engine needs, set once before start and validated by {@link #conclude()}.
 * Defaults suit a shared 2-core machine: one shard, a 16,384-slot ring, the sleeping wait strategy,
 * no journal.
 */
public final class EngineConfig
{
    /** Default input ring size, in slots. */
    public static final int DEFAULT_RING_SIZE = 16 * 1024;
    /** Default per-shard alert ring size, in bytes. */
    public static final int DEFAULT_ALERT_RING_BYTES = 1024 * 1024;
    /** Most shards an engine runs. */
    public static final int MAX_SHARDS = 64;

    private int shardCount = 1;
    private int ringSize = DEFAULT_RING_SIZE;
    private int alertRingBytes = DEFAULT_ALERT_RING_BYTES;
    private WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;
    private boolean multiProducer;
    private Journal journal;
    private AlertSink alertSink;
    private ShardProgramFactory programFactory;
    private ErrorHandler errorHandler;
    private io.vigil.core.snapshot.CheckpointSink checkpointSink;
    private long checkpointIntervalEvents;
    private long checkpointIntervalEventTimeMs;
    private boolean checkpointOnClose = true;
    private byte[] programSource;
    private StageProbe stageProbe;
    private boolean concluded;

    /**
     * @param shardCount number of shard threads, 1..{@value #MAX_SHARDS}.
     * @return this.
     */
    public EngineConfig shardCount(final int shardCount)
    {
        this.shardCount = shardCount;
        return this;
    }

    /** @return number of shard threads. */
    public int shardCount()
    {
        return shardCount;
    }

    /**
     * @param ringSize input ring slots, a power of two.
     * @return this.
     */
    public EngineConfig ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** @return input ring slots. */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @param alertRingBytes per-shard alert ring capacity in bytes, a power of two, at least 64 KiB.
     * @return this.
     */
    public EngineConfig alertRingBytes(final int alertRingBytes)
    {
        this.alertRingBytes = alertRingBytes;
        return this;
    }

    /** @return per-shard alert ring capacity in bytes. */
    public int alertRingBytes()
    {
        return alertRingBytes;
    }

    /**
     * @param waitStrategy how engine threads wait.
     * @return this.
     */
    public EngineConfig waitStrategy(final WaitStrategyKind waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** @return how engine threads wait. */
    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @param multiProducer whether several threads publish into the ring (HTTP ingest) or one (a file).
     * @return this.
     */
    public EngineConfig multiProducer(final boolean multiProducer)
    {
        this.multiProducer = multiProducer;
        return this;
    }

    /** @return whether several threads publish. */
    public boolean multiProducer()
    {
        return multiProducer;
    }

    /**
     * @param journal where inputs are appended before processing; {@link NoJournal} if unset.
     * @return this.
     */
    public EngineConfig journal(final Journal journal)
    {
        this.journal = journal;
        return this;
    }

    /** @return the journal. */
    public Journal journal()
    {
        return journal;
    }

    /**
     * @param alertSink where alerts go.
     * @return this.
     */
    public EngineConfig alertSink(final AlertSink alertSink)
    {
        this.alertSink = alertSink;
        return this;
    }

    /** @return where alerts go. */
    public AlertSink alertSink()
    {
        return alertSink;
    }

    /**
     * @param stageProbe stage-timestamp hooks for latency measurement (benchmarks), or null (the default) for
     *                   none: then the engine reads no clock per stage.
     * @return this.
     */
    public EngineConfig stageProbe(final StageProbe stageProbe)
    {
        this.stageProbe = stageProbe;
        return this;
    }

    /** @return the stage probe, or null when none is set. */
    public StageProbe stageProbe()
    {
        return stageProbe;
    }

    /**
     * @param programFactory builds each shard's rules.
     * @return this.
     */
    public EngineConfig programFactory(final ShardProgramFactory programFactory)
    {
        this.programFactory = programFactory;
        return this;
    }

    /** @return the shard program factory. */
    public ShardProgramFactory programFactory()
    {
        return programFactory;
    }

    /**
     * @param errorHandler receives every failure of an engine thread.
     * @return this.
     */
    public EngineConfig errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param checkpointSink where shards hand their snapshots at checkpoint barriers; null (the default) for
     *                       no checkpoints.
     * @return this.
     */
    public EngineConfig checkpointSink(final io.vigil.core.snapshot.CheckpointSink checkpointSink)
    {
        this.checkpointSink = checkpointSink;
        return this;
    }

    /** @return where snapshots go, or null. */
    public io.vigil.core.snapshot.CheckpointSink checkpointSink()
    {
        return checkpointSink;
    }

    /**
     * @param checkpointIntervalEvents publish a checkpoint barrier after this many received events (transactions
     *                                 and ticks, not replayed ones); 0 (the default) for no count-based barrier.
     * @return this.
     */
    public EngineConfig checkpointIntervalEvents(final long checkpointIntervalEvents)
    {
        this.checkpointIntervalEvents = checkpointIntervalEvents;
        return this;
    }

    /** @return events between checkpoint barriers, 0 for none. */
    public long checkpointIntervalEvents()
    {
        return checkpointIntervalEvents;
    }

    /**
     * @param checkpointIntervalEventTimeMs publish a checkpoint barrier once received event time has moved this
     *                                      many ms past the previous barrier's; 0 (the default) for none.
     * @return this.
     */
    public EngineConfig checkpointIntervalEventTimeMs(final long checkpointIntervalEventTimeMs)
    {
        this.checkpointIntervalEventTimeMs = checkpointIntervalEventTimeMs;
        return this;
    }

    /** @return event time between checkpoint barriers, ms, 0 for none. */
    public long checkpointIntervalEventTimeMs()
    {
        return checkpointIntervalEventTimeMs;
    }

    /**
     * @param checkpointOnClose whether {@link Engine#close()} takes a last checkpoint (default true, when a
     *                          checkpoint sink is set).
     * @return this.
     */
    public EngineConfig checkpointOnClose(final boolean checkpointOnClose)
    {
        this.checkpointOnClose = checkpointOnClose;
        return this;
    }

    /** @return whether close takes a last checkpoint. */
    public boolean checkpointOnClose()
    {
        return checkpointOnClose;
    }

    /**
     * @param programSource the rule file (UTF-8) the {@link #programFactory} was compiled from, kept with each
     *                      checkpoint so that recovery rebuilds the same rules; null for rules built in code.
     * @return this.
     */
    public EngineConfig programSource(final byte[] programSource)
    {
        this.programSource = programSource;
        return this;
    }

    /** @return the initial rule file's text, or null. */
    public byte[] programSource()
    {
        return programSource;
    }

    /**
     * Validates and fills defaults. Called by the engine; idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting that is wrong.
     */
    public EngineConfig conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (shardCount < 1 || shardCount > MAX_SHARDS)
        {
            throw new IllegalArgumentException("shards: expected 1.." + MAX_SHARDS + ", found " + shardCount);
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("ring size: expected a power of two >= 2, found " + ringSize);
        }
        if (alertRingBytes < 64 * 1024 || Integer.bitCount(alertRingBytes) != 1)
        {
            throw new IllegalArgumentException(
                "alert ring bytes: expected a power of two >= 65536, found " + alertRingBytes);
        }
        Objects.requireNonNull(waitStrategy, "wait strategy");
        Objects.requireNonNull(programFactory, "program factory: the rules each shard runs");
        Objects.requireNonNull(alertSink, "alert sink: where alerts go");
        if (checkpointIntervalEvents < 0 || checkpointIntervalEventTimeMs < 0)
        {
            throw new IllegalArgumentException("checkpoint interval: expected >= 0 events and >= 0 ms, found " +
                checkpointIntervalEvents + " events and " + checkpointIntervalEventTimeMs + " ms");
        }
        if (journal == null)
        {
            journal = new NoJournal();
        }
        if (errorHandler == null)
        {
            errorHandler = new DistinctErrorCounter();
        }
        concluded = true;
        return this;
    }
}
