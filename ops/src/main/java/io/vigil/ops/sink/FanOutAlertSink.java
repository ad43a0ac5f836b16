package io.vigil.ops.sink;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

import java.util.List;

/**
 * Hands each alert to several sinks in order. A failing sink does not keep the others from their alert:
 * the first failure is rethrown after all have been called, so the engine's error handler counts it.
 */
public final class FanOutAlertSink implements AlertSink
{
    private static final int ALERT = 0;
    private static final int LATE_EVENT = 1;
    private static final int CHECKPOINT = 2;
    private static final int CLOSE = 3;

    private final AlertSink[] sinks;

    /**
     * @param sinks the sinks, called in this order.
     */
    public FanOutAlertSink(final List<AlertSink> sinks)
    {
        this.sinks = sinks.toArray(new AlertSink[0]);
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        callEach(ALERT, alert, 0);
    }

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        callEach(LATE_EVENT, lateEvent, 0);
    }

    /** Passes the checkpoint to every sink, so each makes its alerts durable (the default would only flush). */
    @Override
    public void onCheckpoint(final long checkpointId)
    {
        callEach(CHECKPOINT, null, checkpointId);
    }

    @Override
    public void onIdle()
    {
        for (final AlertSink sink : sinks)
        {
            sink.onIdle();
        }
    }

    @Override
    public void close()
    {
        callEach(CLOSE, null, 0);
    }

    /** Calls every sink (a selector, not a lambda: this is the per-alert path), then rethrows the first failure. */
    private void callEach(final int call, final AlertView view, final long checkpointId)
    {
        RuntimeException first = null;
        for (final AlertSink sink : sinks)
        {
            try
            {
                switch (call)
                {
                    case ALERT:
                        sink.onAlert(view);
                        break;
                    case LATE_EVENT:
                        sink.onLateEvent(view);
                        break;
                    case CHECKPOINT:
                        sink.onCheckpoint(checkpointId);
                        break;
                    default:
                        sink.close();
                        break;
                }
            }
            catch (final RuntimeException ex)
            {
                if (first == null)
                {
                    first = ex;
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
    }
}
