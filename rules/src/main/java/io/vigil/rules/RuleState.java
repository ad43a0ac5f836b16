package io.vigil.rules;

import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;

/**
 * Per-key state of one compiled rule: what the rule remembers about one card (account, merchant …) between
 * events, plus the rule's cooldown. Created by {@link CompiledRule#newState}, owned by one shard thread,
 * reused through {@link #reset} when its key expires and another key appears.
 * <p>
 * Cooldown: after an alert at event time {@code a}, the rule's further alerts for the key are suppressed for
 * events with time {@code < a + cooldown}. Rules that redo evaluations for out-of-order events (see
 * {@link RecentEvents}) decide cooldown from the alerts that stand before the event in reference order, and
 * put the newest standing alert back here with {@link #restoreLastAlert} when they are done.
 */
public abstract class RuleState
{
    private long lastAlertTsMs;
    private boolean alerted;
    TimerQueue timers;
    ShardClock clock;
    KeyState key;
    int ruleIndex;

    /** Creates a state with no alert yet. */
    protected RuleState()
    {
    }

    /**
     * @param tsMs       the candidate alert's event time, epoch ms.
     * @param cooldownMs the rule's cooldown, ms; 0 for none.
     * @return whether an alert at {@code tsMs} is suppressed by an earlier one.
     */
    public final boolean isCoolingDown(final long tsMs, final long cooldownMs)
    {
        return alerted && cooldownMs > 0 && tsMs - lastAlertTsMs < cooldownMs;
    }

    /**
     * Records that the rule fired for this key.
     *
     * @param tsMs event time of the triggering event, epoch ms.
     */
    public final void onAlert(final long tsMs)
    {
        if (!alerted || tsMs > lastAlertTsMs)
        {
            lastAlertTsMs = tsMs;
        }
        alerted = true;
    }

    /**
     * Sets the newest standing alert after a redo changed which alerts stand.
     *
     * @param alerted whether any alert stands.
     * @param tsMs    event time of the newest, epoch ms; ignored when {@code alerted} is false.
     */
    public final void restoreLastAlert(final boolean alerted, final long tsMs)
    {
        this.alerted = alerted;
        this.lastAlertTsMs = alerted ? tsMs : 0;
    }

    /** @return whether the rule has fired for this key since the state was created or reset. */
    public final boolean hasAlerted()
    {
        return alerted;
    }

    /** @return event time of the newest alert, epoch ms; meaningful only when {@link #hasAlerted()}. */
    public final long lastAlertTsMs()
    {
        return lastAlertTsMs;
    }

    /**
     * Asks for {@link CompiledRule#onTimer} to be called with this state once the watermark reaches
     * {@code dueMs}. Timers fire in (due time, key, rule) order; one whose key has expired before it is due
     * is dropped, so a rule's {@link CompiledRule#horizonMs()} must cover its timers.
     *
     * @param dueMs event time at which the timer fires, epoch ms.
     */
    protected final void scheduleTimer(final long dueMs)
    {
        timers.schedule(dueMs, key.keyHash, ruleIndex);
    }

    /** @return the shard's event-time clock: watermark and highest event time (for lateness decisions). */
    protected final ShardClock clock()
    {
        return clock;
    }

    /** @return the buffer holding this state's key bytes (for alerts fired without a transaction). */
    protected final org.agrona.DirectBuffer keyBuffer()
    {
        return key.keyBuffer;
    }

    /** @return length of this state's key, in bytes. */
    protected final int keyLength()
    {
        return key.keyLength;
    }

    /**
     * Writes this state for a checkpoint: the cooldown fields here, then the subclass's {@link #writeState}.
     *
     * @param out where it goes.
     */
    public final void writeSnapshot(final SnapshotWriter out)
    {
        out.putBoolean(alerted).putLong(lastAlertTsMs);
        writeState(out);
    }

    /**
     * Restores what {@link #writeSnapshot} wrote, into a state fresh from {@link CompiledRule#newState}.
     *
     * @param in positioned at this state's bytes.
     */
    public final void readSnapshot(final SnapshotReader in)
    {
        alerted = in.getBoolean("rule state: alerted");
        lastAlertTsMs = in.getLong("rule state: last alert time");
        readState(in);
    }

    /**
     * Writes everything of the subclass that a later event, timer or alert can depend on (held events, running
     * aggregates, open windows, pattern progress, counters). Snapshot code of a state class sits at its end.
     *
     * @param out where it goes.
     */
    protected abstract void writeState(SnapshotWriter out);

    /**
     * Reads back, in the same order, what {@link #writeState} wrote.
     *
     * @param in positioned at the subclass's bytes.
     */
    protected abstract void readState(SnapshotReader in);

    /**
     * Adds what this state holds to an operator's view of the key (see {@code GET /v1/keys}); called on the
     * shard thread, off the per-event path, so it may allocate. The default adds nothing: the caller already
     * reports whether and when the rule last fired.
     *
     * @param out where to put named figures (numbers, strings, booleans, maps, lists).
     */
    public void describe(final java.util.Map<String, Object> out)
    {
    }

    /** Forgets everything, keeping allocated capacity, so the state can serve a new key. */
    public void reset()
    {
        alerted = false;
        lastAlertTsMs = 0;
    }
}
