package io.vigil.ops.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Writes batches of alerts through an {@link AlertTableWriter} until they are in, whatever the database does
 * meanwhile: while it is unreachable (a refused connection, a server shut down mid-transaction) the same batch is
 * tried again after a pause that doubles from {@link #FIRST_BACKOFF_MS} up to the configured maximum. A batch is
 * committed whole or not at all, and every row is idempotent, so a retry after a failure whose outcome was unknown
 * (the commit reached the server, its answer did not) writes nothing twice.
 * <p>
 * {@link JdbcAlertSink}'s outbox reader drives it, and resumes after {@link #committedMark()} at start.
 * <p>
 * Thread contract: {@link #write} from one thread (the sink's writer); the counters may be read from any thread.
 * Wall-clock time here paces retries and measures throughput only; it never touches the engine.
 */
public final class RetryingAlertWriter
{
    /** First pause after a failed attempt, ms. */
    public static final long FIRST_BACKOFF_MS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(RetryingAlertWriter.class);

    private final DataSource dataSource;
    private final AlertTableWriter table;
    private final long backoffMaxMs;
    private final String where;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();

    /**
     * @param dataSource   the pool.
     * @param config       the sink's configuration (sink name, backoff).
     */
    public RetryingAlertWriter(final DataSource dataSource, final DbSinkConfig config)
    {
        this(dataSource, config, null);
    }

    /**
     * @param dataSource the pool.
     * @param config     the sink's configuration (sink name, backoff).
     * @param outboxId   the id of the outbox the alerts come from, recorded with each progress mark; or null.
     */
    public RetryingAlertWriter(final DataSource dataSource, final DbSinkConfig config, final String outboxId)
    {
        this.dataSource = dataSource;
        this.table = new AlertTableWriter(config.sinkName(), outboxId);
        this.backoffMaxMs = config.retryBackoffMax().toMillis();
        this.where = DbPool.redact(config.jdbcUrl());
    }

    /**
     * Applies the schema migrations; called once before the first write.
     *
     * @return migrations applied now.
     * @throws SQLException if the database cannot be reached or a migration fails.
     */
    public int migrate() throws SQLException
    {
        try (Connection c = dataSource.getConnection())
        {
            return AlertSchema.migrate(c);
        }
    }

    /**
     * @return this sink's progress mark (which outbox, the index and id of the last alert written), or null if it
     *     has written nothing yet.
     * @throws SQLException if the database cannot be reached.
     */
    public AlertTableWriter.Mark committedMark() throws SQLException
    {
        try (Connection c = dataSource.getConnection())
        {
            return table.committedMark(c);
        }
    }

    /**
     * Writes one batch, retrying while the database is unreachable.
     *
     * @param batch      the alerts, in stream order, not empty.
     * @param giveUp     asked after each failed attempt; true stops retrying (e.g. the sink's close timeout passed).
     * @return true once written; false if given up first (nothing of the batch may be assumed written).
     */
    public boolean write(final List<AlertRow> batch, final BooleanSupplier giveUp)
    {
        long backoffMs = FIRST_BACKOFF_MS;
        long outageStartNs = 0;
        while (true)
        {
            final long startNs = System.nanoTime();
            try (Connection c = dataSource.getConnection())
            {
                final AlertTableWriter.Result result = table.write(c, batch);
                writeNanos.addAndGet(System.nanoTime() - startNs);
                written.addAndGet(result.written());
                batches.incrementAndGet();
                records.addAndGet(batch.size());
                for (final AlertTableWriter.Rejected r : result.rejected())
                {
                    rejected.incrementAndGet();
                    LOG.error("alert {} refused by PostgreSQL ({} {}); kept in table alert_rejects, the rest of its "
                        + "batch was written", r.alertId(), r.sqlState(), r.error());
                }
                if (outageStartNs != 0)
                {
                    LOG.info("PostgreSQL at {} reachable again after {} ms; writing the backlog", where,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageStartNs));
                }
                return true;
            }
            catch (final SQLException | RuntimeException ex)
            {
                failedAttempts.incrementAndGet();
                if (outageStartNs == 0)
                {
                    outageStartNs = System.nanoTime();
                    LOG.warn("cannot write alerts to PostgreSQL at {} ({}); retrying with backoff up to {} ms, "
                        + "alerts wait meanwhile", where, describe(ex), backoffMaxMs);
                }
            }
            if (giveUp.getAsBoolean())
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
            backoffMs = Math.min(backoffMaxMs, backoffMs * 2);
        }
    }

    /** @return rows written (new, amended or retracted). */
    public long written()
    {
        return written.get();
    }

    /** @return alert records done (written, refused into {@code alert_rejects}, or merged with one of the same id). */
    public long records()
    {
        return records.get();
    }

    /** @return transactions committed. */
    public long batches()
    {
        return batches.get();
    }

    /** @return alerts refused by the table and kept in {@code alert_rejects}. */
    public long rejected()
    {
        return rejected.get();
    }

    /** @return attempts that failed and were retried (or given up). */
    public long failedAttempts()
    {
        return failedAttempts.get();
    }

    /** @return time spent in successful batch transactions, ns. */
    public long writeNanos()
    {
        return writeNanos.get();
    }

    private static String describe(final Throwable ex)
    {
        final StringBuilder sb = new StringBuilder();
        for (Throwable t = ex; t != null && sb.length() < 400; t = t.getCause() == t ? null : t.getCause())
        {
            if (sb.length() > 0)
            {
                sb.append("; caused by ");
            }
            final String state = t instanceof SQLException ? ((SQLException)t).getSQLState() : null;
            sb.append(state != null ? "SQL state " + state + ": " : t.getClass().getSimpleName() + ": ")
                .append(firstLine(t.getMessage()));
        }
        return sb.toString();
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final int nl = message.indexOf('\n');
        final String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }
}
