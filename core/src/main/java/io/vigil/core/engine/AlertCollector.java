package io.vigil.core.engine;

import com.lmax.disruptor.EventHandler;
import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Last stage on the input ring, behind every shard: for each input event, it takes from every shard's alert
 * ring the alerts that event triggered and hands them to the {@link AlertSink} ordered by rule ordinal, then
 * alert id. As it
 * runs only once all shards have processed the event, the order of alerts is the order of the input,
 * whatever the shard count: backtests with 1 or N shards write the same bytes.
 * <p>
 * It records detection latency (receipt of the triggering event to the alert being handed to the sink) in a
 * histogram; the clock is used for measurement only.
 * <p>
 * Thread contract: runs on its own thread; the only reader of the alert rings and the only caller of the sink.
 */
final class AlertCollector implements EventHandler<EventSlot>
{
    private static final long MAX_LATENCY_NS = 60_000_000_000L;

    private final OneToOneRingBuffer[] alertRings;
    private final AlertSink sink;
    private final ErrorHandler errorHandler;
    private final io.vigil.core.snapshot.CheckpointSink checkpointSink;
    private final StageProbe probe;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(64 * 1024);
    private final AlertView view = new AlertView();
    private final SingleWriterRecorder latency = new SingleWriterRecorder(MAX_LATENCY_NS, 3);
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private long alertCount;
    private long lateEvents;
    private final ControlledMessageHandler gather = this::gather;
    private int[] pendingOffsets = new int[64];
    private int pendingCount;
    private int pendingLimit;
    private long currentSequence;

    AlertCollector(
        final OneToOneRingBuffer[] alertRings, final AlertSink sink, final ErrorHandler errorHandler,
        final io.vigil.core.snapshot.CheckpointSink checkpointSink, final StageProbe probe)
    {
        this.checkpointSink = checkpointSink;
        this.probe = probe;
        this.alertRings = alertRings;
        this.sink = sink;
        this.errorHandler = errorHandler;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        currentSequence = sequence;
        pendingCount = 0;
        pendingLimit = 0;
        for (final OneToOneRingBuffer ring : alertRings)
        {
            ring.controlledRead(gather);
        }
        if (pendingCount > 0)
        {
            emitPending(sequence);
        }
        if (slot.type == EventSlot.TYPE_CHECKPOINT && checkpointSink != null)
        {
            passBarrier(slot, sequence);
        }
        if (probe != null && slot.type == EventSlot.TYPE_TRANSACTION)
        {
            probe.onCollected(sequence, slot.receivedNanos, pendingCount);
        }
        if (endOfBatch)
        {
            try
            {
                sink.onIdle();
            }
            catch (final Throwable ex)
            {
                errorHandler.onError("alerts", sequence, ex);
            }
        }
    }

    private void passBarrier(final EventSlot slot, final long sequence)
    {
        final long checkpointId = slot.buffer().getLong(0);
        try
        {
            sink.onCheckpoint(checkpointId);
            checkpointSink.onBarrierPassed(checkpointId, slot.journalIndex(), alertRings.length);
        }
        catch (final Throwable ex)
        {
            // the checkpoint stays incomplete, and recovery will replay from an older one: nothing is lost
            errorHandler.onError("alerts", sequence, ex);
        }
    }

    private ControlledMessageHandler.Action gather(
        final int msgTypeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (buffer.getLong(index + AlertDescriptor.TRIGGER_SEQUENCE_OFFSET) > currentSequence)
        {
            return ControlledMessageHandler.Action.ABORT;
        }
        if (pendingCount == pendingOffsets.length)
        {
            final int[] grown = new int[pendingOffsets.length * 2];
            System.arraycopy(pendingOffsets, 0, grown, 0, pendingCount);
            pendingOffsets = grown;
        }
        pending.putBytes(pendingLimit, buffer, index, length);
        pendingOffsets[pendingCount++] = pendingLimit;
        pendingLimit += length;
        return ControlledMessageHandler.Action.CONTINUE;
    }

    private void emitPending(final long sequence)
    {
        // insertion sort by (rule ordinal, alert id): a handful of alerts per event, except when a watermark
        // closes many keys' windows at once; the alert id orders alerts of one rule whatever the shard count
        for (int i = 1; i < pendingCount; i++)
        {
            final int off = pendingOffsets[i];
            int j = i - 1;
            while (j >= 0 && compare(pendingOffsets[j], off) > 0)
            {
                pendingOffsets[j + 1] = pendingOffsets[j];
                j--;
            }
            pendingOffsets[j + 1] = off;
        }
        for (int i = 0; i < pendingCount; i++)
        {
            view.wrap(pending, pendingOffsets[i]);
            if (view.kind() == AlertDescriptor.KIND_LATE)
            {
                lateEvents++;
                try
                {
                    sink.onLateEvent(view);
                }
                catch (final Throwable ex)
                {
                    errorHandler.onError("alerts", sequence, ex);
                }
                continue;
            }
            alertCount++;
            final long latencyNs = System.nanoTime() - view.receivedNanos();
            latency.recordValue(Math.min(Math.max(latencyNs, 0), MAX_LATENCY_NS));
            try
            {
                sink.onAlert(view);
            }
            catch (final Throwable ex)
            {
                errorHandler.onError("alerts", sequence, ex);
            }
        }
        alerts.lazySet(alertCount);
        late.lazySet(lateEvents);
    }

    private int compare(final int offsetA, final int offsetB)
    {
        final int byRule = Integer.compare(pending.getInt(offsetA + AlertDescriptor.RULE_ORDINAL_OFFSET),
            pending.getInt(offsetB + AlertDescriptor.RULE_ORDINAL_OFFSET));
        if (byRule != 0)
        {
            return byRule;
        }
        final int byHi = Long.compareUnsigned(pending.getLong(offsetA + AlertDescriptor.ALERT_ID_HI_OFFSET),
            pending.getLong(offsetB + AlertDescriptor.ALERT_ID_HI_OFFSET));
        return byHi != 0 ? byHi : Long.compareUnsigned(pending.getLong(offsetA + AlertDescriptor.ALERT_ID_LO_OFFSET),
            pending.getLong(offsetB + AlertDescriptor.ALERT_ID_LO_OFFSET));
    }

    long alerts()
    {
        return alerts.get();
    }

    long lateEvents()
    {
        return late.get();
    }

    /**
     * @param recycle a histogram to reuse, or null.
     * @return detection latencies recorded since the last call; safe from any thread.
     */
    Histogram intervalLatency(final Histogram recycle)
    {
        return latency.getIntervalHistogram(recycle);
    }
}
