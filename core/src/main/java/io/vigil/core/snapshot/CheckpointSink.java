package io.vigil.core.snapshot;

import org.agrona.DirectBuffer;

/**
 * Where shards hand their snapshots at a checkpoint barrier. The engine publishes a barrier (an
 * {@code EventSlot.TYPE_CHECKPOINT} entry, journaled like any input) with an id from {@link #nextCheckpointId};
 * each shard, on reaching it, writes its program's whole state and calls {@link #onShardSnapshot} with the
 * barrier's journal index. A checkpoint is complete once every shard has delivered; the implementation
 * (journal module: {@code io.vigil.journal.snapshot.CheckpointStore}) makes it durable and says so in a manifest.
 * <p>
 * Thread contract: {@link #nextCheckpointId} from whichever thread publishes the barrier; the other methods
 * from each shard's thread, concurrently, one call per shard per checkpoint; the shard waits for
 * {@link #onShardSnapshot} to return, so an implementation copies the bytes and writes them elsewhere
 * ({@code CheckpointStore} does, on its writer thread); {@link #onBarrierPassed} from the alert collector's
 * thread.
 */
public interface CheckpointSink
{
    /** @return the id of the next checkpoint: greater than every id used before in this data directory. */
    long nextCheckpointId();

    /**
     * One shard's snapshot at a barrier.
     *
     * @param checkpointId  the barrier's checkpoint id.
     * @param journalIndex  the barrier's journal index: the state is that after every entry before it.
     * @param shardId       the shard.
     * @param shardCount    how many shards the engine runs.
     * @param programSource the rule file the shard ran at the barrier (UTF-8), or null for rules built in code.
     * @param body          the program's snapshot ({@code ShardProgram.writeSnapshot}).
     * @param offset        its first byte.
     * @param length        its length in bytes.
     */
    void onShardSnapshot(
        long checkpointId, long journalIndex, int shardId, int shardCount, byte[] programSource,
        DirectBuffer body, int offset, int length);

    /**
     * A shard could not write its snapshot (the program does not support it, or encoding failed): the
     * checkpoint stays incomplete and is never used.
     *
     * @param checkpointId the barrier's checkpoint id.
     * @param shardId      the shard.
     * @param cause        why.
     */
    void onShardSnapshotFailed(long checkpointId, int shardId, Throwable cause);

    /**
     * The barrier has passed the alert collector: every shard has called {@link #onShardSnapshot} (or
     * {@link #onShardSnapshotFailed}) for it, and every alert before it has been made durable by the sink
     * ({@code AlertSink.onCheckpoint}). The checkpoint may now be marked complete.
     *
     * @param checkpointId the barrier's checkpoint id.
     * @param journalIndex the barrier's journal index.
     * @param shardCount   how many shards should have delivered.
     */
    void onBarrierPassed(long checkpointId, long journalIndex, int shardCount);
}
