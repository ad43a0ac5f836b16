package io.vigil.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens the Chronicle queue behind a journal directory the same way for writers and readers: binary wire,
 * the journal's roll cycle, the configured clock.
 * <p>
 * An existing journal keeps the roll cycle it was created with, whatever the configuration says. Chronicle
 * would adopt it too, but with a warning on every open that does not name it; so the roll cycle is first read
 * from the names of the journal's cycle files, and only a writer configured otherwise is warned, once.
 */
final class ChronicleQueues
{
    private static final Logger LOGGER = LoggerFactory.getLogger(ChronicleQueues.class);
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private ChronicleQueues()
    {
    }

    /**
     * @param dir         the journal directory; created if missing.
     * @param config      settings, already concluded.
     * @param forAppender whether the queue will be appended to (a roll-cycle mismatch is then worth a warning).
     * @return the open queue; the caller closes it.
     */
    static SingleChronicleQueue open(final Path dir, final JournalConfig config, final boolean forAppender)
    {
        Objects.requireNonNull(dir, "journal dir");
        final JournalRollCycle existing = existingRollCycle(dir);
        if (existing != null && existing != config.rollCycle() && forAppender)
        {
            LOGGER.warn("journal {}: keeps the roll cycle {} it was created with; configured {} is ignored",
                dir, existing, config.rollCycle());
        }
        final JournalRollCycle rollCycle = existing != null ? existing : config.rollCycle();
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(rollCycle.chronicleRollCycle());
        if (config.timeProvider() != null)
        {
            builder.timeProvider(config.timeProvider());
        }
        return builder.build();
    }

    /**
     * @param dir a journal directory.
     * @return the roll cycle its cycle files were written with, or {@code null} if it has none (yet) or they
     * follow no {@link JournalRollCycle}.
     */
    static JournalRollCycle existingRollCycle(final Path dir)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + CYCLE_FILE_SUFFIX))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final JournalRollCycle rollCycle =
                    JournalRollCycle.ofCycleName(name.substring(0, name.length() - CYCLE_FILE_SUFFIX.length()));
                if (rollCycle != null)
                {
                    return rollCycle;
                }
            }
            return null;
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("journal " + dir + ": cannot list its files", ex);
        }
    }
}
