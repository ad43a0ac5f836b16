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

    private PeerProbe()
    {
    }

    private static long since(final long intendedNanos)
    {
        final long ns = System.nanoTime() - intendedNanos;
        return ns < 0 ? 0 : Math.min(ns, MAX_NS);
    }

    static void onEvaluated(final long intendedNanos)
    {
        EVALUATED.recordValue(since(intendedNanos));
        EVALUATED_COUNT.incrementAndGet();
        lastEvaluatedNanos = System.nanoTime();
    }

    static void onAlert(final PeerAlert alert)
    {
        ALERT.recordValue(since(alert.intendedNanos));
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
        keepAlerts = keep;
    }

    /** Discards the latencies recorded so far (end of a warm-up). */
    static void resetLatencies()
    {
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
