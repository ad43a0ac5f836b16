package io.vigil.core.engine;

/**
 * The one place engine threads report failures. Implementations count every error and log each distinct
 * one once, so a poison event cannot flood the log and a shard never dies quietly.
 * <p>
 * Thread contract: called from any engine thread; implementations must be thread safe.
 */
public interface ErrorHandler
{
    /**
     * @param where    the component: "journaler", "shard-0", "alerts"...
     * @param sequence input ring sequence being processed, or -1.
     * @param error    what went wrong.
     */
    void onError(String where, long sequence, Throwable error);
}
