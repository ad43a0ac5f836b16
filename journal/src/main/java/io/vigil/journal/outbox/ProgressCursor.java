package io.vigil.journal.outbox;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the outbox's progress queue ({@link DeliveryRecord}s) in order from its start; at the end, a later
 * {@link #next} sees records appended since, by this process or another.
 * <p>
 * Thread contract: one thread at a time; the first to read owns it.
 */
public final class ProgressCursor implements AutoCloseable
{
    private final ExcerptTailer tailer;

    ProgressCursor(final ExcerptTailer tailer)
    {
        this.tailer = tailer;
        tailer.singleThreadedCheckReset();
    }

    /** @return the next record, or {@code null} at the end for now. */
    public DeliveryRecord next()
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final DeliveryRecord.Type type = DeliveryRecord.Type.fromCode(bytes.readByte());
            final String endpoint = bytes.readUtf8();
            final long fromSeq = bytes.readLong();
            final long toSeq = bytes.readLong();
            final long outboxIndex = bytes.readLong();
            final int attempt = bytes.readInt();
            final long atMs = bytes.readLong();
            final String detail = bytes.readUtf8();
            return new DeliveryRecord(type, endpoint, fromSeq, toSeq, outboxIndex, attempt, atMs, detail);
        }
    }

    @Override
    public void close()
    {
        tailer.singleThreadedCheckReset();
        tailer.close();
    }
}
