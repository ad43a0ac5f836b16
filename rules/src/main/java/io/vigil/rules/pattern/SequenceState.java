package io.vigil.rules.pattern;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.rules.RuleState;
import io.vigil.rules.window.EventRing;

/**
 * Per-key state of a {@link SequenceRule}: the key's recent events that matched the repeated step, in
 * reference order, kept while they can still be part of a match ({@code within} plus the out-of-order
 * retention behind the newest event the rule has seen).
 * <p>
 * Memory: about 80 bytes plus the ring ({@link EventRing}: 68 bytes per retained event; nothing allocated
 * until the first match of the repeated step).
 * Thread contract: owned by one shard thread.
 */
public final class SequenceState extends RuleState
{
    private final EventRing steps = new EventRing();
    private final long retainMs;
    private long newestTsMs = Long.MIN_VALUE;

    SequenceState(final long retainMs)
    {
        this.retainMs = retainMs;
    }

    /** @return the retained events that matched the repeated step. */
    public EventRing steps()
    {
        return steps;
    }

    /** @return time of the newest event the rule has seen for this key, epoch ms. */
    public long newestTsMs()
    {
        return newestTsMs;
    }

    @Override
    public void reset()
    {
        super.reset();
        steps.clear();
        newestTsMs = Long.MIN_VALUE;
    }

    /**
     * Moves the newest time forward and drops the steps too old to match anything from now on.
     *
     * @param tsMs the current event's time, epoch ms.
     */
    void advanceTo(final long tsMs)
    {
        if (tsMs > newestTsMs)
        {
            newestTsMs = tsMs;
        }
        final long retainAfterMs = newestTsMs - retainMs;
        while (steps.size() > 0 && steps.tsMs(0) <= retainAfterMs)
        {
            steps.removeOldest();
        }
    }

    // ---- snapshot (checkpoint) encoding ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putLong(newestTsMs);
        steps.writeSnapshot(out);
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        newestTsMs = in.getLong("sequence newest time");
        steps.readSnapshot(in);
    }
}
