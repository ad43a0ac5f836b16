package io.vigil.ops.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of alerts into the {@code alerts} table in one transaction, idempotently, and records in the same
 * transaction how far the sink has written ({@code alert_sink_progress}: the outbox's id, the outbox index and the id of
 * the last alert written), so the table and the mark never disagree.
 * <ul>
 *   <li>A new alert ({@code open}) is {@code INSERT … ON CONFLICT (alert_id) DO NOTHING}: written twice (a retry, a
 *       replay, a restart), it is still one row.</li>
 *   <li>An amended or retracted alert is an upsert on the same id that updates the row's state, content and
 *       {@code updated_at}; a later replay of the original ({@code open}) never undoes it.</li>
 *   <li>Several records of one id in a batch collapse to the last that counts, since one statement may touch a
 *       row only once.</li>
 *   <li>If the batch fails on data (SQL state class 22 or 23: a value or a constraint), it is rolled back and
 *       written again row by row, each behind a savepoint; each row that fails is stored in {@code alert_rejects}
 *       with its id, SQL state and message, and the rest are written. Anything else (the connection, the server) is
 *       thrown for the caller to retry the whole batch.</li>
 * </ul>
 * Thread contract: one instance per writer thread; it holds prepared SQL only, the connection is passed in.
 */
public final class AlertTableWriter
{
    private static final String UPSERT = "INSERT INTO alerts (alert_id, rule, rule_version, severity, key_type, "
        + "alert_key, tx_id, event_time, event_time_ms, window_start, window_end, state, details, alert_json) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) "
        + "ON CONFLICT (alert_id) DO UPDATE SET state = EXCLUDED.state, severity = EXCLUDED.severity, "
        + "details = EXCLUDED.details, alert_json = EXCLUDED.alert_json, window_start = EXCLUDED.window_start, "
        + "window_end = EXCLUDED.window_end, updated_at = now() "
        + "WHERE EXCLUDED.state <> 'open' AND alerts.alert_json IS DISTINCT FROM EXCLUDED.alert_json";
    private static final String REJECT = "INSERT INTO alert_rejects (alert_id, sql_state, error, alert_json) "
        + "VALUES (?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING";
    private static final String PROGRESS = "INSERT INTO alert_sink_progress (sink, position, alerts_written, "
        + "outbox_id, last_alert_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sink) DO UPDATE SET position = "
        + "EXCLUDED.position, alerts_written = alert_sink_progress.alerts_written + EXCLUDED.alerts_written, "
        + "outbox_id = EXCLUDED.outbox_id, last_alert_id = EXCLUDED.last_alert_id, updated_at = now()";

    private final String sinkName;
    private final String outboxId;

    /**
     * How far a sink has written, as its progress row says.
     *
     * @param outboxId    the id of the outbox the sink read ({@code AlertOutbox.id()}), or null if not from one.
     * @param position    the source position (outbox index) of the last alert written.
     * @param lastAlertId that alert's id, or null.
     */
    public record Mark(String outboxId, long position, String lastAlertId)
    {
    }

    /** What one batch did. */
    public record Result(int written, List<Rejected> rejected)
    {
    }

    /**
     * An alert the table refused.
     *
     * @param alertId  its id.
     * @param sqlState PostgreSQL's SQL state.
     * @param error    PostgreSQL's message.
     */
    public record Rejected(String alertId, String sqlState, String error)
    {
    }

    /**
     * @param sinkName key of this sink's progress row.
     */
    public AlertTableWriter(final String sinkName)
    {
        this(sinkName, null);
    }

    /**
     * @param sinkName key of this sink's progress row.
     * @param outboxId id of the outbox the positions are indexes of, recorded with the mark; null if none.
     */
    public AlertTableWriter(final String sinkName, final String outboxId)
    {
        this.sinkName = sinkName;
        this.outboxId = outboxId;
    }

    /**
     * Reads this sink's progress row.
     *
     * @param connection an open connection.
     * @return the mark, or null if the sink has written nothing yet.
     * @throws SQLException on a database error.
     */
    public Mark committedMark(final Connection connection) throws SQLException
    {
        try (PreparedStatement ps = connection.prepareStatement(
            "SELECT outbox_id, position, last_alert_id FROM alert_sink_progress WHERE sink = ?"))
        {
            ps.setString(1, sinkName);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? new Mark(rs.getString(1), rs.getLong(2), rs.getString(3)) : null;
            }
        }
    }

    /**
     * Reads how far this sink has written.
     *
     * @param connection an open connection.
     * @return the position of the last alert written (of the last batch committed), or -1 if none.
     * @throws SQLException on a database error.
     */
    public long committedPosition(final Connection connection) throws SQLException
    {
        try (PreparedStatement ps = connection.prepareStatement("SELECT position FROM alert_sink_progress WHERE sink = ?"))
        {
            ps.setString(1, sinkName);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /**
     * Writes {@code batch} and the progress mark in one transaction.
     *
     * @param connection an open connection, used in manual-commit mode and handed back in auto-commit mode.
     * @param batch      the alerts, in stream order; not empty.
     * @return rows written and alerts rejected.
     * @throws SQLException when the batch could not be written for a reason other than its data (retry it).
     */
    public Result write(final Connection connection, final List<AlertRow> batch) throws SQLException
    {
        final List<AlertRow> rows = collapse(batch);
        final AlertRow last = batch.get(batch.size() - 1);
        connection.setAutoCommit(false);
        try
        {
            try
            {
                upsertBatch(connection, rows);
                progress(connection, last, rows.size());
                connection.commit();
                return new Result(rows.size(), List.of());
            }
            catch (final SQLException ex)
            {
                connection.rollback();
                if (!isDataError(ex))
                {
                    throw ex;
                }
            }
            final Result result = rowByRow(connection, rows);
            progress(connection, last, result.written());
            connection.commit();
            return result;
        }
        catch (final SQLException | RuntimeException ex)
        {
            safeRollback(connection);
            throw ex;
        }
        finally
        {
            try
            {
                connection.setAutoCommit(true);
            }
            catch (final SQLException ignored)
            {
                // the connection is broken; the pool will evict it
            }
        }
    }

    private Result rowByRow(final Connection connection, final List<AlertRow> rows) throws SQLException
    {
        final List<Rejected> rejected = new ArrayList<>();
        int written = 0;
        try (PreparedStatement ps = connection.prepareStatement(UPSERT))
        {
            for (final AlertRow row : rows)
            {
                final Savepoint savepoint = connection.setSavepoint();
                try
                {
                    bind(ps, row);
                    ps.executeUpdate();
                    connection.releaseSavepoint(savepoint);
                    written++;
                }
                catch (final SQLException ex)
                {
                    if (!isDataError(ex))
                    {
                        throw ex;
                    }
                    connection.rollback(savepoint);
                    final Rejected r = new Rejected(row.alertId(), ex.getSQLState(), firstLine(ex.getMessage()));
                    rejected.add(r);
                    try (PreparedStatement reject = connection.prepareStatement(REJECT))
                    {
                        reject.setString(1, row.alertId());
                        reject.setString(2, r.sqlState());
                        reject.setString(3, r.error());
                        reject.setString(4, row.json().replace("\u0000", "\\u0000"));
                        reject.executeUpdate();
                    }
                }
            }
        }
        return new Result(written, rejected);
    }

    private static void upsertBatch(final Connection connection, final List<AlertRow> rows) throws SQLException
    {
        try (PreparedStatement ps = connection.prepareStatement(UPSERT))
        {
            for (final AlertRow row : rows)
            {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void progress(final Connection connection, final AlertRow last, final int written) throws SQLException
    {
        try (PreparedStatement ps = connection.prepareStatement(PROGRESS))
        {
            ps.setString(1, sinkName);
            ps.setLong(2, last.position());
            ps.setLong(3, written);
            ps.setString(4, outboxId);
            ps.setString(5, last.alertId());
            ps.executeUpdate();
        }
    }

    private static void bind(final PreparedStatement ps, final AlertRow row) throws SQLException
    {
        ps.setString(1, row.alertId());
        ps.setString(2, row.rule());
        ps.setInt(3, row.ruleVersion());
        ps.setString(4, row.severity());
        ps.setString(5, row.keyType());
        ps.setString(6, row.key());
        ps.setString(7, row.txId());
        ps.setTimestamp(8, Timestamp.from(Instant.ofEpochMilli(row.eventTimeMs())));
        ps.setLong(9, row.eventTimeMs());
        timestamp(ps, 10, row.windowStartMs());
        timestamp(ps, 11, row.windowEndMs());
        ps.setString(12, row.state().column());
        ps.setString(13, row.detailsJson());
        ps.setString(14, row.json());
    }

    private static void timestamp(final PreparedStatement ps, final int index, final long ms) throws SQLException
    {
        if (ms == AlertRow.NO_TIME)
        {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        else
        {
            ps.setTimestamp(index, Timestamp.from(Instant.ofEpochMilli(ms)));
        }
    }

    /**
     * One record per id: the last that changes the row. An {@code open} record after an amendment or a retraction of
     * the same id (a replay) does not override it, as the database's {@code DO NOTHING} would not.
     */
    static List<AlertRow> collapse(final List<AlertRow> batch)
    {
        final Map<String, AlertRow> byId = new LinkedHashMap<>(batch.size() * 2);
        boolean duplicates = false;
        for (final AlertRow row : batch)
        {
            final AlertRow previous = byId.get(row.alertId());
            if (previous == null)
            {
                byId.put(row.alertId(), row);
            }
            else
            {
                duplicates = true;
                if (row.state() != AlertRow.State.OPEN || previous.state() == AlertRow.State.OPEN)
                {
                    byId.put(row.alertId(), row);
                }
            }
        }
        return duplicates ? new ArrayList<>(byId.values()) : batch;
    }

    /**
     * @param ex a failure.
     * @return true if it is about the data of a row (class 22: data exception, 23: integrity constraint), so that
     *     writing the same row again would fail the same way.
     */
    static boolean isDataError(final SQLException ex)
    {
        for (SQLException e = ex; e != null; e = e.getNextException())
        {
            final String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23")))
            {
                return true;
            }
        }
        return false;
    }

    private static void safeRollback(final Connection connection)
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException ignored)
        {
            // the connection is gone; nothing was committed
        }
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
