package io.vigil.bench.e2e;

import io.vigil.core.engine.StageProbe;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.EnumMap;
import java.util.Map;

/**
 * Latency per {@link Stage}, in HdrHistograms (ns, 3 significant digits, up to 60 s), each from the
 * intended send time the producer stamped as the receipt time. It is the engine's {@link StageProbe}; the
 * load generator reports {@link #onSent}, and a {@link TimedAlertSink} reports {@link #onAlert}.
 * <p>
 * Thread contract: one writer per stage (the producer, the journaler, the collector), any number of shards for
 * {@link Stage#EVALUATED}; {@link #reset()} and {@link #snapshot()} from any thread (recorders flip phases
 * without stopping writers). Recording allocates nothing.
 */
public final class StageRecorder implements StageProbe
{
    /** Highest latency recorded; larger values are clamped to it. */
    public static final long MAX_LATENCY_NS = 60_000_000_000L;

    private final SingleWriterRecorder received = new SingleWriterRecorder(MAX_LATENCY_NS, 3);
    private final SingleWriterRecorder journaled = new SingleWriterRecorder(MAX_LATENCY_NS, 3);
    private final Recorder evaluated = new Recorder(MAX_LATENCY_NS, 3);
    private final SingleWriterRecorder collected = new SingleWriterRecorder(MAX_LATENCY_NS, 3);
    private final SingleWriterRecorder alert = new SingleWriterRecorder(MAX_LATENCY_NS, 3);
    private volatile long lastCollectedSequence = -1;
    private volatile long measureFromSequence;

    private static long since(final long intendedNanos)
    {
        final long ns = System.nanoTime() - intendedNanos;
        return ns < 0 ? 0 : Math.min(ns, MAX_LATENCY_NS);
    }

    /**
     * The producer published a transaction.
     *
     * @param intendedNanos its intended send time.
     */
    public void onSent(final long intendedNanos)
    {
        received.recordValue(since(intendedNanos));
    }

    @Override
    public void onJournaled(final long sequence, final long receivedNanos)
    {
        if (sequence >= measureFromSequence)
        {
            journaled.recordValue(since(receivedNanos));
        }
    }

    @Override
    public void onEvaluated(final int shardId, final long sequence, final long receivedNanos)
    {
        if (sequence >= measureFromSequence)
        {
            evaluated.recordValue(since(receivedNanos));
        }
    }

    @Override
    public void onCollected(final long sequence, final long receivedNanos, final int alerts)
    {
        if (sequence >= measureFromSequence)
        {
            collected.recordValue(since(receivedNanos));
        }
        lastCollectedSequence = sequence;
    }

    /**
     * An alert sink returned from taking an alert.
     *
     * @param triggerSequence the ring sequence of the transaction that triggered it.
     * @param receivedNanos   that transaction's intended send time.
     */
    public void onAlert(final long triggerSequence, final long receivedNanos)
    {
        if (triggerSequence >= measureFromSequence)
        {
            alert.recordValue(since(receivedNanos));
        }
    }

    /**
     * Starts a measured part: from now on only transactions from {@code firstSequence} on are recorded (so
     * warm-up transactions still in flight are not), and what was recorded before is discarded.
     *
     * @param firstSequence ring sequence of the first measured transaction.
     */
    public void measureFrom(final long firstSequence)
    {
        measureFromSequence = firstSequence;
        reset();
    }

    /** @return the ring sequence of the last transaction collected, -1 before any. */
    public long lastCollectedSequence()
    {
        return lastCollectedSequence;
    }

    /** Discards everything recorded so far. */
    public void reset()
    {
        snapshot();
    }

    /**
     * @return what each stage recorded since the last call (or {@link #reset()}); a fresh map of fresh
     * histograms.
     */
    public Map<Stage, Histogram> snapshot()
    {
        final Map<Stage, Histogram> out = new EnumMap<>(Stage.class);
        out.put(Stage.RECEIVED, received.getIntervalHistogram());
        out.put(Stage.JOURNALED, journaled.getIntervalHistogram());
        out.put(Stage.EVALUATED, evaluated.getIntervalHistogram());
        out.put(Stage.COLLECTED, collected.getIntervalHistogram());
        out.put(Stage.ALERT, alert.getIntervalHistogram());
        return out;
    }
}
