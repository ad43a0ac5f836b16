package io.vigil.rules;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.util.Hashing;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The rules of one key type on one shard, with the per-key state of the keys the shard owns: a
 * {@link Long2ObjectHashMap} from the event's precomputed key hash to a {@link KeyState}, plus a recency list
 * through the states (least recently touched first) from which idle keys are expired a few at a time.
 * Expired states go to a pool (grown on demand up to {@value #POOL_CAPACITY} states) and serve new keys, so
 * key churn does not allocate either once the pool has reached the swing of the live-key count.
 * <p>
 * Thread contract: owned by one shard thread.
 */
final class KeyedRuleGroup
{
    /** Most expired key states kept for reuse. */
    static final int POOL_CAPACITY = 64 * 1024;
    private static final int INITIAL_POOL = 1024;

    private final KeyType keyType;
    private final CompiledRule[] rules;
    private final int shardId;
    private final int shardCount;
    private final long outOfOrderRetentionMs;
    private final long idleHorizonMs;
    private final Long2ObjectHashMap<KeyState> states = new Long2ObjectHashMap<>();
    private KeyState[] pool = new KeyState[INITIAL_POOL];
    private int pooled;
    private KeyState leastRecent;
    private KeyState mostRecent;
    private long expiredKeys;
    private final TimerQueue timers = new TimerQueue();
    private final ShardClock clock;
    private long droppedTimers;
    private final int[] ruleKinds;
    private final int groupKinds;

    KeyedRuleGroup(
        final KeyType keyType,
        final CompiledRule[] rules,
        final int shardId,
        final int shardCount,
        final long outOfOrderRetentionMs,
        final ShardClock clock)
    {
        this.clock = clock;
        this.keyType = keyType;
        this.rules = rules;
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.outOfOrderRetentionMs = outOfOrderRetentionMs;
        long horizonMs = 0;
        for (final CompiledRule rule : rules)
        {
            horizonMs = Math.max(horizonMs, rule.horizonMs());
        }
        this.idleHorizonMs = horizonMs + outOfOrderRetentionMs;
        this.ruleKinds = new int[rules.length];
        int kinds = 0;
        for (int i = 0; i < rules.length; i++)
        {
            ruleKinds[i] = rules[i].eventKinds();
            kinds |= ruleKinds[i];
        }
        this.groupKinds = kinds;
    }

    /** @return the event kinds some rule of this group reads (bit {@code 1 << code}). */
    int eventKinds()
    {
        return groupKinds;
    }

    KeyType keyType()
    {
        return keyType;
    }

    int liveKeys()
    {
        return states.size();
    }

    long expiredKeys()
    {
        return expiredKeys;
    }

    long idleHorizonMs()
    {
        return idleHorizonMs;
    }

    /**
     * Runs the group's rules on the event if this shard owns its key.
     */
    void onTransaction(final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        final int kindBit = EventKinds.bit(tx);
        if ((groupKinds & kindBit) == 0)
        {
            return;
        }
        final long keyHash = tx.keyHash(keyType);
        if (keyHash == 0 || Hashing.shardOf(keyHash, shardCount) != shardId)
        {
            return;
        }
        KeyState key = states.get(keyHash);
        if (key == null)
        {
            key = acquire(keyHash);
            final int keyLength = tx.keyLength(keyType);
            key.keyBuffer.putBytes(0, tx.buffer(), tx.keyBytesOffset(keyType), keyLength);
            key.keyLength = keyLength;
            states.put(keyHash, key);
        }
        else
        {
            unlink(key);
        }
        linkMostRecent(key);
        final long tsMs = tx.tsMs();
        if (tsMs > key.newestTsMs)
        {
            key.newestTsMs = tsMs;
        }

        final RuleState[] ruleStates = key.ruleStates;
        for (int i = 0; i < rules.length; i++)
        {
            if ((ruleKinds[i] & kindBit) != 0)
            {
                rules[i].onEvent(ruleStates[i], tx, journalIndex, alerts);
            }
        }
    }

    /**
     * Removes up to {@code maxKeys} keys from the least recently touched end whose newest event is older than
     * {@code maxEventTimeMs − idleHorizonMs}. Stops at the first key that is not idle: the list is in arrival
     * order, close to event-time order, so an idle key behind a busier one waits a little longer.
     *
     * @param maxEventTimeMs the shard's highest event time seen.
     * @param maxKeys        most keys to remove now.
     */
    /**
     * Fires, in order, every timer due at or before the watermark.
     */
    void fireTimers(final long watermarkMs, final long journalIndex, final AlertPublisher alerts)
    {
        while (!timers.isEmpty() && timers.peekDueMs() <= watermarkMs)
        {
            final long dueMs = timers.peekDueMs();
            final long keyHash = timers.peekKeyHash();
            final int ruleIndex = timers.peekRuleIndex();
            timers.pop();
            final KeyState key = states.get(keyHash);
            if (key == null)
            {
                droppedTimers++;
                continue;
            }
            rules[ruleIndex].onTimer(key.ruleStates[ruleIndex], dueMs, watermarkMs, journalIndex, alerts);
        }
    }

    int pendingTimers()
    {
        return timers.size();
    }

    long droppedTimers()
    {
        return droppedTimers;
    }

    /**
     * Takes over the keys of {@code old} (same key type) when the rules change: each key keeps the state of
     * every rule of this group that {@code old} also had with the same definition (see
     * {@link CompiledRule#definition()}); other rules start empty. Pending timers of kept rules move along.
     * Called on the shard thread, once, before this group sees an event.
     */
    void takeOver(final KeyedRuleGroup old)
    {
        final int[] fromOld = new int[rules.length];
        boolean any = false;
        for (int i = 0; i < rules.length; i++)
        {
            fromOld[i] = -1;
            for (int j = 0; j < old.rules.length; j++)
            {
                if (sameDefinition(rules[i], old.rules[j]))
                {
                    fromOld[i] = j;
                    any = true;
                    break;
                }
            }
        }
        for (KeyState oldKey = old.leastRecent; oldKey != null; oldKey = oldKey.newer)
        {
            final KeyState key = acquire(oldKey.keyHash);
            key.keyBuffer.putBytes(0, oldKey.keyBuffer, 0, oldKey.keyLength);
            key.keyLength = oldKey.keyLength;
            key.newestTsMs = oldKey.newestTsMs;
            for (int i = 0; i < rules.length; i++)
            {
                if (fromOld[i] >= 0)
                {
                    final RuleState carried = oldKey.ruleStates[fromOld[i]];
                    carried.timers = timers;
                    carried.clock = clock;
                    carried.key = key;
                    carried.ruleIndex = i;
                    key.ruleStates[i] = carried;
                }
            }
            states.put(key.keyHash, key);
            linkMostRecent(key);
        }
        if (any)
        {
            for (int t = 0; t < old.timers.size(); t++)
            {
                final int oldRule = old.timers.ruleIndexAt(t);
                for (int i = 0; i < rules.length; i++)
                {
                    if (fromOld[i] == oldRule)
                    {
                        timers.schedule(old.timers.dueAt(t), old.timers.keyHashAt(t), i);
                    }
                }
            }
        }
        expiredKeys = old.expiredKeys;
    }

    private static boolean sameDefinition(final CompiledRule a, final CompiledRule b)
    {
        if (a == b)
        {
            return true;
        }
        final String da = a.definition();
        return da != null && da.equals(b.definition()) && a.getClass() == b.getClass() &&
            a.ruleRef().id().equals(b.ruleRef().id()) && a.ruleRef().version() == b.ruleRef().version();
    }

    void expireIdle(final long maxEventTimeMs, final int maxKeys)
    {
        final long idleBeforeMs = maxEventTimeMs - idleHorizonMs;
        for (int i = 0; i < maxKeys; i++)
        {
            final KeyState key = leastRecent;
            if (key == null || key.newestTsMs >= idleBeforeMs)
            {
                return;
            }
            unlink(key);
            states.remove(key.keyHash);
            expiredKeys++;
            if (pooled == pool.length && pool.length < POOL_CAPACITY)
            {
                pool = java.util.Arrays.copyOf(pool, Math.min(POOL_CAPACITY, pool.length * 2));
            }
            if (pooled < pool.length)
            {
                key.reset();
                pool[pooled++] = key;
            }
        }
    }

    private KeyState acquire(final long keyHash)
    {
        final KeyState key;
        if (pooled > 0)
        {
            key = pool[--pooled];
            pool[pooled] = null;
        }
        else
        {
            final RuleState[] ruleStates = new RuleState[rules.length];
            for (int i = 0; i < rules.length; i++)
            {
                ruleStates[i] = rules[i].newState(outOfOrderRetentionMs);
            }
            key = new KeyState(ruleStates);
            for (int i = 0; i < rules.length; i++)
            {
                ruleStates[i].timers = timers;
                ruleStates[i].clock = clock;
                ruleStates[i].key = key;
                ruleStates[i].ruleIndex = i;
            }
        }
        key.keyHash = keyHash;
        key.newestTsMs = Long.MIN_VALUE;
        return key;
    }

    private void unlink(final KeyState key)
    {
        if (key.older != null)
        {
            key.older.newer = key.newer;
        }
        else
        {
            leastRecent = key.newer;
        }
        if (key.newer != null)
        {
            key.newer.older = key.older;
        }
        else
        {
            mostRecent = key.older;
        }
        key.older = null;
        key.newer = null;
    }

    private void linkMostRecent(final KeyState key)
    {
        key.older = mostRecent;
        if (mostRecent != null)
        {
            mostRecent.newer = key;
        }
        else
        {
            leastRecent = key;
        }
        mostRecent = key;
    }

    // ---- snapshot (checkpoint) encoding; layout in RuleProgramSnapshotDescriptor ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(keyType.ordinal()).putInt(rules.length);
        for (final CompiledRule rule : rules)
        {
            out.putString(RuleProgramSnapshotDescriptor.identity(rule));
        }
        out.putLong(expiredKeys).putLong(droppedTimers).putInt(states.size());
        for (KeyState key = leastRecent; key != null; key = key.newer)
        {
            out.putLong(key.keyHash).putLong(key.newestTsMs).putInt(key.keyLength)
                .putBytes(key.keyBuffer, 0, key.keyLength);
            for (final RuleState state : key.ruleStates)
            {
                state.writeSnapshot(out);
            }
        }
        timers.writeSnapshot(out);
    }

    void readSnapshot(final SnapshotReader in)
    {
        in.expect("key type (ordinal)", keyType.ordinal(), in.getInt("key type"));
        in.expect(keyType + " rule count", rules.length, in.getInt("rule count"));
        for (int i = 0; i < rules.length; i++)
        {
            final String identity = in.getString("rule identity");
            final String expected = RuleProgramSnapshotDescriptor.identity(rules[i]);
            if (!identity.equals(expected))
            {
                throw new io.vigil.core.snapshot.SnapshotFormatException("snapshot " + keyType + " rule " + i +
                    ": expected " + expected + ", found " + identity + " (the checkpoint was taken with other rules)");
            }
        }
        expiredKeys = in.getLong("expired keys");
        droppedTimers = in.getLong("dropped timers");
        final int keys = in.getCount("live keys", 0, Integer.MAX_VALUE);
        for (int k = 0; k < keys; k++)
        {
            final long keyHash = in.getLong("key hash");
            final KeyState key = acquire(keyHash);
            key.newestTsMs = in.getLong("key newest time");
            key.keyLength = in.getCount("key length", 0, key.keyBuffer.capacity());
            in.getBytes("key bytes", key.keyBuffer, 0, key.keyLength);
            for (final RuleState state : key.ruleStates)
            {
                state.readSnapshot(in);
            }
            if (states.put(keyHash, key) != null)
            {
                throw new io.vigil.core.snapshot.SnapshotFormatException(
                    "snapshot " + keyType + ": key hash " + Long.toHexString(keyHash) + " appears twice");
            }
            linkMostRecent(key);
        }
        timers.readSnapshot(in, rules.length);
    }

    /**
     * Describes one key's state for an operator (off the per-event path: allocates).
     *
     * @param keyHash the key's hash.
     * @return the description, or null if this group holds no state for the key.
     */
    java.util.Map<String, Object> describe(final long keyHash)
    {
        final KeyState key = states.get(keyHash);
        if (key == null)
        {
            return null;
        }
        final java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("key_type", keyType.wireName());
        out.put("key", key.keyBuffer.getStringWithoutLengthAscii(0, key.keyLength));
        out.put("shard", shardId);
        out.put("newest_event_ms", key.newestTsMs);
        final java.util.List<Object> ruleList = new java.util.ArrayList<>();
        for (int i = 0; i < rules.length; i++)
        {
            final java.util.Map<String, Object> rule = new java.util.LinkedHashMap<>();
            final RuleState state = key.ruleStates[i];
            rule.put("rule", rules[i].ruleRef().id());
            rule.put("version", rules[i].ruleRef().version());
            rule.put("alerted", state.hasAlerted());
            if (state.hasAlerted())
            {
                rule.put("last_alert_event_ms", state.lastAlertTsMs());
            }
            state.describe(rule);
            ruleList.add(rule);
        }
        out.put("rules", ruleList);
        return out;
    }
}
