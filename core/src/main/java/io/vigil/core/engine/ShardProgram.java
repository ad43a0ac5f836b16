package io.vigil.core.engine;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;

/**
 * The work one shard does per event: the compiled rules with their keyed state. One instance per shard,
 * called from that shard's thread only, so it needs no synchronisation.
 * <p>
 * Every shard sees every event; a program acts only on the keys its shard owns
 * ({@link io.vigil.core.util.Hashing#shardOf}).
 */
public interface ShardProgram
{
    /**
     * Evaluates one transaction. Must not allocate in steady state.
     *
     * @param tx           the event, valid only during the call.
     * @param journalIndex its index in the journal.
     * @param alerts       where fired alerts go.
     */
    void onTransaction(TransactionFlyweight tx, long journalIndex, AlertPublisher alerts);

    /**
     * Event time has moved on without a transaction: a journaled tick. Windows and absences whose time has
     * come may fire. The default ignores it.
     *
     * @param eventTimeMs  the event time reached, epoch ms; {@link Long#MAX_VALUE} at the end of a bounded input.
     * @param journalIndex the tick's index in the journal.
     * @param alerts       where fired alerts go.
     */
    default void onTick(long eventTimeMs, long journalIndex, AlertPublisher alerts)
    {
    }

    /**
     * The rules change at this point of the stream: hands what this program knows over to {@code next}
     * (the state of every rule that is in both, unchanged) and returns the program to run from now on.
     * The default keeps nothing.
     *
     * @param next the new program, built for the same shard.
     * @return the program to run from now on (normally {@code next}).
     */
    default ShardProgram replaceWith(ShardProgram next)
    {
        return next;
    }

    /** @return whether {@link #writeSnapshot} and {@link #restoreSnapshot} are supported (checkpoints need it). */
    default boolean supportsSnapshots()
    {
        return false;
    }

    /**
     * Writes this program's whole state (every key's rule states, timers, clock, counters that affect
     * alerts) for a checkpoint. Called on the shard thread, between two events, so the state is consistent.
     * Restoring it into a fresh program built by the same factory for the same shard, then running the rest
     * of the input, must give exactly the alerts of an uninterrupted run.
     *
     * @param out where the state goes; appended to.
     * @throws UnsupportedOperationException if {@link #supportsSnapshots()} is false.
     */
    default void writeSnapshot(io.vigil.core.snapshot.SnapshotWriter out)
    {
        throw new UnsupportedOperationException(getClass().getName() + " does not write snapshots");
    }

    /**
     * Replaces this program's state (fresh, from its factory, nothing processed yet) by a snapshot's.
     *
     * @param in the snapshot written by {@link #writeSnapshot}, positioned at its start.
     * @throws io.vigil.core.snapshot.SnapshotFormatException if the snapshot is truncated, corrupt, or was
     *                                                        taken with other rules or another shard layout.
     * @throws UnsupportedOperationException                  if {@link #supportsSnapshots()} is false.
     */
    default void restoreSnapshot(io.vigil.core.snapshot.SnapshotReader in)
    {
        throw new UnsupportedOperationException(getClass().getName() + " does not restore snapshots");
    }

    /**
     * Describes the live state this shard holds for one key, for an operator's question ("what does the
     * engine know about this card right now?"). Called on the shard thread, between events, so it may read
     * state freely; it may allocate (it is not on the per-event path). The default knows nothing.
     *
     * @param keyType the key's type.
     * @param keyHash the key's 64-bit hash ({@link io.vigil.core.util.Hashing#hash(CharSequence)}).
     * @return a JSON-like tree (maps, lists, strings, numbers, booleans), or null if this shard holds no state
     * for the key.
     */
    default java.util.Map<String, Object> describeKey(io.vigil.core.event.KeyType keyType, long keyHash)
    {
        return null;
    }
}
