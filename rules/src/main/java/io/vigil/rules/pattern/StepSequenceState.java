package io.vigil.rules.pattern;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.rules.RecentEvents;
import io.vigil.rules.RuleState;
import io.vigil.rules.ShardClock;

/**
 * Per-key state of a {@link StepSequenceRule}: the key's events that matched at least one step, in reference
 * order, each with the bit mask of the steps it matched, kept while a future event that is not late could
 * still use them (time after the watermark minus {@code within}); plus scratch space for the match bounds.
 * <p>
 * Memory: see {@link StepSequenceRule}. Thread contract: owned by one shard thread.
 */
public final class StepSequenceState extends RuleState
{
    /** A match needs at least two events, the card-testing shape four. */
    private static final int INITIAL_CAPACITY = 4;

    private final PatternEventRing events = new PatternEventRing(INITIAL_CAPACITY);
    private final RecentEvents recent = new RecentEvents();
    private final int[] bounds;
    private long lateEvents;

    StepSequenceState(final int stepCount)
    {
        // per step: first index, last index, count of the match found last
        bounds = new int[3 * stepCount];
    }

    /** @return events retained now. */
    public int retainedEvents()
    {
        return events.size();
    }

    /** @return slots allocated for retained events. */
    public int retainedCapacity()
    {
        return events.capacity();
    }

    /** @return events of this key the rule did not apply because they were late, since the key appeared. */
    public long lateEvents()
    {
        return lateEvents;
    }

    @Override
    public void reset()
    {
        super.reset();
        events.clear();
        recent.clear();
        lateEvents = 0;
        // scratch, but written to checkpoints: a reused state must not carry the last key's bounds, or a
        // recovered run (fresh states) and an uninterrupted one (pooled states) checkpoint different bytes
        java.util.Arrays.fill(bounds, 0);
    }

    PatternEventRing events()
    {
        return events;
    }

    /** @return raw copies of the key's recent last-step events with their alert flags, for redoing them. */
    RecentEvents recent()
    {
        return recent;
    }

    int[] bounds()
    {
        return bounds;
    }

    void onLate()
    {
        lateEvents++;
    }

    /** @return the shard's watermark, or {@code Long.MIN_VALUE} for a state outside a rule program. */
    long watermarkMs()
    {
        final ShardClock clock = clock();
        return clock == null ? Long.MIN_VALUE : clock.watermarkMs();
    }

    /**
     * Drops the events no future event that is not late can use: an event not late has time {@code t >=}
     * watermark, and uses events with time in {@code (t − within, t]}.
     */
    void evict(final long watermarkMs, final long withinMs)
    {
        if (watermarkMs != Long.MIN_VALUE)
        {
            events.removeUpTo(watermarkMs - withinMs);
            recent.evictBefore(watermarkMs);
        }
    }

    // ---- snapshot (checkpoint) encoding: late count, bounds, held events ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putLong(lateEvents).putInt(bounds.length);
        for (final int bound : bounds)
        {
            out.putInt(bound);
        }
        events.writeSnapshot(out);
        recent.writeSnapshot(out);
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        lateEvents = in.getLong("step sequence late events");
        in.expect("step sequence bounds", bounds.length, in.getInt("step sequence bounds"));
        for (int i = 0; i < bounds.length; i++)
        {
            bounds[i] = in.getInt("step sequence bound");
        }
        events.readSnapshot(in);
        recent.readSnapshot(in);
    }
}
