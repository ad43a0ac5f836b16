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
        RuntimeException first = null;
        for (final AlertSink sink : sinks)
        {
            try
            {
                sink.onAlert(alert);
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

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        RuntimeException first = null;
        for (final AlertSink sink : sinks)
        {
            try
            {
                sink.onLateEvent(lateEvent);
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

    /** Passes the checkpoint to every sink, so each makes its alerts durable (the default would only flush). */
    @Override
    public void onCheckpoint(final long checkpointId)
    {
        RuntimeException first = null;
        for (final AlertSink sink : sinks)
        {
            try
            {
                sink.onCheckpoint(checkpointId);
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
        RuntimeException first = null;
        for (final AlertSink sink : sinks)
        {
            try
            {
                sink.close();
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
