package io.vigil.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.StageProbe;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.core.event.TransactionDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The ring hand-off, per event, by wait strategy:
 * <ul>
 *   <li>{@code disruptorOneHop}: publish one event on a bare Disruptor ring and wait until its one consumer has
 *   seen it: the latency of one hand-off between threads (and of waking the consumer).</li>
 *   <li>{@code enginePipeline}: the same through the engine with no journal and no rules: claim, copy the 336
 *   bytes of a transaction into the slot, publish, and wait until the journaler, the shard and the alert
 *   collector have all passed it: the engine's own cost per event, three hand-offs.</li>
 *   <li>{@code enginePipelineStream}: the engine again, publishing without waiting (the ring applies
 *   back-pressure): the pipeline's throughput with no rules.</li>
 * </ul>
 * The producer waits by spinning 100 times, then yielding, so with two cores and three engine threads the
 * figures include the engine threads' wake-ups and the scheduler. Run with {@code -prof gc} for B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RingHandOffBenchmark
{
    /** Wait strategy of the consumers. */
    @Param({"sleeping", "yielding", "busy-spin"})
    public String waitStrategy;

    private Disruptor<long[]> disruptor;
    private RingBuffer<long[]> ring;
    private final Sequence consumed = new Sequence(-1);
    private Engine engine;
    private final UnsafeBuffer transaction = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private volatile long collected = -1;

    /** Starts the bare ring and the engine. */
    @Setup
    public void setup()
    {
        final WaitStrategyKind kind = WaitStrategyKind.fromWireName(waitStrategy);
        disruptor = new Disruptor<>(() -> new long[1], 1024, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE,
            kind.newStrategy());
        final EventHandler<long[]> handler = (event, sequence, endOfBatch) -> consumed.set(event[0]);
        disruptor.handleEventsWith(handler);
        ring = disruptor.start();
        final StageProbe probe = new StageProbe()
        {
            @Override
            public void onJournaled(final long sequence, final long receivedNanos)
            {
            }

            @Override
            public void onEvaluated(final int shardId, final long sequence, final long receivedNanos)
            {
            }

            @Override
            public void onCollected(final long sequence, final long receivedNanos, final int alerts)
            {
                collected = sequence;
            }
        };
        engine = new Engine(new EngineConfig().waitStrategy(kind).ringSize(1024).alertSink(alert -> { })
            .programFactory((shardId, shardCount) -> (tx, journalIndex, alerts) -> { }).stageProbe(probe)).start();
    }

    /** @return the sequence handed over. */
    @Benchmark
    public long disruptorOneHop()
    {
        final long seq = ring.next();
        ring.get(seq)[0] = seq;
        ring.publish(seq);
        for (int spins = 0; consumed.get() < seq; spins++)
        {
            backOff(spins);
        }
        return seq;
    }

    /** @return the sequence that went through. */
    @Benchmark
    public long enginePipeline()
    {
        final long seq = publishToEngine();
        for (int spins = 0; collected < seq; spins++)
        {
            backOff(spins);
        }
        return seq;
    }

    /** @return the sequence published. */
    @Benchmark
    public long enginePipelineStream()
    {
        return publishToEngine();
    }

    private static void backOff(final int spins)
    {
        // spin briefly, then give the core away: on a 2-core box the consumers need it
        if (spins < 100)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }

    private long publishToEngine()
    {
        final long seq = engine.claim();
        final EventSlot slot = engine.slot(seq);
        slot.buffer().putBytes(0, transaction, 0, TransactionDescriptor.ENCODED_LENGTH);
        slot.transaction(0);
        engine.publish(seq);
        return seq;
    }

    /** Stops both. */
    @TearDown
    public void tearDown()
    {
        disruptor.halt();
        engine.close();
    }
}
