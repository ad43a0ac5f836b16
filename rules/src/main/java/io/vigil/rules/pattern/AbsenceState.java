package io.vigil.rules.pattern;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.rules.RuleState;
import io.vigil.rules.ShardClock;

/**
 * Per-key state of an {@link AbsenceRule}: the open expectations (first-step events whose follower has not
 * come yet, whole copies, at most {@link AbsenceRule#MAX_OPEN_PER_KEY}), the followers recent enough that a
 * first-step event arriving out of order could still precede them (time at or after the watermark: time and
 * id only), the due time of the key's armed timer, and counts of what the rule did not apply.
 * <p>
 * Timers: one armed at a time, at the earliest open expectation's deadline + 1 ms; when it fires, the due
 * expectations fire and the next earliest is armed. A timer that finds nothing due (its expectation was met,
 * or the key was expired and came back) does nothing.
 * <p>
 * Memory: see {@link AbsenceRule}. Thread contract: owned by one shard thread.
 */
public final class AbsenceState extends RuleState
{
    private static final long NOT_ARMED = Long.MAX_VALUE;

    private final OpenExpectations open = new OpenExpectations(AbsenceRule.MAX_OPEN_PER_KEY);
    private final PatternEventRing followers = new PatternEventRing(1);
    private long armedDueMs = NOT_ARMED;
    private long lateEvents;
    private long untrackedFirsts;

    AbsenceState()
    {
    }

    /** @return first-step events waiting for a follower now. */
    public int openExpectations()
    {
        return open.size();
    }

    /** @return slots allocated for open expectations. */
    public int openCapacity()
    {
        return open.capacity();
    }

    /** @return followers retained for first-step events that may still arrive out of order. */
    public int retainedFollowers()
    {
        return followers.size();
    }

    /** @return events of this key the rule did not apply because they were late, since the key appeared. */
    public long lateEvents()
    {
        return lateEvents;
    }

    /**
     * @return first-step events not tracked because {@link AbsenceRule#MAX_OPEN_PER_KEY} expectations were
     * already open, since the key appeared.
     */
    public long untrackedFirsts()
    {
        return untrackedFirsts;
    }

    @Override
    public void reset()
    {
        super.reset();
        open.clear();
        followers.clear();
        armedDueMs = NOT_ARMED;
        lateEvents = 0;
        untrackedFirsts = 0;
    }

    OpenExpectations open()
    {
        return open;
    }

    PatternEventRing followers()
    {
        return followers;
    }

    void onLate()
    {
        lateEvents++;
    }

    void onUntracked()
    {
        untrackedFirsts++;
    }

    /** @return the shard's watermark, or {@code Long.MIN_VALUE} for a state outside a rule program. */
    long watermarkMs()
    {
        final ShardClock clock = clock();
        return clock == null ? Long.MIN_VALUE : clock.watermarkMs();
    }

    /** Makes sure a timer fires at or before {@code dueMs}. */
    void arm(final long dueMs)
    {
        if (dueMs < armedDueMs)
        {
            scheduleTimer(dueMs);
            armedDueMs = dueMs;
        }
    }

    /** A timer fires at {@code watermarkMs}: the armed one, if due by then, is firing in this round. */
    void onTimer(final long watermarkMs)
    {
        if (armedDueMs <= watermarkMs)
        {
            armedDueMs = NOT_ARMED;
        }
    }

    // ---- snapshot (checkpoint) encoding ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putLong(armedDueMs).putLong(lateEvents).putLong(untrackedFirsts);
        open.writeSnapshot(out);
        followers.writeSnapshot(out);
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        armedDueMs = in.getLong("absence armed due time");
        lateEvents = in.getLong("absence late events");
        untrackedFirsts = in.getLong("absence untracked firsts");
        open.readSnapshot(in);
        followers.readSnapshot(in);
    }
}
