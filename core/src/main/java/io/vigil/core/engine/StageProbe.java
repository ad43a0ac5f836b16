package io.vigil.core.engine;

/**
 * Optional hooks that time each transaction as it leaves a stage of the engine, for latency measurement only
 * (the end-to-end benchmark harness sets one). With no probe configured (the default) the engine makes no call
 * and reads no clock. A probe never decides anything: it sees a sequence and the receipt time the producer
 * stamped ({@link EventSlot#transaction(long)}), reads its own clock and records.
 * <p>
 * Thread contract: {@link #onJournaled} is called on the journaler thread, {@link #onEvaluated} on each shard's
 * thread (one caller per shard id), {@link #onCollected} on the alert collector's thread. Implementations
 * must be safe for that and must not block or allocate.
 */
public interface StageProbe
{
    /**
     * A transaction was appended to the journal (before any shard sees it).
     *
     * @param sequence      its ring sequence.
     * @param receivedNanos {@code System.nanoTime()} stamped at receipt.
     */
    void onJournaled(long sequence, long receivedNanos);

    /**
     * A shard finished running its rules on a transaction (its alerts are in the shard's alert ring).
     *
     * @param shardId       the shard.
     * @param sequence      the transaction's ring sequence.
     * @param receivedNanos {@code System.nanoTime()} stamped at receipt.
     */
    void onEvaluated(int shardId, long sequence, long receivedNanos);

    /**
     * The alert collector finished with a transaction: every alert it triggered was handed to the sink.
     *
     * @param sequence      its ring sequence.
     * @param receivedNanos {@code System.nanoTime()} stamped at receipt.
     * @param alerts        alerts it triggered (0 for most).
     */
    void onCollected(long sequence, long receivedNanos, int alerts);
}
