package io.vigil.journal;

import io.vigil.core.engine.Journal;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

import static io.vigil.journal.JournalEntryDescriptor.MAX_PAYLOAD_LENGTH;

/**
 * The engine's input journal over Chronicle Queue: each {@link #append} writes one document laid out as in
 * {@link JournalEntryDescriptor} (type, length, raw bytes), straight into the memory-mapped file through the
 * document's raw {@link Bytes}: no Wire marshalling and no allocation per entry in steady state.
 * <p>
 * Durability: an appended entry is in the page cache when {@code append} returns, so it survives a crash of
 * this process (readers see a complete prefix) but not, without an {@code fsync}, a power loss.
 * <p>
 * Thread contract: {@link #append} from one thread only, the journaler; the first thread to append becomes
 * the appender's owner, so the journal may be opened on another thread. {@link #close} once appends have
 * stopped. Read the journal with a {@link JournalReader}, from any other thread or process.
 */
public final class ChronicleJournal implements Journal
{
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private boolean closed;

    private ChronicleJournal(final Path dir, final SingleChronicleQueue queue)
    {
        this.dir = dir;
        this.queue = queue;
        ExcerptAppender appender = null;
        try
        {
            appender = queue.createAppender();
            // created here so that a bad directory fails at open; owned by whichever thread appends first
            appender.singleThreadedCheckReset();
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        this.appender = appender;
    }

    /**
     * Opens (or creates) a journal with the default settings: a new file each UTC day.
     *
     * @param dir the journal directory; created if missing, appended to if it already holds a journal.
     * @return the open journal.
     */
    public static ChronicleJournal open(final Path dir)
    {
        return open(dir, new JournalConfig());
    }

    /**
     * Opens (or creates) a journal that starts a new file each roll cycle.
     *
     * @param dir       the journal directory; created if missing, appended to if it already holds a journal.
     * @param rollCycle how often a new file starts; an existing journal keeps the roll cycle it was created
     *                  with (see {@link JournalRollCycle}). {@link JournalRollCycle#parse} reads a configured name.
     * @return the open journal.
     */
    public static ChronicleJournal open(final Path dir, final JournalRollCycle rollCycle)
    {
        return open(dir, new JournalConfig().rollCycle(rollCycle));
    }

    /**
     * Opens (or creates) a journal.
     *
     * @param dir    the journal directory; created if missing, appended to if it already holds a journal.
     * @param config settings, validated here.
     * @return the open journal.
     */
    public static ChronicleJournal open(final Path dir, final JournalConfig config)
    {
        config.conclude();
        return new ChronicleJournal(dir, ChronicleQueues.open(dir, config, true));
    }

    /**
     * Appends one entry: {@code type}, {@code length}, then the {@code length} bytes at {@code offset}.
     * Does not allocate in steady state; the first append of a new cycle creates its file.
     *
     * @param type   the entry type (see {@code EventSlot.TYPE_*}), stored as given.
     * @param buffer holding the payload, on or off heap.
     * @param offset first payload byte in {@code buffer}.
     * @param length payload bytes, 0..{@link JournalEntryDescriptor#MAX_PAYLOAD_LENGTH}.
     * @return the entry's Chronicle index: strictly greater than every index appended before to this journal
     * directory. Within a cycle indexes are consecutive; a new cycle starts a new range (for a daily roll
     * cycle, index = day since epoch &lt;&lt; 32 | sequence within the day), so indexes are not dense.
     * @throws IllegalArgumentException if {@code length} is out of range or {@code offset, length} falls outside
     *                                  {@code buffer}.
     */
    @Override
    public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 0 || length > MAX_PAYLOAD_LENGTH)
        {
            throw new IllegalArgumentException(
                "journal append: length must be in [0, " + MAX_PAYLOAD_LENGTH + "], found " + length);
        }
        if (offset < 0 || offset > buffer.capacity() - length)
        {
            throw new IllegalArgumentException("journal append: [" + offset + ", " + offset + " + " + length +
                ") is outside a buffer of " + buffer.capacity() + " bytes");
        }

        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeInt(type);
            bytes.writeInt(length);
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
            }
            else
            {
                // one copy from the address Chronicle maps for the write position: safe because a document
                // never outgrows the overlap mapped past each chunk (block size / 4, 16 MiB by default),
                // and MAX_PAYLOAD_LENGTH keeps an entry far below it
                bytes.unsafeWrite(buffer.addressOffset() + offset, length);
            }
        }
        return appender.lastIndexAppended();
    }

    /** @return the journal directory. */
    public Path dir()
    {
        return dir;
    }

    /**
     * Closes the appender and the queue; idempotent. Entries appended stay readable by a {@link JournalReader}
     * and by a journal reopened on the same directory, which continues the index sequence.
     * <p>
     * Thread contract: call once the journaler has stopped appending; any thread.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            appender.singleThreadedCheckReset();
            appender.close();
        }
        finally
        {
            queue.close();
        }
    }

    @Override
    public String toString()
    {
        return "ChronicleJournal{dir=" + dir + '}';
    }
}
