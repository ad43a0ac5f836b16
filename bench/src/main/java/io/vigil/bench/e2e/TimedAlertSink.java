package io.vigil.bench.e2e;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

/**
 * Times each alert into {@link Stage#ALERT} once the sink it wraps has taken it: wrap a no-op sink to measure
 * to the hand-off, or the alert outbox to measure to "alert in the outbox". Counts what it saw.
 * <p>
 * Thread contract: the engine's alert collector thread, as for any {@link AlertSink}.
 */
public final class TimedAlertSink implements AlertSink
{
    private final AlertSink delegate;
    private final StageRecorder recorder;
    private volatile long alerts;
    private volatile long measuredAlerts;
    private volatile long countFromSequence;

    /**
     * @param delegate the sink that takes the alerts (its return marks the stage).
     * @param recorder where the latency goes.
     */
    public TimedAlertSink(final AlertSink delegate, final StageRecorder recorder)
    {
        this.delegate = delegate;
        this.recorder = recorder;
    }

    /** @return a sink that drops alerts (the engine's hand-off only). */
    public static AlertSink discarding()
    {
        return alert -> { };
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        delegate.onAlert(alert);
        recorder.onAlert(alert.triggerSequence(), alert.receivedNanos());
        if (alert.triggerSequence() >= countFromSequence)
        {
            measuredAlerts = measuredAlerts + 1;
        }
        alerts = alerts + 1;
    }

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        delegate.onLateEvent(lateEvent);
    }

    @Override
    public void onIdle()
    {
        delegate.onIdle();
    }

    @Override
    public void close()
    {
        delegate.close();
    }

    /**
     * Starts counting measured alerts: those triggered from {@code firstSequence} on.
     *
     * @param firstSequence ring sequence of the first measured transaction.
     */
    public void measureFrom(final long firstSequence)
    {
        countFromSequence = firstSequence;
        measuredAlerts = 0;
    }

    /** @return alerts triggered by measured transactions since {@link #measureFrom(long)}. */
    public long measuredAlerts()
    {
        return measuredAlerts;
    }

    /** @return alerts taken so far. */
    public long alerts()
    {
        return alerts;
    }
}
