package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

/**
 * One node's alert output shared by several engines: the service's own (HTTP ingest) and one per owned Kafka
 * partition. Each engine's alert collector calls it from its own thread, so every call is serialised here; the
 * sinks behind it (the live feed, the outbox, files) keep their one-caller contract. {@link #onCheckpoint} passes
 * through under the same lock, so when a partition's checkpoint counts, every alert before its barrier is as
 * durable as the sinks behind make it (the outbox: appended to its mapped file).
 * <p>
 * Thread contract: any thread; calls are serialised. {@link #forPartition()} views never close the sinks behind;
 * {@link #close()} does, once, after every engine has stopped.
 */
public final class SharedAlertSink implements AlertSink
{
    private final AlertSink delegate;
    private final Object lock = new Object();

    /**
     * @param delegate the node's sinks (usually a fan-out), owned by this object from now on.
     */
    public SharedAlertSink(final AlertSink delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        synchronized (lock)
        {
            delegate.onAlert(alert);
        }
    }

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        synchronized (lock)
        {
            delegate.onLateEvent(lateEvent);
        }
    }

    @Override
    public void onIdle()
    {
        synchronized (lock)
        {
            delegate.onIdle();
        }
    }

    @Override
    public void onCheckpoint(final long checkpointId)
    {
        synchronized (lock)
        {
            delegate.onCheckpoint(checkpointId);
        }
    }

    /** @return a view for one partition's engine: the same output, but closing it leaves the sinks open. */
    public AlertSink forPartition()
    {
        return new AlertSink()
        {
            @Override
            public void onAlert(final AlertView alert)
            {
                SharedAlertSink.this.onAlert(alert);
            }

            @Override
            public void onLateEvent(final AlertView lateEvent)
            {
                SharedAlertSink.this.onLateEvent(lateEvent);
            }

            @Override
            public void onIdle()
            {
                SharedAlertSink.this.onIdle();
            }

            @Override
            public void onCheckpoint(final long checkpointId)
            {
                SharedAlertSink.this.onCheckpoint(checkpointId);
            }
        };
    }

    @Override
    public void close()
    {
        synchronized (lock)
        {
            delegate.close();
        }
    }
}
