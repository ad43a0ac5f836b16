package io.vigil.core.engine;

import io.vigil.core.event.KeyType;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A question for the shard that owns a key: its live state. It travels through the input ring (not journaled),
 * so the owning shard answers on its own thread, between two events, and no other thread ever reads shard
 * state. The answer completes {@link #answer()}: the shard program's description, or null if the shard holds
 * nothing for the key.
 * <p>
 * Thread contract: created by any thread; completed once, by the owning shard's thread.
 */
final class KeyQuery
{
    final KeyType keyType;
    final long keyHash;
    final int ownerShard;
    final CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();

    KeyQuery(final KeyType keyType, final long keyHash, final int ownerShard)
    {
        this.keyType = keyType;
        this.keyHash = keyHash;
        this.ownerShard = ownerShard;
    }

    CompletableFuture<Map<String, Object>> answer()
    {
        return answer;
    }
}
