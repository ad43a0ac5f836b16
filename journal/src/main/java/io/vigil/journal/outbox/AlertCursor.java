package io.vigil.journal.outbox;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the outbox's alert queue in order, from its start or from after a given entry. Each read allocates an
 * {@link OutboxEntry}: this runs on delivery and tool threads, never on the engine's.
 * <p>
 * Thread contract: one thread at a time; the first to read owns it.
 */
public final class AlertCursor implements AutoCloseable
{
    private final ExcerptTailer tailer;

    AlertCursor(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
        tailer.singleThreadedCheckReset();
    }

    /** Positions the cursor at the first alert of the outbox. */
    public void toStart()
    {
        tailer.toStart();
    }

    /**
     * Positions the cursor so the next read gives the alert after the one at {@code index}.
     *
     * @param index a Chronicle index of the alert queue, as in {@link OutboxEntry#index()}.
     * @throws IllegalStateException if the outbox holds no alert at {@code index}.
     */
    public void after(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            throw new IllegalStateException("outbox: no alert at index " + Long.toHexString(index));
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                throw new IllegalStateException("outbox: no alert at index " + Long.toHexString(index));
            }
        }
    }

    /**
     * @return the next alert, or {@code null} when the cursor is at the end (a later call sees alerts appended
     * since).
     */
    public OutboxEntry next()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            return decode(dc.index(), dc.wire().bytes());
        }
    }

    /**
     * Reads the alert at one index, leaving the cursor just after it.
     *
     * @param index a Chronicle index of the alert queue.
     * @return the alert, or {@code null} if there is none at that index.
     */
    public OutboxEntry read(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            return null;
        }
        return next();
    }

    private static OutboxEntry decode(final long index, final Bytes<?> bytes)
    {
        final long seq = bytes.readLong();
        final long appendedAtMs = bytes.readLong();
        final long hi = bytes.readLong();
        final long lo = bytes.readLong();
        final long journalIndex = bytes.readLong();
        final long eventTimeMs = bytes.readLong();
        final byte kind = bytes.readByte();
        final byte severity = bytes.readByte();
        final String ruleId = bytes.readUtf8();
        final int tagCount = bytes.readByte();
        final List<String> tags = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++)
        {
            tags.add(bytes.readUtf8());
        }
        final int length = bytes.readInt();
        final byte[] json = new byte[length];
        bytes.read(json);
        return new OutboxEntry(index, seq, appendedAtMs, hi, lo, journalIndex, eventTimeMs, kind, severity, ruleId,
            List.copyOf(tags), json);
    }

    @Override
    public void close()
    {
        tailer.singleThreadedCheckReset();
        tailer.close();
    }
}
