package io.vigil.core.engine;

/**
 * Creates the program of each shard at engine start.
 */
@FunctionalInterface
public interface ShardProgramFactory
{
    /**
     * @param shardId    index of the shard, in [0, shardCount).
     * @param shardCount number of shards.
     * @return a new program owned by that shard's thread.
     */
    ShardProgram create(int shardId, int shardCount);
}
