package io.vigil.journal;

import net.openhft.chronicle.core.time.TimeProvider;

import java.util.Objects;

/**
 * Settings of a {@link ChronicleJournal} or {@link JournalReader}, in one place: each property has a default,
 * a fluent setter and an accessor, and is validated once by {@link #conclude()} when the journal opens.
 * <p>
 * Thread contract: fill on one thread, then hand to {@code open}; not modified afterwards.
 */
public final class JournalConfig
{
    /** Roll cycle used unless {@link #rollCycle(JournalRollCycle)} says otherwise. */
    public static final JournalRollCycle DEFAULT_ROLL_CYCLE = JournalRollCycle.DAILY;

    private JournalRollCycle rollCycle = DEFAULT_ROLL_CYCLE;
    private TimeProvider timeProvider;

    /**
     * @param rollCycle how often a new journal file starts; ignored for an existing journal, which keeps the
     *                  roll cycle it was created with.
     * @return this.
     */
    public JournalConfig rollCycle(final JournalRollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    /** @return how often a new journal file starts. */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * Test hook: the clock Chronicle uses to pick the current cycle, so that a test can roll files without
     * waiting. {@code null} (the default) means the system clock.
     *
     * @param timeProvider the clock, or {@code null}.
     * @return this.
     */
    JournalConfig timeProvider(final TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        return this;
    }

    /** @return the clock for cycle selection, or {@code null} for the system clock. */
    TimeProvider timeProvider()
    {
        return timeProvider;
    }

    /**
     * Validates the settings; called by {@code open}.
     *
     * @return this.
     * @throws NullPointerException naming the property that is missing.
     */
    public JournalConfig conclude()
    {
        Objects.requireNonNull(rollCycle, "journal rollCycle: expected DAILY, HOURLY or MINUTELY, found null");
        return this;
    }

    @Override
    public String toString()
    {
        return "JournalConfig{rollCycle=" + rollCycle + '}';
    }
}
