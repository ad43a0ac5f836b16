package io.vigil.rules;

/**
 * Binary layout of a {@link RuleProgram}'s snapshot: the body a shard writes at a checkpoint barrier (the
 * checkpoint file around it, with its header and CRC32C, is {@code io.vigil.journal.snapshot.SnapshotFileDescriptor}).
 * All integers little-endian; {@code str} is an i32 UTF-8 length then the bytes.
 * <pre>
 *  RuleProgram
 *  +--------------------------------------------------------------+
 *  | i32 layout version ({@link #VERSION})                          |
 *  | i32 shard id | i32 shard count | i64 out-of-order retention ms |
 *  | i64 highest event time ms | i64 watermark ms (ShardClock)      |
 *  | i32 key-type groups, then each KeyedRuleGroup:                 |
 *  | then ShardTables (since version 2, after the last group)       |
 *  +--------------------------------------------------------------+
 *  KeyedRuleGroup
 *  | i32 key type ordinal | i32 rules | per rule: str identity      |
 *  | i64 expired keys | i64 dropped timers | i32 live keys          |
 *  | per key, least recently touched first (the expiry order):      |
 *  |   i64 key hash | i64 newest event ms | i32 key length | bytes  |
 *  |   per rule, in ordinal order: RuleState                        |
 *  | TimerQueue: i32 n, then n x (i64 due ms, i64 key, i32 rule)   |
 *  |   in heap-array order                                          |
 *  +--------------------------------------------------------------+
 *  RuleState
 *  | u8 alerted | i64 last alert ms (cooldown) | subclass fields:   |
 *  |   SlidingAggregateState: active-from, scratch flag, current,   |
 *  |     window-from, SlidingEvents (first position, events with    |
 *  |     their input rows and ids), Accumulators (every slot),      |
 *  |     one ExtremeDeque per MIN/MAX, RecentEvents                 |
 *  |   WindowSetState: capacity, open windows (start, end, slot,    |
 *  |     fired-early), free slots, slots used, timer due,           |
 *  |     Accumulators, RecentEvents                                 |
 *  |   SlidingWindowState: active-from, running sum, EventRing      |
 *  |   SequenceState: newest ms, EventRing                          |
 *  |   StepSequenceState: late count, step bounds, PatternEventRing,|
 *  |     RecentEvents                                               |
 *  |   AbsenceState: armed due, late and untracked counts,          |
 *  |     OpenExpectations (time + the 336-byte first event each),   |
 *  |     PatternEventRing of followers                              |
 *  RecentEvents (events kept for redoing evaluations out of order)
 *  | u8 settled alert | i64 its time | i64 dropped | i32 n, then n x |
 *  |   (i64 time, u8 alert stands, i64 tag, 400-byte copy: the     |
 *  |   336-byte event + its 64-byte enrichment block, version 2)   |
 *  +--------------------------------------------------------------+
 *  ShardTables (io.vigil.rules.table; built from changelog events)
 *  | i64 refused cards | i64 refused accounts | i64 refused merchants|
 *  | i64 refused reference entries | i64 updates applied           |
 *  | accounts: i32 n, n x (i64 account hash, i64 packed row)       |
 *  | merchants: i32 n, n x (i64 merchant hash, i64 packed row)     |
 *  |   (both sorted by hash, so the bytes do not depend on history)|
 *  | sanctioned countries: i32 n, n x i32 (sorted)                 |
 *  | blocked BINs: i32 n, n x i64 prefix hash (sorted),            |
 *  |   then 32 x i32 entries per prefix length                     |
 *  | card profiles: i32 n, then per row in row order: i64 card hash,|
 *  |   i64 account hash, u8 status, i32 home country, i64 limit    |
 *  |   minor, i32 limit currency, u8 limit exponent, 32 B card,    |
 *  |   32 B account. The customer-risk view and the account →      |
 *  |   cards index are derived, rebuilt on restore.                |
 *  +--------------------------------------------------------------+
 * </pre>
 * Rings are written in logical order (oldest first) and read back with head 0; each state class keeps its
 * encoding at its end ({@code writeState}/{@code readState}), next to the fields it covers. A rule identity
 * is its id, version, state class and definition text: a snapshot restores only into a program with the same
 * rules in the same order, on the same shard of the same shard count, else {@code SnapshotFormatException}.
 */
public final class RuleProgramSnapshotDescriptor
{
    /** Layout version; bump on any change to the layout of any class above. */
    public static final int VERSION = 2;

    private RuleProgramSnapshotDescriptor()
    {
    }

    /**
     * @param rule a compiled rule.
     * @return what must match between the rule that wrote a state and the one that reads it.
     */
    static String identity(final CompiledRule rule)
    {
        final String definition = rule.definition();
        return rule.ruleRef().id() + " v" + rule.ruleRef().version() + " " + rule.getClass().getSimpleName() +
            (definition == null ? "" : " " + Integer.toHexString(definition.hashCode()) + ":" + definition.length());
    }
}
