package io.vigil.ops.db;

import com.zaxxer.hikari.HikariDataSource;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every alert into PostgreSQL's {@code alerts} table, idempotently (see {@link AlertTableWriter}), off the
 * engine's threads: {@link #onAlert} copies the alert's JSON line into a bounded queue and returns; one writer thread
 * takes batches of up to {@code batch_size} alerts (or what arrived within {@code flush_interval}) and writes each in
 * one transaction through a {@link RetryingAlertWriter}, which waits out database outages with backoff.
 * <p>
 * <b>Interim feed.</b> The queue is in memory. While the database is away, alerts wait in it and detection goes on
 * at full speed until it holds {@code queue_capacity} alerts; then the alert collector waits for room (back-pressure
 * through the engine to ingest; nothing is dropped). Alerts still queued when the process dies are not lost for the
 * table: they are in the input journal, and replaying it (or re-running the backtest) re-emits them with the same
 * ids, which the table absorbs without a second row. When the durable alert outbox lands, its reader replaces this
 * queue: the sink then resumes after {@link RetryingAlertWriter#committedPosition()}, and the backlog of an outage
 * stays on disk instead of in memory.
 * <p>
 * Thread contract: {@link #onAlert}, {@link #onIdle} and {@link #close} from the alert collector thread; the
 * counters from any thread.
 */
public final class JdbcAlertSink implements AlertSink
{
    private static final Logger LOG = LoggerFactory.getLogger(JdbcAlertSink.class);

    /** One alert waiting to be written: its place in the stream and its JSON line. */
    private record Pending(long position, byte[] json)
    {
    }

    private static final Pending END = new Pending(-1, new byte[0]);

    private final DbSinkConfig config;
    private final HikariDataSource pool;
    private final RetryingAlertWriter writer;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong collectorWaits = new AtomicLong();
    private final AtomicLong unwritten = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile long giveUpAtNs;
    private volatile boolean closing;
    private boolean closed;

    private JdbcAlertSink(final DbSinkConfig config, final HikariDataSource pool)
    {
        this.config = config;
        this.pool = pool;
        this.writer = new RetryingAlertWriter(pool, config);
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.thread = new Thread(this::run, "vigil-db-writer-" + config.sinkName());
        this.thread.setDaemon(true);
    }

    /**
     * Opens the pool, applies the schema migrations and starts the writer thread.
     *
     * @param config the sink's configuration.
     * @return the running sink.
     * @throws SQLException if the database cannot be reached at start or a migration fails (the message names the
     *     URL without its query, never the password).
     */
    public static JdbcAlertSink start(final DbSinkConfig config) throws SQLException
    {
        final HikariDataSource pool = DbPool.open(config);
        final JdbcAlertSink sink = new JdbcAlertSink(config, pool);
        try
        {
            final int applied = sink.writer.migrate();
            if (applied > 0)
            {
                LOG.info("PostgreSQL at {}: {} schema migration(s) applied", DbPool.redact(config.jdbcUrl()), applied);
            }
        }
        catch (final SQLException ex)
        {
            pool.close();
            throw new SQLException("PostgreSQL at " + DbPool.redact(config.jdbcUrl()) + ": " + ex.getMessage(),
                ex.getSQLState(), ex);
        }
        sink.thread.start();
        return sink;
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        final byte[] json = new byte[alert.jsonLength()];
        alert.buffer().getBytes(alert.jsonOffset(), json);
        enqueue(new Pending(alert.journalIndex(), json));
    }

    /**
     * Queues an alert line directly (tools and tests; the engine goes through {@link #onAlert}).
     *
     * @param position its place in the source stream.
     * @param jsonLine the alert JSON line.
     */
    public void offer(final long position, final String jsonLine)
    {
        enqueue(new Pending(position, jsonLine.getBytes(StandardCharsets.UTF_8)));
    }

    private void enqueue(final Pending pending)
    {
        if (closing)
        {
            throw new IllegalStateException("the PostgreSQL sink is closed");
        }
        accepted.incrementAndGet();
        if (!queue.offer(pending))
        {
            collectorWaits.incrementAndGet();
            try
            {
                queue.put(pending);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                unwritten.incrementAndGet();
                throw new IllegalStateException("interrupted while waiting for room in the PostgreSQL sink's queue", ex);
            }
        }
    }

    private void run()
    {
        final List<Pending> taken = new ArrayList<>(config.batchSize());
        final List<AlertRow> rows = new ArrayList<>(config.batchSize());
        final long flushNs = config.flushInterval().toNanos();
        boolean end = false;
        while (!end)
        {
            taken.clear();
            rows.clear();
            try
            {
                final Pending first = queue.poll(flushNs, TimeUnit.NANOSECONDS);
                if (first == null)
                {
                    continue;
                }
                end = first == END;
                if (!end)
                {
                    taken.add(first);
                    final long flushAtNs = System.nanoTime() + flushNs;
                    while (taken.size() < config.batchSize())
                    {
                        final long leftNs = flushAtNs - System.nanoTime();
                        final Pending next = closing ? queue.poll() : queue.poll(Math.max(0, leftNs), TimeUnit.NANOSECONDS);
                        if (next == null)
                        {
                            break;
                        }
                        if (next == END)
                        {
                            end = true;
                            break;
                        }
                        taken.add(next);
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                end = true;
            }
            for (final Pending p : taken)
            {
                final String json = new String(p.json(), StandardCharsets.UTF_8);
                try
                {
                    rows.add(AlertRow.fromJson(p.position(), json));
                }
                catch (final IllegalArgumentException ex)
                {
                    unreadable.incrementAndGet();
                    LOG.error("alert at position {} not written to PostgreSQL, its JSON line is unreadable ({}): {}",
                        p.position(), ex.getMessage(), json);
                }
            }
            try
            {
                if (!rows.isEmpty() && !writer.write(rows, this::giveUp))
                {
                    unwritten.addAndGet(rows.size() + drainRest());
                    end = true;
                }
            }
            catch (final Throwable ex) // the writer must not die quietly: count the batch, log it, go on
            {
                unwritten.addAndGet(rows.size());
                LOG.error("the PostgreSQL writer failed on a batch of {} alerts (positions {} to {}); they are counted "
                    + "as not written", rows.size(), rows.get(0).position(), rows.get(rows.size() - 1).position(), ex);
            }
        }
    }

    private boolean giveUp()
    {
        return closing && System.nanoTime() - giveUpAtNs > 0;
    }

    private long drainRest()
    {
        long n = 0;
        Pending p;
        while ((p = queue.poll()) != null)
        {
            if (p != END)
            {
                n++;
            }
        }
        return n;
    }

    /**
     * Writes what is queued (waiting at most {@code close_timeout} for an unreachable database), stops the writer
     * and closes the pool. Alerts that could not be written are counted in {@link #unwritten()} and logged.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        giveUpAtNs = System.nanoTime() + config.closeTimeout().toNanos();
        closing = true;
        final long waitMs = config.closeTimeout().toMillis() + 2 * DbPool.CONNECTION_TIMEOUT_MS + 70_000;
        try
        {
            // the writer makes room even if the database stays away: it gives up once close_timeout has passed
            if (queue.offer(END, waitMs, TimeUnit.MILLISECONDS))
            {
                thread.join(waitMs);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            unwritten.addAndGet(queue.size());
            LOG.error("the PostgreSQL writer did not finish in time; {} alerts still queued", queue.size());
        }
        pool.close();
        if (unwritten.get() > 0)
        {
            LOG.error("{} alerts were not written to PostgreSQL at {} (unreachable for close_timeout {}); they are "
                + "in the alert output and the journal: replay to write them (ids are unchanged, nothing is doubled)",
                unwritten.get(), DbPool.redact(config.jdbcUrl()), config.closeTimeout().toMillis() + " ms");
        }
    }

    /** @return alerts handed to this sink. */
    public long accepted()
    {
        return accepted.get();
    }

    /** @return alerts handed over but not yet written (queued or in the batch being written). */
    public long backlog()
    {
        return accepted.get() - writer.records() - unwritten.get() - unreadable.get();
    }

    /** @return alerts whose JSON line could not be read (none from the engine; logged with the line). */
    public long unreadable()
    {
        return unreadable.get();
    }

    /** @return times the alert collector waited for room in the queue (back-pressure). */
    public long collectorWaits()
    {
        return collectorWaits.get();
    }

    /** @return alerts given up at close because the database stayed unreachable. */
    public long unwritten()
    {
        return unwritten.get();
    }

    /** @return the writer, for its counters. */
    public RetryingAlertWriter writer()
    {
        return writer;
    }
}
