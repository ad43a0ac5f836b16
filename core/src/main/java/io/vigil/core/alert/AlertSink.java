package io.vigil.core.alert;

/**
 * Where the engine hands alerts, in a deterministic order: by triggering event, then by rule ordinal.
 * Implementations: a JSON Lines file, the console, the outbox, a fan-out of several.
 * <p>
 * Thread contract: called from the alert collector thread only.
 */
public interface AlertSink extends AutoCloseable
{
    /**
     * @param alert the alert, valid only during the call.
     */
    void onAlert(AlertView alert);

    /**
     * A rule did not apply an event because it was late (see {@link AlertPublisher#late}). The default
     * ignores it: only the late-event output keeps these.
     *
     * @param lateEvent the record, valid only during the call.
     */
    default void onLateEvent(AlertView lateEvent)
    {
    }

    /** Called when the collector has no more alerts for now: a chance to flush. */
    default void onIdle()
    {
    }

    /** Flushes and releases resources; called once, after the engine has drained. */
    /**
     * A checkpoint barrier has passed: every alert before it has been handed over. Make them durable (at least
     * out of this process's buffers) before returning, because once the checkpoint counts, recovery will not
     * replay the input that produced them. The default calls {@link #onIdle()}.
     *
     * @param checkpointId the checkpoint's id.
     */
    default void onCheckpoint(long checkpointId)
    {
        onIdle();
    }

    @Override
    default void close()
    {
    }
}
