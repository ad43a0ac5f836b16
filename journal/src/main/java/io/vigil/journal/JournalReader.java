package io.vigil.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.vigil.journal.JournalEntryDescriptor.HEADER_LENGTH;
import static io.vigil.journal.JournalEntryDescriptor.MAX_PAYLOAD_LENGTH;

/**
 * Reads a journal written by {@link ChronicleJournal}, in index order, from its start or from any index: for
 * recovery (replay after a checkpoint's index), backtests and tools. A reader is a Chronicle tailer: it never
 * appends, and may run while a journal appends to the same directory, in this process or another; it then
 * sees each entry once the append has returned. (Opening does create the directory and Chronicle's metadata
 * file if they are missing, so that an empty journal can be read.)
 * <p>
 * Entries are handed to an {@link EntryHandler} as a view of the mapped file: no copy and no allocation per
 * entry in steady state.
 * <p>
 * Thread contract: one thread at a time. The first thread to move or read owns the reader; {@link #close}
 * from that thread, or from any thread once it has stopped.
 */
public final class JournalReader implements AutoCloseable
{
    /** Returned by {@link #firstIndex()} and {@link #lastIndex()} for a journal that has no entry. */
    public static final long NULL_INDEX = -1;

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
    private final ExpandableArrayBuffer copyBuffer = new ExpandableArrayBuffer(256);
    private boolean closed;

    private JournalReader(final Path dir, final SingleChronicleQueue queue)
    {
        this.dir = dir;
        this.queue = queue;
        ExcerptTailer tailer = null;
        try
        {
            tailer = queue.createTailer();
            tailer.singleThreadedCheckReset();
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        this.tailer = tailer;
    }

    /**
     * Opens a reader positioned at the start of the journal.
     *
     * @param dir the journal directory.
     * @return the open reader.
     */
    public static JournalReader open(final Path dir)
    {
        return open(dir, new JournalConfig());
    }

    /**
     * Opens a reader positioned at the start of the journal.
     *
     * @param dir    the journal directory.
     * @param config settings; the roll cycle of an existing journal is read from the journal itself.
     * @return the open reader.
     */
    public static JournalReader open(final Path dir, final JournalConfig config)
    {
        config.conclude();
        return new JournalReader(dir, ChronicleQueues.open(dir, config, false));
    }

    /** @return the journal directory. */
    public Path dir()
    {
        return dir;
    }

    /** @return index of the journal's first entry, or {@link #NULL_INDEX} if it has none. */
    public long firstIndex()
    {
        if (queue.lastIndex() < 0)
        {
            return NULL_INDEX;
        }
        final long first = queue.firstIndex();
        return first == Long.MAX_VALUE ? NULL_INDEX : first;
    }

    /**
     * @return index of the journal's last entry (the last {@link ChronicleJournal#append} that returned), or
     * {@link #NULL_INDEX} if it has none.
     */
    public long lastIndex()
    {
        final long last = queue.lastIndex();
        return last < 0 ? NULL_INDEX : last;
    }

    /**
     * @return number of entries in the journal, from its Chronicle index (not by reading them); the reader's
     * position does not move.
     */
    public long count()
    {
        return queue.entryCount();
    }

    /**
     * Positions the reader so that the next entry read is the one at {@code index}.
     *
     * @param index a journal index, as returned by {@link ChronicleJournal#append}.
     * @return {@code true} if the journal holds an entry at {@code index}; {@code false} otherwise, when the
     * position is undefined: move again before reading.
     */
    public boolean moveToIndex(final long index)
    {
        return tailer.moveToIndex(index);
    }

    /** Positions the reader before the journal's first entry. */
    public void moveToStart()
    {
        tailer.toStart();
    }

    /** Positions the reader after the journal's last entry: the next read sees only entries appended later. */
    public void moveToEnd()
    {
        tailer.toEnd();
    }

    /**
     * Turns the reader round: it is positioned at the journal's last entry and each {@link #read} goes towards
     * the start (newest first), for tools that need only the journal's tail, such as rebuilding the set of
     * recently accepted transaction ids on restart.
     */
    public void moveToEndReadingBackward()
    {
        tailer.direction(net.openhft.chronicle.queue.TailerDirection.BACKWARD);
        tailer.toEnd();
    }

    /**
     * @return the index of the next entry to be read, meaningful only while the journal holds one (at the end,
     * where the next entry would go).
     */
    public long position()
    {
        return tailer.index();
    }

    /**
     * Reads up to {@code limit} entries from the reader's position, in index order, and moves past them.
     * Returns fewer (0 at the end) when the journal holds no more yet; a later call sees entries appended since.
     *
     * @param handler receives each entry.
     * @param limit   most entries to read, &gt; 0.
     * @return entries read.
     * @throws IllegalStateException if an entry does not follow {@link JournalEntryDescriptor}; the message
     *                               names its index.
     * @throws RuntimeException      whatever the handler threw; the reader then stays at that entry, so the
     *                               next read starts with it again.
     */
    public int read(final EntryHandler handler, final int limit)
    {
        int count = 0;
        while (count < limit && readOne(handler))
        {
            count++;
        }
        return count;
    }

    /**
     * Reads every entry from the reader's position to the current end of the journal: after
     * {@link #moveToIndex}, the suffix starting at that index.
     *
     * @param handler receives each entry.
     * @return entries read.
     * @throws IllegalStateException if an entry does not follow {@link JournalEntryDescriptor}.
     * @throws RuntimeException      whatever the handler threw; the reader then stays at that entry.
     */
    public long readAll(final EntryHandler handler)
    {
        long count = 0;
        while (readOne(handler))
        {
            count++;
        }
        return count;
    }

    /** Closes the tailer and the queue; idempotent. The journal's files are left as they are. */
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
            tailer.singleThreadedCheckReset();
            tailer.close();
        }
        finally
        {
            queue.close();
        }
    }

    @Override
    public String toString()
    {
        return "JournalReader{dir=" + dir + '}';
    }

    private boolean readOne(final EntryHandler handler)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            try
            {
                deliver(dc, handler);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
            return true;
        }
    }

    private void deliver(final DocumentContext dc, final EntryHandler handler)
    {
        final long index = dc.index();
        final Bytes<?> bytes = dc.wire().bytes();
        final long entryLength = bytes.readRemaining();
        if (entryLength < HEADER_LENGTH)
        {
            throw corrupt(index, "an entry of at least " + HEADER_LENGTH + " bytes, found " + entryLength);
        }
        final int type = bytes.readInt();
        final int length = bytes.readInt();
        if (length < 0 || length > MAX_PAYLOAD_LENGTH || length != entryLength - HEADER_LENGTH)
        {
            throw corrupt(index, "a payload length of " + (entryLength - HEADER_LENGTH) + ", found " + length);
        }
        wrapPayload(bytes, length);
        handler.onEntry(index, type, payload, 0, length);
    }

    private void wrapPayload(final Bytes<?> bytes, final int length)
    {
        final long position = bytes.readPosition();
        if (length > 0 && bytes.isDirectMemory())
        {
            final long address = bytes.addressForRead(position);
            // addressForRead maps the chunk holding position; the payload is readable in place if it ends inside
            if (bytes.bytesStore().inside(position, length))
            {
                payload.wrap(address, length);
                return;
            }
        }
        copyBuffer.checkLimit(length);
        final byte[] array = copyBuffer.byteArray();
        for (int i = 0; i < length; i++)
        {
            array[i] = bytes.readByte();
        }
        payload.wrap(array, 0, length);
    }

    private static IllegalStateException corrupt(final long index, final String expected)
    {
        return new IllegalStateException("journal entry at index " + index + " (0x" + Long.toHexString(index) +
            "): expected " + expected);
    }
}
