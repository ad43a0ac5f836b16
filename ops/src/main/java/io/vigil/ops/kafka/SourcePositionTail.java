package io.vigil.ops.kafka;

import io.vigil.core.engine.EventSlot;
import io.vigil.journal.JournalConfig;
import io.vigil.journal.JournalReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds where a partition's input resumes, from its journal alone: the source position of the newest journaled
 * event that carries one (see {@link EventSlot#SOURCE_POSITION_OFFSET}). Reads the journal backwards from its end
 * and stops at the first such entry, so the cost is the entries journaled after it (rule changes, ticks,
 * checkpoint barriers), whatever the journal's length.
 * <p>
 * Thread contract: any one thread; opens and closes its own reader.
 */
public final class SourcePositionTail
{
    /** Returned when the journal holds no event with a source position. */
    public static final long NONE = -1;

    private SourcePositionTail()
    {
    }

    /**
     * @param journalDir a partition's journal directory (it may not exist yet).
     * @param partition  the partition the journal belongs to; an entry of another partition is an error.
     * @return the newest journaled source offset, or {@link #NONE}.
     * @throws IllegalStateException if the journal holds an event of another partition (a misplaced directory).
     */
    public static long lastOffset(final Path journalDir, final int partition)
    {
        if (!Files.isDirectory(journalDir))
        {
            return NONE;
        }
        final long[] found = {NONE};
        final int[] foundPartition = {-1};
        try (JournalReader reader = JournalReader.open(journalDir, new JournalConfig()))
        {
            if (reader.lastIndex() == JournalReader.NULL_INDEX)
            {
                return NONE;
            }
            reader.moveToEndReadingBackward();
            final boolean[] done = {false};
            int damagedSkipped = 0;
            while (!done[0])
            {
                final int read;
                try
                {
                    read = reader.read((index, type, buffer, offset, length) ->
                    {
                        if (done[0] || type != EventSlot.TYPE_TRANSACTION ||
                            length < EventSlot.SOURCE_POSITION_OFFSET + EventSlot.SOURCE_POSITION_LENGTH ||
                            buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 12) != EventSlot.SOURCE_POSITION_MAGIC)
                        {
                            return;
                        }
                        found[0] = buffer.getLong(offset + EventSlot.SOURCE_POSITION_OFFSET);
                        foundPartition[0] = buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 8);
                        done[0] = true;
                    }, 256);
                }
                catch (final IllegalStateException ex)
                {
                    // a truncated last entry (a crash mid-append): recovery skips it too; step over it
                    if (++damagedSkipped > 16 || !reader.moveToIndex(reader.position() - 1))
                    {
                        throw new IllegalStateException(journalDir + ": cannot read the journal's tail", ex);
                    }
                    continue;
                }
                if (read == 0)
                {
                    break;
                }
            }
        }
        if (found[0] != NONE && foundPartition[0] != partition)
        {
            throw new IllegalStateException(journalDir + ": holds events of partition " + foundPartition[0] +
                ", not " + partition + ": a misplaced partition directory");
        }
        return found[0];
    }
}
