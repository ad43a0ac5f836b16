package io.vigil.ops.db;

import com.zaxxer.hikari.HikariDataSource;
import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.ops.delivery.OutboxReaderThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes every alert of the durable {@link AlertOutbox} into PostgreSQL's {@code alerts} table, idempotently (see
 * {@link AlertTableWriter}), on its own thread, {@code vigil-db-writer-<sink_name>}: a reader of the outbox beside
 * webhook delivery. The engine only appends to the outbox (through {@code OutboxAlertSink}); this thread reads on,
 * takes batches of up to {@code batch_size} alerts (or what arrived within {@code flush_interval}) and writes each in
 * one transaction through a {@link RetryingAlertWriter}, which waits out database outages with backoff. Meanwhile the
 * backlog is the part of the outbox not yet written: on disk, whatever its size, and detection never waits for it.
 * <p>
 * <b>Resuming.</b> Each batch's transaction also writes the sink's progress mark ({@code alert_sink_progress}: the
 * outbox's id, the index and id of the last alert written), so the table and the mark never disagree. At start the
 * sink reads the mark and, if it names this outbox and the alert at that index is the one recorded, resumes after
 * it: alerts appended before a crash but not yet written are written now, without the input being run again.
 * Otherwise (a new database, another outbox) it writes the outbox from its start, which the table absorbs without a
 * second row. After each commit the sink also appends a {@code DELIVERED} record for the endpoint
 * {@code postgres:<sink_name>} to the outbox's progress queue, so the outbox tells how far each of its readers got;
 * the database's mark is the one the sink resumes from (it survives a lost outbox record, and it follows a database
 * restored from a backup back to where that backup was).
 * <p>
 * Thread contract: {@link #start}, {@link #close} from one controlling thread; {@link #close} once the engine has
 * stopped appending; the counters from any thread.
 */
public final class JdbcAlertSink extends OutboxReaderThread implements AutoCloseable
{
    /** Prefix of the endpoint name of this sink's records in the outbox's progress queue. */
    public static final String PROGRESS_ENDPOINT_PREFIX = "postgres:";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAlertSink.class);
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final DbSinkConfig config;
    private final HikariDataSource pool;
    private final RetryingAlertWriter writer;
    private final AlertTableWriter.Mark startMark;
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long unwritten;

    private JdbcAlertSink(final DbSinkConfig config, final HikariDataSource pool, final AlertOutbox outbox,
        final RetryingAlertWriter writer, final AlertTableWriter.Mark startMark)
    {
        super(outbox, "vigil-db-writer-" + config.sinkName());
        this.config = config;
        this.pool = pool;
        this.writer = writer;
        this.startMark = startMark;
    }

    /**
     * Opens the pool, applies the schema migrations, reads the progress mark and starts the writer thread.
     *
     * @param config the sink's configuration.
     * @param outbox the open outbox to read; owned by the caller, closed after this sink.
     * @return the running sink.
     * @throws SQLException if the database cannot be reached at start or a migration fails (the message names the
     *     URL without its query, never the password).
     */
    public static JdbcAlertSink start(final DbSinkConfig config, final AlertOutbox outbox) throws SQLException
    {
        final HikariDataSource pool = DbPool.open(config);
        final RetryingAlertWriter writer = new RetryingAlertWriter(pool, config, outbox.id());
        final AlertTableWriter.Mark mark;
        try
        {
            final int applied = writer.migrate();
            if (applied > 0)
            {
                LOG.info("PostgreSQL at {}: {} schema migration(s) applied", DbPool.redact(config.jdbcUrl()), applied);
            }
            mark = writer.committedMark();
        }
        catch (final SQLException ex)
        {
            pool.close();
            throw new SQLException("PostgreSQL at " + DbPool.redact(config.jdbcUrl()) + ": " + ex.getMessage(),
                ex.getSQLState(), ex);
        }
        final JdbcAlertSink sink = new JdbcAlertSink(config, pool, outbox, writer, mark);
        sink.startAndAwaitResume(); // the resume point is known when start returns
        return sink;
    }

    @Override
    protected String describe()
    {
        return "the PostgreSQL writer '" + config.sinkName() + "'";
    }

    @Override
    protected void resume(final AlertCursor cursor)
    {
        final AlertTableWriter.Mark mark = startMark;
        cursor.toStart();
        if (mark != null && outbox.id().equals(mark.outboxId()))
        {
            final OutboxEntry at = cursor.read(mark.position());
            if (at != null && at.alertId().equals(mark.lastAlertId()))
            {
                doneSeq = at.seq();
                LOG.info("PostgreSQL sink '{}': resuming after outbox alert {} (the {}th), as the database's progress "
                    + "mark says", config.sinkName(), at.alertId(), at.seq());
                resumed = true;
                return;
            }
            LOG.warn("PostgreSQL sink '{}': its progress mark names alert {} at outbox index {}, which this outbox "
                + "does not hold there; writing the outbox {} from its start (the table takes each alert once)",
                config.sinkName(), mark.lastAlertId(), Long.toHexString(mark.position()), outbox.dir());
            cursor.toStart();
        }
        else if (mark != null)
        {
            LOG.info("PostgreSQL sink '{}': its progress mark is from another outbox ({}); writing the outbox {} from "
                + "its start (the table takes each alert once)", config.sinkName(), mark.outboxId(), outbox.dir());
        }
        doneSeq = 0;
    }

    @Override
    protected void loop(final AlertCursor cursor)
    {
        final int batchSize = config.batchSize();
        final long flushNs = config.flushInterval().toNanos();
        final List<AlertRow> rows = new ArrayList<>(batchSize);
        long batchFirstSeq = 0;
        long batchLastSeq = 0;
        long flushAtNs = 0;
        while (true)
        {
            final OutboxEntry e = cursor.next();
            if (e != null)
            {
                if (batchFirstSeq == 0)
                {
                    batchFirstSeq = e.seq();
                    flushAtNs = System.nanoTime() + flushNs;
                }
                batchLastSeq = e.seq();
                final AlertRow row = toRow(e);
                if (row != null)
                {
                    rows.add(row);
                }
                if (rows.size() < batchSize)
                {
                    continue;
                }
            }
            else if (batchFirstSeq == 0)
            {
                if (closing)
                {
                    return; // appends have stopped and everything is written
                }
                LockSupport.parkNanos(Math.min(flushNs, IDLE_PARK_NS));
                continue;
            }
            else if (!closing && System.nanoTime() - flushAtNs < 0)
            {
                LockSupport.parkNanos(Math.min(flushAtNs - System.nanoTime(), IDLE_PARK_NS));
                continue;
            }
            if (!rows.isEmpty() && !writer.write(rows, this::giveUp))
            {
                unwritten = outbox.lastSeq() - doneSeq;
                return;
            }
            doneSeq = batchLastSeq;
            if (!rows.isEmpty())
            {
                final AlertRow last = rows.get(rows.size() - 1);
                outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.DELIVERED,
                    PROGRESS_ENDPOINT_PREFIX + config.sinkName(), batchFirstSeq, batchLastSeq, last.position(), 1,
                    System.currentTimeMillis(), "committed " + rows.size() + " alert(s)"));
            }
            rows.clear();
            batchFirstSeq = 0;
        }
    }

    private AlertRow toRow(final OutboxEntry e)
    {
        final String json = e.jsonText();
        try
        {
            return AlertRow.fromJson(e.index(), json);
        }
        catch (final IllegalArgumentException ex)
        {
            unreadable.incrementAndGet();
            LOG.error("outbox alert {} (the {}th) not written to PostgreSQL, its JSON line is unreadable ({}): {}",
                e.alertId(), e.seq(), ex.getMessage(), json);
            return null;
        }
    }

    /**
     * Writes the rest of the outbox (waiting at most {@code close_timeout} for an unreachable database), stops the
     * writer and closes the pool. Call once the engine has stopped appending. Alerts left unwritten are counted in
     * {@link #unwritten()} and logged; they stay in the outbox, and the next start on it writes them. Idempotent.
     */
    @Override
    public void close()
    {
        // the writer gives up by itself once close_timeout has passed; a connection attempt may still take its own
        // timeout, twice
        final long joinMs = config.closeTimeout().toMillis() + 2 * DbPool.CONNECTION_TIMEOUT_MS + 70_000;
        if (!stopReader(config.closeTimeout().toNanos(), joinMs))
        {
            return;
        }
        if (thread().isAlive() || failure() != null)
        {
            unwritten = outbox.lastSeq() - doneSeq;
        }
        pool.close();
        if (unwritten > 0)
        {
            LOG.error("{} alerts were not written to PostgreSQL at {} (unreachable for close_timeout {} ms{}); they stay "
                + "in the outbox {}, and the next start with it writes them (nothing is doubled)", unwritten,
                DbPool.redact(config.jdbcUrl()), config.closeTimeout().toMillis(),
                failure() == null ? "" : ", or the writer failed", outbox.dir());
        }
    }

    /** @return alerts whose JSON line could not be read (none from the engine; logged with the line). */
    public long unreadable()
    {
        return unreadable.get();
    }

    /** @return alerts left in the outbox at close because the database stayed unreachable (or the writer failed). */
    public long unwritten()
    {
        return unwritten;
    }

    /** @return the writer, for its counters. */
    public RetryingAlertWriter writer()
    {
        return writer;
    }
}
