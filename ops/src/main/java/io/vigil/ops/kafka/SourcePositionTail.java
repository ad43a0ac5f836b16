package io.vigil.ops.kafka;

import io.vigil.core.engine.EventSlot;
import io.vigil.journal.JournalConfig;
import io.vigil.journal.JournalReader;
import org.agrona.DirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds where a partition's input resumes, from its journal alone: the source position of the newest journaled
 * event that carries one (see {@link EventSlot#SOURCE_POSITION_OFFSET}), and the newest reference position of
 * each reference partition (see {@link EventSlot#REFERENCE_POSITION_MAGIC}). Reads the journal backwards from its
 * end and stops as soon as it has found what it looks for, so the cost is the entries journaled after it.
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

    /** Sees one journal entry, newest first; answers whether the scan is done. */
    @FunctionalInterface
    private interface BackwardVisitor
    {
        boolean visit(int type, DirectBuffer buffer, int offset, int length);
    }

    /**
     * @param journalDir a partition's journal directory (it may not exist yet).
     * @param partition  the partition the journal belongs to; an entry of another partition is an error.
     * @return the newest journaled source offset, or {@link #NONE}.
     * @throws IllegalStateException if the journal holds an event of another partition (a misplaced directory).
     */
    public static long lastOffset(final Path journalDir, final int partition)
    {
        final long[] found = {NONE};
        final int[] foundPartition = {-1};
        scanBackward(journalDir, (type, buffer, offset, length) ->
        {
            if (type != EventSlot.TYPE_TRANSACTION ||
                length < EventSlot.SOURCE_POSITION_OFFSET + EventSlot.SOURCE_POSITION_LENGTH ||
                buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 12) != EventSlot.SOURCE_POSITION_MAGIC)
            {
                return false;
            }
            found[0] = buffer.getLong(offset + EventSlot.SOURCE_POSITION_OFFSET);
            foundPartition[0] = buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 8);
            return true;
        });
        if (found[0] != NONE && foundPartition[0] != partition)
        {
            throw new IllegalStateException(journalDir + ": holds events of partition " + foundPartition[0] +
                ", not " + partition + ": a misplaced partition directory");
        }
        return found[0];
    }

    /**
     * The newest journaled offset of each reference partition (events journaled with
     * {@link EventSlot#referencePosition}). Stops once every partition of {@code wanted} is found; a reference
     * partition with nothing journaled makes it read the whole journal.
     *
     * @param journalDir a partition's journal directory (it may not exist yet).
     * @param wanted     the reference partitions, as {@link #referenceKey} values.
     * @return per reference key found, its newest journaled offset (absent: none).
     */
    public static Map<Long, Long> lastReferenceOffsets(final Path journalDir, final Set<Long> wanted)
    {
        final Map<Long, Long> found = new HashMap<>();
        if (wanted.isEmpty())
        {
            return found;
        }
        scanBackward(journalDir, (type, buffer, offset, length) ->
        {
            if (type == EventSlot.TYPE_TRANSACTION &&
                length >= EventSlot.SOURCE_POSITION_OFFSET + EventSlot.REFERENCE_POSITION_LENGTH &&
                buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 12) == EventSlot.REFERENCE_POSITION_MAGIC)
            {
                final long key = referenceKey(buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 16),
                    buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 8));
                if (wanted.contains(key))
                {
                    found.putIfAbsent(key, buffer.getLong(offset + EventSlot.SOURCE_POSITION_OFFSET));
                }
            }
            return found.size() == wanted.size();
        });
        return found;
    }

    /**
     * @param topicId   a reference topic's id ({@link ReferenceFeed#topicId}).
     * @param partition one of its partitions.
     * @return the pair as one key.
     */
    public static long referenceKey(final int topicId, final int partition)
    {
        return ((long)topicId << 32) | (partition & 0xFFFF_FFFFL);
    }

    private static void scanBackward(final Path journalDir, final BackwardVisitor visitor)
    {
        if (!Files.isDirectory(journalDir))
        {
            return;
        }
        try (JournalReader reader = JournalReader.open(journalDir, new JournalConfig()))
        {
            if (reader.lastIndex() == JournalReader.NULL_INDEX)
            {
                return;
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
                        if (!done[0] && visitor.visit(type, buffer, offset, length))
                        {
                            done[0] = true;
                        }
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
    }
}
