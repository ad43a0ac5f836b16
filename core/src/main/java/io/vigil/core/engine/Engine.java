package io.vigil.core.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.vigil.core.event.TransactionDescriptor;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine: an input ring (LMAX Disruptor) whose slots are pre-allocated off-heap; a journaler that
 * appends each event before anything else sees it; N shard threads that run the rules on the keys they own;
 * an alert collector behind them that hands alerts to the sink in input order.
 * <pre>
 *  producer ──► ring ──► journaler ──► shard 0 … shard N-1 ──► alert rings ──► collector ──► sink
 * </pre>
 * Producers use {@link #claim()} or {@link #tryClaim()}, write the event into {@link #slot(long)}, then
 * {@link #publish(long)}. A full ring makes {@link #claim()} wait and {@link #tryClaim()} answer -1: nothing
 * is ever dropped. {@link #close()} drains everything published, stops the threads, then closes the journal
 * and the sink.
 * <p>
 * Thread contract: with {@link EngineConfig#multiProducer(boolean)} false, one thread may produce; with true,
 * any number. {@link #close()} from one thread, after producers have stopped.
 */
public final class Engine implements AutoCloseable
{
    private static final long NO_CLAIM = -1;

    private final EngineConfig config;
    private final Disruptor<EventSlot> disruptor;
    private final RingBuffer<EventSlot> ring;
    private final Journaler journaler;
    private final ShardProcessor[] shards;
    private final AlertCollector collector;
    private final List<Thread> threads = new ArrayList<>();
    private final ByteBuffer slotMemory;
    private final java.util.concurrent.ConcurrentHashMap<Long, ProgramChange> programChanges =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<Long, java.util.concurrent.atomic.AtomicInteger>
        programChangesPending = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong programVersion = new java.util.concurrent.atomic.AtomicLong();
    private final CheckpointTrigger checkpointTrigger;
    private final java.util.concurrent.ConcurrentHashMap<Long, KeyQuery> queries =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong queryIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile Throwable failure;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * Builds the engine; nothing runs until {@link #start()}.
     *
     * @param config validated by {@link EngineConfig#conclude()} here.
     */
    public Engine(final EngineConfig config)
    {
        this.config = config.conclude();
        final int ringSize = config.ringSize();
        slotMemory = BufferUtil.allocateDirectAligned(ringSize * EventSlot.CAPACITY, 64);
        final int[] nextSlot = {0};
        final ThreadFactory threadFactory = runnable ->
        {
            final Thread t = new Thread(runnable, threadName(threads.size()));
            t.setDaemon(true);
            threads.add(t);
            return t;
        };
        disruptor = new Disruptor<>(
            () -> new EventSlot(new UnsafeBuffer(slotMemory, EventSlot.CAPACITY * nextSlot[0]++, EventSlot.CAPACITY)),
            ringSize,
            threadFactory,
            config.multiProducer() ? ProducerType.MULTI : ProducerType.SINGLE,
            config.waitStrategy().newStrategy());
        ring = disruptor.getRingBuffer();

        journaler = new Journaler(config.journal(), this, Math.max(ringSize * 8, 1 << 16));
        checkpointTrigger = config.checkpointSink() == null ||
            (config.checkpointIntervalEvents() == 0 && config.checkpointIntervalEventTimeMs() == 0) ? null :
            new CheckpointTrigger(config.checkpointIntervalEvents(), config.checkpointIntervalEventTimeMs());
        shards = new ShardProcessor[config.shardCount()];
        final OneToOneRingBuffer[] alertRings = new OneToOneRingBuffer[shards.length];
        for (int i = 0; i < shards.length; i++)
        {
            alertRings[i] = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                config.alertRingBytes() + RingBufferDescriptor.TRAILER_LENGTH, 64)));
            shards[i] = new ShardProcessor(
                i, config.programFactory().create(i, shards.length), alertRings[i], config.errorHandler(), this);
        }
        collector = new AlertCollector(alertRings, config.alertSink(), config.errorHandler(), config.checkpointSink(),
            config.stageProbe());
        disruptor.handleEventsWith(journaler).then(shards).then(collector);
    }

    private String threadName(final int index)
    {
        if (index == 0)
        {
            return "vigil-journaler";
        }
        if (index <= config.shardCount())
        {
            return "vigil-shard-" + (index - 1);
        }
        return "vigil-alerts";
    }

    /**
     * Starts the engine's threads.
     *
     * @return this.
     */
    public Engine start()
    {
        if (started)
        {
            throw new IllegalStateException("engine already started");
        }
        disruptor.start();
        started = true;
        return this;
    }

    /**
     * Claims the next slot, waiting while the ring is full.
     *
     * @return the sequence to write and publish.
     * @throws IllegalStateException if the engine has failed or is closed.
     */
    public long claim()
    {
        long seq;
        int idle = 0;
        while ((seq = tryClaim()) == NO_CLAIM)
        {
            // back-pressure: the ring is full; wait for the slowest stage without burning a shared core
            if (++idle < 100)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(50_000);
            }
        }
        return seq;
    }

    /**
     * Claims the next slot if there is room.
     *
     * @return the sequence, or -1 when the ring is full.
     * @throws IllegalStateException if the engine has failed or is closed.
     */
    public long tryClaim()
    {
        checkUsable();
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return NO_CLAIM;
        }
    }

    /**
     * @param sequence a claimed sequence.
     * @return its slot, to write the event into (see {@link EventSlot#transaction(long)}).
     */
    public EventSlot slot(final long sequence)
    {
        return ring.get(sequence);
    }

    /**
     * Makes a written slot visible to the journaler.
     *
     * @param sequence the claimed sequence.
     */
    public void publish(final long sequence)
    {
        final boolean checkpointDue = checkpointTrigger != null && checkpointTrigger.onPublish(ring.get(sequence));
        ring.publish(sequence);
        if (checkpointDue)
        {
            checkpoint();
        }
    }

    /**
     * Publishes a checkpoint barrier now: each shard, on reaching it, writes its state to the configured
     * {@link io.vigil.core.snapshot.CheckpointSink}. Also published on the configured interval and by
     * {@link #close()}. Not during a replay (publish replayed events first).
     *
     * @return the checkpoint id.
     * @throws IllegalStateException if no checkpoint sink is configured.
     */
    public long checkpoint()
    {
        final io.vigil.core.snapshot.CheckpointSink sink = config.checkpointSink();
        if (sink == null)
        {
            throw new IllegalStateException("checkpoint: no checkpoint sink configured");
        }
        final long sequence = claim();
        final long checkpointId = sink.nextCheckpointId();
        slot(sequence).checkpoint(checkpointId, System.nanoTime());
        ring.publish(sequence);
        return checkpointId;
    }

    /**
     * Replays a rule-set change read back from the journal at {@code journalIndex}: like
     * {@link #changeProgram} but not journaled again. For recovery.
     *
     * @param journalIndex the change's index in the journal.
     * @param source       the rule file, as journaled.
     * @param factory      compiled from {@code source}.
     */
    public void replayProgramChange(final long journalIndex, final byte[] source, final ShardProgramFactory factory)
    {
        final long version = programVersion.incrementAndGet();
        programChanges.put(version, new ProgramChange(version, source, factory));
        programChangesPending.put(version, new java.util.concurrent.atomic.AtomicInteger(shards.length));
        final long sequence = claim();
        final EventSlot slot = slot(sequence);
        slot.programChange(version, System.nanoTime());
        slot.replayed(journalIndex);
        publish(sequence);
    }

    /**
     * Installs the shards' programs before start, in place of those the configured factory built: for recovery,
     * programs restored from a checkpoint (possibly under other rules than the configured ones).
     *
     * @param programs one per shard, by shard id, each restored for that shard.
     * @param source   the rule file they run, kept with later checkpoints, or null for rules built in code.
     * @throws IllegalStateException    if the engine has started.
     * @throws IllegalArgumentException if there is not one program per shard.
     */
    public void installPrograms(final ShardProgram[] programs, final byte[] source)
    {
        if (started)
        {
            throw new IllegalStateException("install programs before start");
        }
        if (programs.length != shards.length)
        {
            throw new IllegalArgumentException("install programs: expected " + shards.length + ", found " +
                programs.length);
        }
        for (int i = 0; i < shards.length; i++)
        {
            shards[i].replaceProgram(programs[i], source);
        }
    }

    /**
     * Publishes a tick: event time has reached {@code eventTimeMs} without a transaction. At the end of a
     * bounded input (a backtest, a replay) publish {@link Long#MAX_VALUE} so every open window closes.
     *
     * @param eventTimeMs the event time reached, epoch ms.
     */
    public void publishTick(final long eventTimeMs)
    {
        final long sequence = claim();
        slot(sequence).tick(eventTimeMs, System.nanoTime());
        publish(sequence);
    }

    /**
     * Changes the rules at this point of the stream: the change is journaled (with its source) and each shard
     * switches to the new program when it reaches it, handing over the state of unchanged rules. Compile the
     * factory first: a rule file that does not compile must never get here.
     *
     * @param source  the rule file, UTF-8, kept in the journal for replay.
     * @param factory builds each shard's new program.
     * @return the change's version.
     */
    public long changeProgram(final byte[] source, final ShardProgramFactory factory)
    {
        final long version = programVersion.incrementAndGet();
        programChanges.put(version, new ProgramChange(version, source, factory));
        programChangesPending.put(version, new java.util.concurrent.atomic.AtomicInteger(shards.length));
        final long sequence = claim();
        slot(sequence).programChange(version, System.nanoTime());
        publish(sequence);
        return version;
    }

    /**
     * @return the version of the newest rule-set change made or replayed in this process (0 if none): what
     * {@link #changeProgram} last returned, counting changes replayed at recovery. Any thread.
     */
    public long programVersion()
    {
        return programVersion.get();
    }

    ProgramChange programChange(final long version)
    {
        final ProgramChange change = programChanges.get(version);
        if (change == null)
        {
            throw new IllegalStateException("unknown rule-set change " + version);
        }
        return change;
    }

    void onProgramChanged(final long version)
    {
        final java.util.concurrent.atomic.AtomicInteger pending = programChangesPending.get(version);
        if (pending != null && pending.decrementAndGet() == 0)
        {
            programChangesPending.remove(version);
            programChanges.remove(version);
        }
    }

    /**
     * Asks the shard that owns a key for its live state. The question goes through the ring (it is not
     * journaled), so the owning shard answers on its own thread between two events.
     *
     * @param keyType the key's type.
     * @param keyHash the key's hash ({@link io.vigil.core.util.Hashing#hash(CharSequence)}).
     * @return the answer to come (null inside if the shard holds nothing for the key), or null when the ring is
     * full right now (ask again later).
     * @throws IllegalStateException if the engine has failed or is closed.
     */
    public java.util.concurrent.CompletableFuture<java.util.Map<String, Object>> queryKey(
        final io.vigil.core.event.KeyType keyType, final long keyHash)
    {
        final long id = queryIds.incrementAndGet();
        final KeyQuery query = new KeyQuery(keyType, keyHash, io.vigil.core.util.Hashing.shardOf(keyHash, shards.length));
        queries.put(id, query);
        final long sequence = tryClaim();
        if (sequence == NO_CLAIM)
        {
            queries.remove(id);
            return null;
        }
        slot(sequence).query(id);
        publish(sequence);
        return query.answer();
    }

    void answerQuery(final long queryId, final int shardId, final ShardProgram program)
    {
        final KeyQuery query = queries.get(queryId);
        if (query == null || query.ownerShard != shardId)
        {
            return;
        }
        queries.remove(queryId);
        try
        {
            query.answer.complete(program.describeKey(query.keyType, query.keyHash));
        }
        catch (final RuntimeException ex)
        {
            query.answer.completeExceptionally(ex);
        }
    }

    /**
     * @return the highest ring sequence the journaler has passed: every event published at or below it is in
     * the journal (or was a query, which is not journaled). -1 before the first.
     */
    public long journaledSequence()
    {
        return disruptor.getSequenceValueFor(journaler);
    }

    /**
     * The journal index of a published event, for an acknowledgement. Valid once {@link #journaledSequence()}
     * has reached {@code sequence}; the engine remembers the last {@code max(8 × ring size, 65,536)} of them.
     *
     * @param sequence a sequence returned by {@link #claim()} or {@link #tryClaim()} and published.
     * @return its journal index, or -1 if not journaled yet, not journaled at all, or too old to be remembered.
     */
    public long journalIndexOf(final long sequence)
    {
        return journaler.journalIndexOf(sequence);
    }

    /**
     * Waits until every event published so far has passed every stage.
     *
     * @param timeout how long to wait at most.
     * @param unit    its unit.
     * @return whether the engine caught up in time.
     */
    public boolean awaitDrained(final long timeout, final TimeUnit unit)
    {
        final long start = System.nanoTime();
        final long timeoutNs = unit.toNanos(timeout);
        final long target = ring.getCursor();
        while (disruptor.getSequenceValueFor(collector) < target)
        {
            if (failure != null || System.nanoTime() - start > timeoutNs)
            {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /**
     * Drains what was published, stops the threads, closes the journal and the sink. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        if (started && failure == null && config.checkpointSink() != null && config.checkpointOnClose())
        {
            checkpoint();
        }
        closed = true;
        if (started)
        {
            awaitDrained(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            disruptor.halt();
            for (final Thread t : threads)
            {
                try
                {
                    t.join(10_000);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try
        {
            config.journal().close();
        }
        finally
        {
            config.alertSink().close();
        }
    }

    void fail(final String where, final long sequence, final Throwable ex)
    {
        if (failure == null)
        {
            failure = ex;
        }
        config.errorHandler().onError(where, sequence, ex);
    }

    private void checkUsable()
    {
        final Throwable f = failure;
        if (f != null)
        {
            throw new IllegalStateException("engine has failed: " + f, f);
        }
        if (closed)
        {
            throw new IllegalStateException("engine is closed");
        }
    }

    /** @return the first fatal failure (a journal that cannot append), or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** @return the configuration in force. */
    public EngineConfig config()
    {
        return config;
    }

    /** @return events published into the ring so far. */
    public long published()
    {
        return ring.getCursor() + 1;
    }

    /** @return events journaled so far. */
    public long journaled()
    {
        return journaler.journaled();
    }

    /** @return events processed by the slowest shard. */
    public long processed()
    {
        long min = Long.MAX_VALUE;
        for (final ShardProcessor s : shards)
        {
            min = Math.min(min, s.processed());
        }
        return min;
    }

    /** @return alerts handed to the sink so far. */
    public long alerts()
    {
        return collector.alerts();
    }

    /** @return late-event records handed to the sink so far (events a rule did not apply as late). */
    public long lateEvents()
    {
        return collector.lateEvents();
    }

    /** @return slots in use: published but not yet through every stage. */
    public long ringOccupancy()
    {
        return ring.getCursor() - disruptor.getSequenceValueFor(collector);
    }

    /** @return times a shard waited for room in its alert ring. */
    public long alertRingFullWaits()
    {
        long total = 0;
        for (final ShardProcessor s : shards)
        {
            total += s.alertRingFullWaits();
        }
        return total;
    }

    /**
     * @param recycle a histogram to reuse, or null.
     * @return detection latencies (ns, receipt to sink) since the last call.
     */
    public Histogram intervalLatency(final Histogram recycle)
    {
        return collector.intervalLatency(recycle);
    }

    /** @return bytes of one encoded transaction, for producers. */
    public static int transactionLength()
    {
        return TransactionDescriptor.ENCODED_LENGTH;
    }
}
