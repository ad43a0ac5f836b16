package io.vigil.core.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One shard: a single thread that runs its {@link ShardProgram} on every journaled event and writes fired
 * alerts to its own one-to-one alert ring. A failing rule is reported to the {@link ErrorHandler} and the
 * shard goes on with the next event: it never dies quietly.
 * <p>
 * Thread contract: all state is owned by the shard thread.
 */
final class ShardProcessor implements EventHandler<EventSlot>, AlertPublisher.RecordHandler
{
    static final int ALERT_MSG_TYPE = 1;

    private final String name;
    private ShardProgram program;
    private final int shardId;
    private final Engine engine;
    private final OneToOneRingBuffer alertRing;
    private final ErrorHandler errorHandler;
    private final StageProbe probe;
    private final AlertPublisher publisher = new AlertPublisher(this);
    private final TransactionFlyweight tx = new TransactionFlyweight();
    private final IdleStrategy fullRingIdle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong alertRingFullWaits = new AtomicLong();
    private final io.vigil.core.snapshot.SnapshotWriter snapshot = new io.vigil.core.snapshot.SnapshotWriter();
    private byte[] programSource;
    private Sequence sequenceCallback;
    private long currentSequence;

    ShardProcessor(
        final int shardId, final ShardProgram program, final OneToOneRingBuffer alertRing, final ErrorHandler errorHandler,
        final Engine engine)
    {
        this.shardId = shardId;
        this.engine = engine;
        this.name = "shard-" + shardId;
        this.program = program;
        this.alertRing = alertRing;
        this.errorHandler = errorHandler;
        this.programSource = engine.config().programSource();
        this.probe = engine.config().stageProbe();
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        currentSequence = sequence;
        if (slot.type == EventSlot.TYPE_TRANSACTION)
        {
            publisher.onEvent(sequence, slot.receivedNanos);
            tx.wrap(slot.buffer(), 0);
            try
            {
                program.onTransaction(tx, slot.journalIndex, publisher);
            }
            catch (final Throwable ex)
            {
                errorHandler.onError(name, sequence, ex);
            }
            if (probe != null)
            {
                probe.onEvaluated(shardId, sequence, slot.receivedNanos);
            }
        }
        else if (slot.type == EventSlot.TYPE_PROGRAM)
        {
            try
            {
                final ProgramChange change = engine.programChange(slot.buffer().getLong(0));
                program = program.replaceWith(change.factory().create(shardId, engine.config().shardCount()));
                programSource = change.source();
                engine.onProgramChanged(change.version());
            }
            catch (final Throwable ex)
            {
                // the change was compiled before it was published; a failure here keeps the old rules running
                errorHandler.onError(name, sequence, ex);
            }
        }
        else if (slot.type == EventSlot.TYPE_QUERY)
        {
            engine.answerQuery(slot.buffer().getLong(0), shardId, program);
        }
        else if (slot.type == EventSlot.TYPE_TICK)
        {
            publisher.onEvent(sequence, slot.receivedNanos);
            try
            {
                program.onTick(slot.buffer().getLong(0), slot.journalIndex, publisher);
            }
            catch (final Throwable ex)
            {
                errorHandler.onError(name, sequence, ex);
            }
        }
        else if (slot.type == EventSlot.TYPE_CHECKPOINT)
        {
            checkpoint(slot.buffer().getLong(0), slot.journalIndex);
        }
        processed.lazySet(processed.get() + 1);
    }

    private void checkpoint(final long checkpointId, final long journalIndex)
    {
        final io.vigil.core.snapshot.CheckpointSink sink = engine.config().checkpointSink();
        if (sink == null)
        {
            return;
        }
        try
        {
            snapshot.reset();
            program.writeSnapshot(snapshot);
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(name, currentSequence, ex);
            sink.onShardSnapshotFailed(checkpointId, shardId, ex);
            return;
        }
        try
        {
            sink.onShardSnapshot(checkpointId, journalIndex, shardId, engine.config().shardCount(), programSource,
                snapshot.buffer(), 0, snapshot.length());
        }
        catch (final Throwable ex)
        {
            // a checkpoint that cannot be written is never marked complete; the engine goes on
            errorHandler.onError(name, currentSequence, ex);
        }
    }

    void replaceProgram(final ShardProgram next, final byte[] source)
    {
        program = next;
        programSource = source;
    }

    /** @return the program this shard runs now; for recovery tests and tools, read only once stopped. */
    ShardProgram program()
    {
        return program;
    }

    @Override
    public void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        if (alertRing.write(ALERT_MSG_TYPE, buffer, offset, length))
        {
            return;
        }
        // The collector drains alerts only for events every shard has finished: tell it this shard is done up
        // to the previous event, or it would wait for the end of our batch while we wait for it.
        alertRingFullWaits.lazySet(alertRingFullWaits.get() + 1);
        if (sequenceCallback != null)
        {
            sequenceCallback.set(currentSequence - 1);
        }
        while (!alertRing.write(ALERT_MSG_TYPE, buffer, offset, length))
        {
            fullRingIdle.idle();
        }
        fullRingIdle.reset();
    }

    String name()
    {
        return name;
    }

    long processed()
    {
        return processed.get();
    }

    long alertsPublished()
    {
        return publisher.published();
    }

    long alertRingFullWaits()
    {
        return alertRingFullWaits.get();
    }
}
