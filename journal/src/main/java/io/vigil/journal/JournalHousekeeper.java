package io.vigil.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes journal cycle files that recovery no longer needs: those whose whole cycle lies before the cycle of
 * the oldest checkpoint kept, minus {@code retainCycles} more kept for replays and investigations. The cycle
 * being appended to is never deleted (it is at or after every checkpoint's). Called after each completed
 * checkpoint; once a journal has been trimmed, a recovery without a usable checkpoint refuses to start
 * rather than rebuild state from a partial journal (see {@link #TRIMMED_MARKER}).
 * <p>
 * Thread contract: one caller at a time (the thread completing checkpoints).
 */
public final class JournalHousekeeper
{
    /** File written into the journal directory once cycles have been deleted, naming the first index kept. */
    public static final String TRIMMED_MARKER = "vigil-trimmed";
    /** {@code retainCycles} value that keeps every cycle. */
    public static final int KEEP_ALL = -1;

    private static final Logger LOGGER = LoggerFactory.getLogger(JournalHousekeeper.class);
    private static final String SUFFIX = ".cq4";

    private final Path dir;
    private final int retainCycles;
    private long deletedFiles;

    /**
     * @param dir          the journal directory.
     * @param retainCycles whole cycles kept before the oldest checkpoint's cycle, &gt;= 0, or {@link #KEEP_ALL}.
     */
    public JournalHousekeeper(final Path dir, final int retainCycles)
    {
        if (retainCycles < KEEP_ALL)
        {
            throw new IllegalArgumentException("journal retention: expected >= 0 cycles or -1 (keep all), found " +
                retainCycles);
        }
        this.dir = dir;
        this.retainCycles = retainCycles;
    }

    /** @return cycle files deleted so far. */
    public long deletedFiles()
    {
        return deletedFiles;
    }

    /**
     * Deletes the cycles entirely before {@code oldestNeededIndex}'s cycle minus the retention.
     *
     * @param oldestNeededIndex journal index of the oldest checkpoint kept.
     * @return the cycle files deleted.
     */
    public List<Path> deleteBefore(final long oldestNeededIndex)
    {
        final List<Path> deleted = new ArrayList<>();
        if (retainCycles == KEEP_ALL)
        {
            return deleted;
        }
        final JournalRollCycle rollCycle = ChronicleQueues.existingRollCycle(dir);
        if (rollCycle == null)
        {
            return deleted;
        }
        final long keepFromCycle = rollCycle.cycleOfIndex(oldestNeededIndex) - retainCycles;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final long cycle = rollCycle.cycleOfName(name.substring(0, name.length() - SUFFIX.length()));
                if (cycle >= 0 && cycle < keepFromCycle)
                {
                    Files.delete(file);
                    deleted.add(file);
                }
            }
            if (!deleted.isEmpty())
            {
                deletedFiles += deleted.size();
                Files.writeString(dir.resolve(TRIMMED_MARKER), "journal cycles before " + keepFromCycle +
                    " deleted; first index needed " + oldestNeededIndex + "\n");
                LOGGER.info("journal {}: deleted {} cycle file(s) before cycle {} (oldest checkpoint kept at index {})",
                    dir, deleted.size(), keepFromCycle, oldestNeededIndex);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("journal " + dir + ": housekeeping failed", ex);
        }
        return deleted;
    }

    /**
     * @param dir a journal directory.
     * @return whether cycles have ever been deleted from it.
     */
    public static boolean isTrimmed(final Path dir)
    {
        return Files.exists(dir.resolve(TRIMMED_MARKER));
    }
}
