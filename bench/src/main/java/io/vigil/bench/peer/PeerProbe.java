package io.vigil.bench.peer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the peer's operators, running in this JVM's Flink mini-cluster, report: per-event latency at the
 * amount-sum operator (the peer's "evaluated" stage), per-alert latency at the sink, and the alerts. Static,
 * because Flink instantiates the operators from serialised copies; one peer run at a time.
 */
public final class PeerProbe
{
    private static final long MAX_NS = 60_000_000_000L;
    private static final Recorder EVALUATED = new Recorder(MAX_NS, 3);
    private static final Recorder ALERT = new Recorder(MAX_NS, 3);
    private static final ConcurrentLinkedQueue<PeerAlert> ALERTS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong EVALUATED_COUNT = new AtomicLong();
    private static volatile boolean keepAlerts;
    private static volatile long lastEvaluatedNanos;
    private static volatile long measureFromSeq;

    private PeerProbe()
    {
    }

    private static long since(final long intendedNanos)
    {
        final long ns = System.nanoTime() - intendedNanos;
        return ns < 0 ? 0 : Math.min(ns, MAX_NS);
    }

    static void onEvaluated(final long seq, final long intendedNanos)
    {
        if (seq >= measureFromSeq)
        {
            EVALUATED.recordValue(since(intendedNanos));
        }
        EVALUATED_COUNT.incrementAndGet();
        lastEvaluatedNanos = System.nanoTime();
    }

    static void onAlert(final PeerAlert alert)
    {
        if (alert.seq >= measureFromSeq)
        {
            ALERT.recordValue(since(alert.intendedNanos));
        }
        if (keepAlerts)
        {
            ALERTS.add(alert);
        }
    }

    /**
     * Starts a run: clears everything.
     *
     * @param keep whether to keep the alerts (for the equivalence check).
     */
    static void start(final boolean keep)
    {
        EVALUATED.reset();
        ALERT.reset();
        ALERTS.clear();
        EVALUATED_COUNT.set(0);
        measureFromSeq = 0;
        keepAlerts = keep;
    }

    /**
     * Starts the measured part: only transactions from {@code seq} on (and their alerts) are recorded from now
     * on, and what was recorded is discarded.
     *
     * @param seq position of the first measured transaction.
     */
    static void measureFrom(final long seq)
    {
        measureFromSeq = seq;
        EVALUATED.getIntervalHistogram();
        ALERT.getIntervalHistogram();
    }

    static Histogram evaluated()
    {
        return EVALUATED.getIntervalHistogram();
    }

    static Histogram alertLatency()
    {
        return ALERT.getIntervalHistogram();
    }

    static long evaluatedCount()
    {
        return EVALUATED_COUNT.get();
    }

    static long lastEvaluatedNanos()
    {
        return lastEvaluatedNanos;
    }

    static List<PeerAlert> alerts()
    {
        return new ArrayList<>(ALERTS);
    }
}
