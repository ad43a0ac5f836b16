package io.vigil.journal.outbox;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertView;
import io.vigil.core.util.Hashing;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.UUID;

/**
 * The durable alert outbox: two Chronicle queues under one directory. {@code alerts/} holds every alert
 * handed to delivery (id, routing facts, JSON body; layout in {@link OutboxRecordDescriptor}), appended
 * before any delivery is tried; {@code progress/} holds {@link DeliveryRecord}s (delivered, failed attempt,
 * dead-lettered, re-drive asked, re-delivered), so a restart resumes delivery where it stopped.
 * <p>
 * <b>Replays.</b> After a crash the engine replays its journal from a checkpoint and hands the same alerts
 * again, with the same ids. {@link #append} skips an alert whose (id, kind) — for an amendment or a retraction,
 * (id, kind, content), as one alert may be amended several times — is among the last
 * {@code dedupeHorizon} appended (loaded from the queue at open), so an alert is appended, and therefore
 * delivered, once. An alert emitted but not yet appended when the process died is not in the outbox, so the
 * replay appends it: none is lost, as long as the replay starts before it (see the README's delivery section).
 * <p>
 * <b>Identity.</b> Each outbox has an {@link #id()}, a random UUID written to {@code outbox.id} when the directory is
 * first opened, so a reader that keeps its progress elsewhere (the PostgreSQL sink keeps it in the database) can tell
 * whether a stored position belongs to this outbox or to another one.
 * <p>
 * Durability: like the journal, an append is in the page cache when it returns: it survives a crash of the
 * process, not a power loss.
 * <p>
 * Thread contract: {@link #append} from one thread, the alert collector (the first thread to append owns
 * the appender). {@link #appendProgress} from any thread (serialised here), and from other processes (the
 * operator's commands) at the same time, as Chronicle allows. Readers ({@link #newAlertCursor},
 * {@link #newProgressCursor}) are each for one thread. Counters are readable from any thread.
 */
public final class AlertOutbox implements AutoCloseable
{
    /** Alerts remembered for dedupe unless told otherwise. */
    public static final int DEFAULT_DEDUPE_HORIZON = 1_000_000;

    /** The file under the outbox directory that holds its {@link #id()}. */
    public static final String ID_FILE = "outbox.id";

    private final Path dir;
    private final String id;
    private final SingleChronicleQueue alerts;
    private final SingleChronicleQueue progress;
    private final ExcerptAppender alertAppender;
    private final ExcerptAppender progressAppender;
    private final RecentAlertIds recent;
    private volatile long lastSeq;
    private volatile long duplicatesSkipped;
    private boolean closed;

    private AlertOutbox(final Path dir, final int dedupeHorizon)
    {
        this.dir = dir;
        this.id = readOrCreateId(dir);
        this.recent = new RecentAlertIds(dedupeHorizon);
        this.alerts = queue(dir.resolve("alerts"));
        SingleChronicleQueue progressQueue = null;
        try
        {
            progressQueue = queue(dir.resolve("progress"));
            this.alertAppender = alerts.createAppender();
            this.alertAppender.singleThreadedCheckReset();
            this.progressAppender = progressQueue.createAppender();
            this.progressAppender.singleThreadedCheckReset();
            loadHorizon(dedupeHorizon);
        }
        catch (final RuntimeException ex)
        {
            alerts.close();
            if (progressQueue != null)
            {
                progressQueue.close();
            }
            throw ex;
        }
        this.progress = progressQueue;
    }

    /**
     * Opens (or creates) an outbox with the default dedupe horizon.
     *
     * @param dir the outbox directory; created if missing.
     * @return the open outbox.
     */
    public static AlertOutbox open(final Path dir)
    {
        return open(dir, DEFAULT_DEDUPE_HORIZON);
    }

    /**
     * Opens (or creates) an outbox.
     *
     * @param dir           the outbox directory; created if missing.
     * @param dedupeHorizon how many of the latest alerts are checked for repeats (memory: about 40 bytes each);
     *                      must cover the alerts a replay can re-emit.
     * @return the open outbox.
     */
    public static AlertOutbox open(final Path dir, final int dedupeHorizon)
    {
        return new AlertOutbox(dir, dedupeHorizon);
    }

    private static SingleChronicleQueue queue(final Path dir)
    {
        return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY).build();
    }

    private static String readOrCreateId(final Path dir)
    {
        final Path file = dir.resolve(ID_FILE);
        try
        {
            Files.createDirectories(dir);
            if (!Files.exists(file))
            {
                // written whole, then linked into place (which fails if it exists): a reader never sees half an
                // id, and of two openers racing the first link wins and both read its id
                final Path tmp = Files.createTempFile(dir, ID_FILE, ".tmp");
                Files.writeString(tmp, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                try
                {
                    Files.createLink(file, tmp);
                }
                catch (final FileAlreadyExistsException ex)
                {
                    // another opener was first
                }
                finally
                {
                    Files.deleteIfExists(tmp);
                }
            }
            final String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            UUID.fromString(text);
            return text;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("outbox " + dir + ": cannot read or create " + ID_FILE, ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("outbox " + dir + ": " + ID_FILE + " does not hold a UUID", ex);
        }
    }

    /** @return this outbox's identity: a UUID fixed when its directory was first opened. */
    public String id()
    {
        return id;
    }

    /** @return the outbox directory. */
    public Path dir()
    {
        return dir;
    }

    /**
     * Appends an alert unless it is a repeat (same id and kind within the dedupe horizon).
     * <p>
     * Thread contract: the alert collector thread only.
     *
     * @param alert        the alert; its header gives id, kind, severity, trigger; its JSON is copied as is.
     * @param ruleId       the id of the rule that fired.
     * @param tags         that rule's tags.
     * @param appendedAtMs wall-clock time, epoch ms (for delivery's max age).
     * @return the alert's outbox sequence (from 1), or 0 when it was a repeat and not appended.
     */
    public long append(final AlertView alert, final String ruleId, final List<String> tags, final long appendedAtMs)
    {
        final long hi = alert.alertIdHi();
        final long lo = alert.alertIdLo();
        final byte kind = alert.kind();
        final long dedupeHi = dedupeHi(kind, hi, alert.buffer(), alert.jsonOffset(), alert.jsonLength());
        if (recent.contains(dedupeHi, lo, kind))
        {
            duplicatesSkipped++;
            return 0;
        }
        final long seq = lastSeq + 1;
        try (DocumentContext dc = alertAppender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(seq);
            bytes.writeLong(appendedAtMs);
            bytes.writeLong(hi);
            bytes.writeLong(lo);
            bytes.writeLong(alert.journalIndex());
            bytes.writeLong(alert.eventTimeMs());
            bytes.writeByte(kind);
            bytes.writeByte(alert.severity() == null ? 0 : alert.severity().code());
            bytes.writeUtf8(ruleId);
            bytes.writeByte((byte)tags.size());
            for (int i = 0; i < tags.size(); i++)
            {
                bytes.writeUtf8(tags.get(i));
            }
            final int length = alert.jsonLength();
            bytes.writeInt(length);
            writeJson(bytes, alert.buffer(), alert.jsonOffset(), length);
        }
        recent.add(dedupeHi, lo, kind);
        lastSeq = seq;
        return seq;
    }

    /**
     * The high half of an alert's dedupe key. A new alert (or a late record) is a repeat when its id and kind
     * were appended before. An amendment or a retraction is a repeat only when its whole record was: one alert
     * may be amended, retracted and amended again, each time for another out-of-order event (the JSON names
     * it as {@code cause_tx_id}), so those records key on the id, the kind and the JSON's hash.
     */
    private static long dedupeHi(final byte kind, final long hi, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return kind == AlertDescriptor.KIND_ALERT || kind == AlertDescriptor.KIND_LATE ?
            hi : hi ^ Hashing.hash(buffer, offset, length);
    }

    private static long dedupeHi(final byte kind, final long hi, final DirectBuffer json)
    {
        return dedupeHi(kind, hi, json, 0, json.capacity());
    }

    /** Skips a record's severity, rule id and tags and reads its JSON (at open only). */
    private static DirectBuffer jsonOf(final Bytes<?> bytes)
    {
        bytes.readByte();
        bytes.readUtf8();
        final int tagCount = bytes.readByte();
        for (int i = 0; i < tagCount; i++)
        {
            bytes.readUtf8();
        }
        final byte[] json = new byte[bytes.readInt()];
        bytes.read(json);
        return new UnsafeBuffer(json);
    }

    private static void writeJson(final Bytes<?> bytes, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            bytes.write(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            // the alert JSON is at most 16 KiB, far below the overlap Chronicle maps past each chunk
            bytes.unsafeWrite(buffer.addressOffset() + offset, length);
        }
    }

    /**
     * Appends a delivery fact. Any thread; also safe while another process appends to the same outbox.
     *
     * @param record the fact.
     */
    public synchronized void appendProgress(final DeliveryRecord record)
    {
        progressAppender.singleThreadedCheckReset();
        try (DocumentContext dc = progressAppender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte(record.type().code());
            bytes.writeUtf8(record.endpoint());
            bytes.writeLong(record.fromSeq());
            bytes.writeLong(record.toSeq());
            bytes.writeLong(record.outboxIndex());
            bytes.writeInt(record.attempt());
            bytes.writeLong(record.atMs());
            bytes.writeUtf8(record.detail());
        }
    }

    /** @return the sequence of the last alert appended (0 if none): alerts ever appended to this outbox. */
    public long lastSeq()
    {
        return lastSeq;
    }

    /** @return alerts not appended because they repeated one already in the outbox, since open. */
    public long duplicatesSkipped()
    {
        return duplicatesSkipped;
    }

    /** @return a new reader of the alert queue, at its start; for one thread. */
    public AlertCursor newAlertCursor()
    {
        return new AlertCursor(alerts.createTailer());
    }

    /** @return a new reader of the progress queue, at its start; for one thread. */
    public ProgressCursor newProgressCursor()
    {
        return new ProgressCursor(progress.createTailer());
    }

    /** Closes both queues; idempotent. Call once appends have stopped. */
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
            alertAppender.singleThreadedCheckReset();
            alertAppender.close();
            synchronized (this)
            {
                progressAppender.singleThreadedCheckReset();
                progressAppender.close();
            }
        }
        finally
        {
            alerts.close();
            progress.close();
        }
    }

    private void loadHorizon(final int dedupeHorizon)
    {
        final long[] his = new long[Math.min(dedupeHorizon, 1 << 16)];
        long[] hiBuf = his;
        long[] loBuf = new long[hiBuf.length];
        byte[] kindBuf = new byte[hiBuf.length];
        int n = 0;
        try (ExcerptTailer tailer = alerts.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (n < dedupeHorizon)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long seq = bytes.readLong();
                    if (n == 0)
                    {
                        lastSeq = seq;
                    }
                    bytes.readLong();
                    if (n == hiBuf.length)
                    {
                        final int grown = (int)Math.min(dedupeHorizon, (long)n * 2);
                        hiBuf = java.util.Arrays.copyOf(hiBuf, grown);
                        loBuf = java.util.Arrays.copyOf(loBuf, grown);
                        kindBuf = java.util.Arrays.copyOf(kindBuf, grown);
                    }
                    hiBuf[n] = bytes.readLong();
                    loBuf[n] = bytes.readLong();
                    bytes.readLong();
                    bytes.readLong();
                    kindBuf[n] = bytes.readByte();
                    if (kindBuf[n] == AlertDescriptor.KIND_AMENDED || kindBuf[n] == AlertDescriptor.KIND_RETRACTED)
                    {
                        hiBuf[n] = dedupeHi(kindBuf[n], hiBuf[n], jsonOf(bytes));
                    }
                    n++;
                }
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            recent.add(hiBuf[i], loBuf[i], kindBuf[i]);
        }
    }

    @Override
    public String toString()
    {
        return "AlertOutbox{dir=" + dir + '}';
    }
}
