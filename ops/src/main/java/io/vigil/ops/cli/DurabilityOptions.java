package io.vigil.ops.cli;

import io.vigil.journal.JournalHousekeeper;
import io.vigil.journal.recovery.DurableConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options of a run that survives a crash: its data directory (journal and checkpoints) and the checkpoint and
 * journal-retention policy. Shared by {@code backtest --data-dir} and, later, the service.
 */
final class DurabilityOptions
{
    @Option(names = "--data-dir", description = "Journal (DIR/journal) and checkpoints (DIR/checkpoints): the run "
        + "recovers from them after a crash and resumes where the journal ends.")
    Path dataDir;

    @Option(names = "--checkpoint-every", defaultValue = "1000000",
        description = "Events between checkpoints (default: ${DEFAULT-VALUE}; 0: only at the end).")
    long checkpointEveryEvents;

    @Option(names = "--checkpoint-every-event-time", converter = DurationConverter.class,
        description = "Event time between checkpoints, e.g. 1h (default: none).")
    java.time.Duration checkpointEveryEventTime;

    @Option(names = "--checkpoints-kept", defaultValue = "3",
        description = "Complete checkpoints kept (default: ${DEFAULT-VALUE}).")
    int checkpointsKept;

    @Option(names = "--journal-retention", defaultValue = "all",
        description = "Journal cycles kept before the oldest kept checkpoint's cycle: a number, or all (default: "
            + "${DEFAULT-VALUE}: never delete).")
    String journalRetention;

    @Option(names = "--journal-roll-cycle", defaultValue = "daily",
        description = "How often a new journal file starts: daily, hourly or minutely (a new journal only; default: "
            + "${DEFAULT-VALUE}). Housekeeping deletes whole files.")
    String rollCycle;

    /**
     * @param config the durable configuration to fill.
     * @return it.
     * @throws UserError (exit 2) naming the option that is wrong.
     */
    DurableConfig applyTo(final DurableConfig config)
    {
        if (checkpointEveryEvents < 0)
        {
            throw new UserError("--checkpoint-every: expected >= 0 events, found " + checkpointEveryEvents, 2);
        }
        if (checkpointsKept < 1)
        {
            throw new UserError("--checkpoints-kept: expected >= 1, found " + checkpointsKept, 2);
        }
        int retain = JournalHousekeeper.KEEP_ALL;
        if (!"all".equalsIgnoreCase(journalRetention))
        {
            try
            {
                retain = Integer.parseInt(journalRetention);
            }
            catch (final NumberFormatException ex)
            {
                retain = -2;
            }
            if (retain < 0)
            {
                throw new UserError("--journal-retention: expected a number of cycles >= 0 or all, found '" +
                    journalRetention + "'", 2);
            }
        }
        final io.vigil.journal.JournalRollCycle cycle;
        try
        {
            cycle = io.vigil.journal.JournalRollCycle.parse(rollCycle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError("--journal-roll-cycle: " + ex.getMessage(), 2);
        }
        return config.dataDir(dataDir).rollCycle(cycle)
            .checkpointIntervalEvents(checkpointEveryEvents)
            .checkpointIntervalEventTimeMs(checkpointEveryEventTime == null ? 0 : checkpointEveryEventTime.toMillis())
            .checkpointsKept(checkpointsKept)
            .journalRetainCycles(retain);
    }
}
