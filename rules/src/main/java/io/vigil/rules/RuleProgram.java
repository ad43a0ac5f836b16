package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.rules.table.EnrichmentDescriptor;
import io.vigil.rules.table.ShardTables;
import io.vigil.rules.table.TableLimits;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One shard's run of a set of {@link CompiledRule}s. Every shard sees every event; for each key type that
 * has rules, the program acts only when the event's key hash is non-zero and
 * {@code Hashing.shardOf(keyHash, shardCount) == shardId}, so each key's state lives in exactly one shard and
 * the union of the shards' alerts does not depend on the shard count. Rules of one key type run in ordinal
 * order; key types in {@link KeyType} order.
 *
 * <h2>State</h2>
 * One {@code Long2ObjectHashMap} per key type, keyed by the precomputed 64-bit key hash (two keys whose
 * hashes collide would share state: with n live keys the chance is about n²/2⁶⁵), each value a key state
 * holding the state of every rule on that key type.
 * <p>
 * Approximate bytes per live key, measured with the {@code DefaultRules} pack (JDK 17, compressed oops,
 * 200,000 cards, transactions 10 minutes apart, heap difference after GC, map included): about 900 bytes for a
 * card with one or two approved transactions in the last hour and no probes, 1,030 with three, 1,300 with six,
 * 1,540 with six of which three are probes. The fixed part is the map slot (~30), the key state and its array
 * (~70), each rule's state (~50) and each ring (~40 empty, ~170 of headers once used); on top of that each
 * retained event costs {@value io.vigil.rules.window.EventRing#SLOT_BYTES} bytes in each ring that keeps it
 * (the sum window keeps an hour of approved events, the velocity window 60 s, the sequence 10 minutes of
 * probes), up to twice that as rings grow by doubling. A ring holds at most
 * {@value io.vigil.rules.window.EventRing#MAX_CAPACITY} events: past that the oldest is dropped even while
 * still in its window (a key that busy wants bucketed aggregates, later work).
 *
 * <h2>Tables and other event kinds</h2>
 * Every event first goes to the shard's {@link ShardTables}: card profiles of the cards this shard owns,
 * replicated account profiles, merchant rows and reference lists (see {@code docs/joins.md}). Only the kinds some
 * rule reads go on (transactions always; another kind when a sequence step names it): the program copies the
 * event, writes after the copy the table values it sees now (its enrichment block, {@link EnrichmentDescriptor}),
 * and hands the copy to the rules, so a transaction sees the tables as of its position in the journal and keeps
 * what it saw for any later redo. A kind no rule reads moves neither event time nor any rule state.
 *
 * <h2>Expiry</h2>
 * A key whose newest event is older than (the shard's highest event time seen − the largest window, pattern
 * bound or cooldown of its key type's rules − the out-of-order retention) can no longer change an alert and
 * is removed, at most {@link #EXPIRY_KEYS_PER_EVENT} per key type per event, from the least recently
 * touched end; {@link #liveKeyCount()} tells how many remain. Up to {@value KeyedRuleGroup#POOL_CAPACITY}
 * expired key states per key type are kept, cleared, to serve new keys without allocating.
 *
 * <h2>Ordering</h2>
 * An event at or after a key's newest in reference order (event time, then transaction id byte-wise) is
 * appended and fires at once. An event before it is inserted in its reference-order place and evaluated against
 * what precedes it; the rule-language rules (windows, step sequences) then redo the key's later evaluations it
 * changes, publishing an amended alert for one the sorted stream gives and a retraction for one it does not
 * ({@link io.vigil.core.alert.AlertPublisher#beginAmended}, {@link io.vigil.core.alert.AlertPublisher#retract};
 * see {@link RecentEvents}), so alerts minus retractions equal the sorted stream's within the bound. The older
 * Java-built {@code SlidingWindowRule} and two-step {@code SequenceRule} (the Java default pack) do not redo:
 * their alerts follow arrival order. Events more than the out-of-order retention behind a key's
 * newest are evaluated against what is still retained. An event with the same time and id as one already
 * seen is treated as a new event: deduplication belongs upstream.
 *
 * <h2>Hot path</h2>
 * No allocation per event in steady state: allocation happens only when a key appears and the pool of
 * expired states is empty, when a per-key ring grows, or when a map resizes. No boxing, no iterators, no
 * capturing lambdas, no string building.
 * <p>
 * Thread contract: one instance per shard, called by that shard's thread only.
 */
public final class RuleProgram implements ShardProgram
{
    /** Default extra time a rule's state keeps events beyond its window for out-of-order events: none. */
    public static final long DEFAULT_OUT_OF_ORDER_RETENTION_MS = 0;

    /** Most idle keys of one key type removed per event. */
    public static final int EXPIRY_KEYS_PER_EVENT = 4;

    private final int shardId;
    private final int shardCount;
    private final long outOfOrderRetentionMs;
    private final KeyedRuleGroup[] groups;
    private final ShardClock clock = new ShardClock();
    private ShardTables tables;
    private final int consumedKinds;
    private final UnsafeBuffer enrichedCopy = new UnsafeBuffer(new byte[EnrichmentDescriptor.ENRICHED_LENGTH]);
    private final TransactionFlyweight enriched = new TransactionFlyweight();

    /**
     * A program with {@link #DEFAULT_OUT_OF_ORDER_RETENTION_MS}.
     *
     * @param shardId    this shard, in [0, shardCount).
     * @param shardCount number of shards.
     * @param rules      the compiled rules; distinct ordinals and ids.
     */
    public RuleProgram(final int shardId, final int shardCount, final List<? extends CompiledRule> rules)
    {
        this(shardId, shardCount, rules, DEFAULT_OUT_OF_ORDER_RETENTION_MS);
    }

    /**
     * @param shardId               this shard, in [0, shardCount).
     * @param shardCount            number of shards, >= 1.
     * @param rules                 the compiled rules; distinct ordinals and ids.
     * @param outOfOrderRetentionMs how far behind a key's newest event, ms, an out-of-order event may be and
     *                              still be evaluated against every event before it; >= 0. Set it to the
     *                              input's out-of-orderness bound. It adds to memory and to the idle horizon.
     */
    public RuleProgram(
        final int shardId,
        final int shardCount,
        final List<? extends CompiledRule> rules,
        final long outOfOrderRetentionMs)
    {
        this(shardId, shardCount, rules, outOfOrderRetentionMs, TableLimits.DEFAULT);
    }

    /**
     * @param shardId               this shard, in [0, shardCount).
     * @param shardCount            number of shards, >= 1.
     * @param rules                 the compiled rules; distinct ordinals and ids.
     * @param outOfOrderRetentionMs see {@link #RuleProgram(int, int, List, long)}.
     * @param tableLimits           row caps of this shard's tables.
     */
    public RuleProgram(
        final int shardId,
        final int shardCount,
        final List<? extends CompiledRule> rules,
        final long outOfOrderRetentionMs,
        final TableLimits tableLimits)
    {
        if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
        {
            throw new IllegalArgumentException(
                "shard: expected 0 <= shardId < shardCount, found shardId=" + shardId + " shardCount=" + shardCount);
        }
        if (outOfOrderRetentionMs < 0)
        {
            throw new IllegalArgumentException(
                "out-of-order retention: expected >= 0 ms, found " + outOfOrderRetentionMs);
        }
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.outOfOrderRetentionMs = outOfOrderRetentionMs;
        this.groups = groupByKeyType(validated(rules), shardId, shardCount, outOfOrderRetentionMs, clock);
        this.tables = new ShardTables(shardId, shardCount, Objects.requireNonNull(tableLimits, "tableLimits"));
        // transactions always move event time, even for a program without rules
        int kinds = EventKinds.TRANSACTIONS;
        for (final KeyedRuleGroup group : groups)
        {
            kinds |= group.eventKinds();
        }
        this.consumedKinds = kinds;
        enriched.wrap(enrichedCopy, 0);
    }

    @Override
    public void onTransaction(final TransactionFlyweight event, final long journalIndex, final AlertPublisher alerts)
    {
        // Table updates apply in journal order, before anything later reads them; a kind no rule reads stops
        // here: it neither moves this shard's event time nor touches any rule state.
        tables.apply(event);
        if ((consumedKinds & EventKinds.bit(event)) == 0)
        {
            return;
        }
        event.copyTo(enrichedCopy, 0);
        tables.enrich(event, enrichedCopy, EnrichmentDescriptor.BASE);
        final TransactionFlyweight tx = enriched;
        final long tsMs = tx.tsMs();
        if (tsMs > clock.maxEventTimeMs)
        {
            clock.maxEventTimeMs = tsMs;
        }
        for (final KeyedRuleGroup group : groups)
        {
            group.onTransaction(tx, journalIndex, alerts);
        }
        // Timers first: an event that moves the watermark far past a key's timer must not expire the key
        // (and drop the timer) before the timer has fired.
        advanceWatermark(clock.maxEventTimeMs - outOfOrderRetentionMs, journalIndex, alerts);
        for (final KeyedRuleGroup group : groups)
        {
            group.expireIdle(clock.maxEventTimeMs, EXPIRY_KEYS_PER_EVENT);
        }
    }

    /**
     * Event time reached {@code eventTimeMs} without a transaction: moves the watermark and fires due timers.
     * A tick at {@link Long#MAX_VALUE} (the end of a bounded input) fires every timer.
     */
    @Override
    public void onTick(final long eventTimeMs, final long journalIndex, final AlertPublisher alerts)
    {
        if (eventTimeMs > clock.maxEventTimeMs)
        {
            clock.maxEventTimeMs = eventTimeMs;
        }
        advanceWatermark(eventTimeMs == Long.MAX_VALUE ? Long.MAX_VALUE : clock.maxEventTimeMs - outOfOrderRetentionMs,
            journalIndex, alerts);
    }

    /**
     * Hands this program's state to {@code next} when the rules change: the clock (watermark, highest event
     * time) and the tables always, and each key's state of every rule whose definition is unchanged. A program of another
     * kind gets nothing.
     */
    @Override
    public ShardProgram replaceWith(final ShardProgram next)
    {
        if (next instanceof RuleProgram)
        {
            final RuleProgram successor = (RuleProgram)next;
            successor.clock.maxEventTimeMs = clock.maxEventTimeMs;
            successor.clock.watermarkMs = clock.watermarkMs;
            // tables are built from journaled changelogs, not from rules: they carry over whole
            successor.tables = tables;
            for (final KeyedRuleGroup group : successor.groups)
            {
                final KeyedRuleGroup old = group(group.keyType());
                if (old != null)
                {
                    group.takeOver(old);
                }
            }
        }
        return next;
    }

    @Override
    public boolean supportsSnapshots()
    {
        return true;
    }

    /** Writes the whole shard state, laid out as in {@link RuleProgramSnapshotDescriptor}. */
    @Override
    public void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(RuleProgramSnapshotDescriptor.VERSION).putInt(shardId).putInt(shardCount)
            .putLong(outOfOrderRetentionMs).putLong(clock.maxEventTimeMs).putLong(clock.watermarkMs)
            .putInt(groups.length);
        for (final KeyedRuleGroup group : groups)
        {
            group.writeSnapshot(out);
        }
        tables.writeSnapshot(out);
    }

    /**
     * Restores a snapshot into this program, which must be fresh (no event processed) and built for the same
     * shard, shard count, out-of-order retention and rules.
     */
    @Override
    public void restoreSnapshot(final SnapshotReader in)
    {
        if (liveKeyCount() != 0 || clock.maxEventTimeMs != Long.MIN_VALUE)
        {
            throw new IllegalStateException("restore a snapshot into a fresh program only");
        }
        in.expect("snapshot layout version", RuleProgramSnapshotDescriptor.VERSION, in.getInt("layout version"));
        in.expect("shard id", shardId, in.getInt("shard id"));
        in.expect("shard count", shardCount, in.getInt("shard count"));
        in.expect("out-of-order retention ms", outOfOrderRetentionMs, in.getLong("out-of-order retention"));
        clock.maxEventTimeMs = in.getLong("highest event time");
        clock.watermarkMs = in.getLong("watermark");
        in.expect("key-type groups", groups.length, in.getInt("key-type groups"));
        for (final KeyedRuleGroup group : groups)
        {
            group.readSnapshot(in);
        }
        tables.readSnapshot(in);
    }

    /** Describes a key this shard owns: its rules' state, from the key type's group (null if none). */
    @Override
    public java.util.Map<String, Object> describeKey(final KeyType keyType, final long keyHash)
    {
        final KeyedRuleGroup group = group(keyType);
        java.util.Map<String, Object> out = group == null ? null : group.describe(keyHash);
        if (out != null)
        {
            out.put("watermark_ms", clock.watermarkMs);
        }
        final java.util.Map<String, Object> profile = keyType == KeyType.CARD ? tables.describeCard(keyHash) : null;
        if (profile != null)
        {
            if (out == null)
            {
                out = new java.util.LinkedHashMap<>();
                out.put("key_type", keyType.wireName());
                out.put("key", profile.get("card"));
                out.put("shard", shardId);
            }
            out.put("profile", profile);
        }
        return out;
    }

    private void advanceWatermark(final long candidateMs, final long journalIndex, final AlertPublisher alerts)
    {
        if (candidateMs <= clock.watermarkMs)
        {
            return;
        }
        clock.watermarkMs = candidateMs;
        for (final KeyedRuleGroup group : groups)
        {
            group.fireTimers(candidateMs, journalIndex, alerts);
        }
    }

    /**
     * @return the shard's watermark: highest event time seen minus the out-of-orderness bound (the
     * out-of-order retention), or {@code Long.MIN_VALUE} before the first event.
     */
    public long watermarkMs()
    {
        return clock.watermarkMs;
    }

    /** @return timers scheduled and not yet fired, over all key types. */
    public int pendingTimers()
    {
        int count = 0;
        for (final KeyedRuleGroup group : groups)
        {
            count += group.pendingTimers();
        }
        return count;
    }

    /** @return timers dropped because their key had expired before they were due. */
    public long droppedTimers()
    {
        long count = 0;
        for (final KeyedRuleGroup group : groups)
        {
            count += group.droppedTimers();
        }
        return count;
    }

    /** @return this shard's tables (card profiles it owns, replicated reference tables); for tests and gauges. */
    public ShardTables tables()
    {
        return tables;
    }

    /** @return keys with state on this shard, over all key types. */
    public int liveKeyCount()
    {
        int count = 0;
        for (final KeyedRuleGroup group : groups)
        {
            count += group.liveKeys();
        }
        return count;
    }

    /**
     * @param keyType a key type.
     * @return keys of that type with state on this shard; 0 when no rule uses it.
     */
    public int liveKeyCount(final KeyType keyType)
    {
        final KeyedRuleGroup group = group(keyType);
        return group == null ? 0 : group.liveKeys();
    }

    /** @return keys removed as idle since start, over all key types. */
    public long expiredKeyCount()
    {
        long count = 0;
        for (final KeyedRuleGroup group : groups)
        {
            count += group.expiredKeys();
        }
        return count;
    }

    /**
     * @param keyType a key type.
     * @return how long a key of that type may be idle, behind the highest event time, before it is removed,
     * ms; 0 when no rule uses it.
     */
    public long idleHorizonMs(final KeyType keyType)
    {
        final KeyedRuleGroup group = group(keyType);
        return group == null ? 0 : group.idleHorizonMs();
    }

    /** @return the highest event time this shard has seen, epoch ms, or {@code Long.MIN_VALUE}. */
    public long maxEventTimeMs()
    {
        return clock.maxEventTimeMs;
    }

    /** @return this shard's index. */
    public int shardId()
    {
        return shardId;
    }

    /** @return number of shards. */
    public int shardCount()
    {
        return shardCount;
    }

    /** @return extra retention for out-of-order events, ms. */
    public long outOfOrderRetentionMs()
    {
        return outOfOrderRetentionMs;
    }

    private KeyedRuleGroup group(final KeyType keyType)
    {
        for (final KeyedRuleGroup group : groups)
        {
            if (group.keyType() == keyType)
            {
                return group;
            }
        }
        return null;
    }

    private static List<CompiledRule> validated(final List<? extends CompiledRule> rules)
    {
        Objects.requireNonNull(rules, "rules");
        final Set<Integer> ordinals = new HashSet<>();
        final Set<String> ids = new HashSet<>();
        final List<CompiledRule> sorted = new ArrayList<>(rules.size());
        for (final CompiledRule rule : rules)
        {
            Objects.requireNonNull(rule, "rule");
            if (!ordinals.add(rule.ruleRef().ordinal()))
            {
                throw new IllegalArgumentException(
                    "rule " + rule.ruleRef() + ": ordinal " + rule.ruleRef().ordinal() + " used twice");
            }
            if (!ids.add(rule.ruleRef().id()))
            {
                throw new IllegalArgumentException("rule " + rule.ruleRef() + ": id used twice");
            }
            sorted.add(rule);
        }
        sorted.sort(Comparator.comparingInt(rule -> rule.ruleRef().ordinal()));
        return sorted;
    }

    private static KeyedRuleGroup[] groupByKeyType(
        final List<CompiledRule> rules, final int shardId, final int shardCount, final long outOfOrderRetentionMs,
        final ShardClock clock)
    {
        final List<KeyedRuleGroup> groups = new ArrayList<>();
        for (final KeyType keyType : KeyType.values())
        {
            final List<CompiledRule> ofType = new ArrayList<>();
            for (final CompiledRule rule : rules)
            {
                if (rule.ruleRef().keyType() == keyType)
                {
                    ofType.add(rule);
                }
            }
            if (!ofType.isEmpty())
            {
                groups.add(new KeyedRuleGroup(
                    keyType, ofType.toArray(new CompiledRule[0]), shardId, shardCount, outOfOrderRetentionMs, clock));
            }
        }
        return groups.toArray(new KeyedRuleGroup[0]);
    }
}
