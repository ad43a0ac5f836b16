package io.vigil.ops.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a journal and its checkpoints are, given either a data directory ({@code DIR/journal},
 * {@code DIR/checkpoints}) or a bare journal directory (as {@code backtest --journal} writes).
 *
 * @param journal     the journal directory.
 * @param checkpoints the checkpoints directory, or null if there is none.
 */
public record JournalLocation(Path journal, Path checkpoints)
{
    /**
     * @param dir a data directory or a journal directory.
     * @return the location.
     */
    public static JournalLocation of(final Path dir)
    {
        if (Files.isDirectory(dir.resolve("journal")))
        {
            final Path checkpoints = dir.resolve("checkpoints");
            return new JournalLocation(dir.resolve("journal"), Files.isDirectory(checkpoints) ? checkpoints : null);
        }
        return new JournalLocation(dir, null);
    }

    /**
     * @param dir a directory given on the command line.
     * @return whether it holds a journal (cycle files) directly or in {@code journal/}.
     */
    public static boolean holdsJournal(final Path dir)
    {
        final Path journal = of(dir).journal();
        try (var files = Files.newDirectoryStream(journal, "*.cq4"))
        {
            return files.iterator().hasNext();
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }
}
