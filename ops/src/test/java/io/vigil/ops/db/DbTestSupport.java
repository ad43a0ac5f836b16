package io.vigil.ops.db;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.AlertOutbox;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the PostgreSQL sink's tests share: a rule that fires often (so batches are many), reading the table back,
 * bounded waiting.
 */
final class DbTestSupport
{
    /** Fires on every approved transaction of 50 or more: thousands of alerts from a short generated stream. */
    static final String NOISY_RULES = String.join("\n",
        "rules:",
        "  - id: card-spend-50",
        "    key: card",
        "    filter: status == \"approved\" && amount >= 50",
        "    window: { type: sliding, size: 1m }",
        "    when: count() >= 1",
        "    severity: low",
        "");

    private DbTestSupport()
    {
    }

    /** Keeps each alert's JSON line, in the order the engine emitted them. Collector thread only. */
    static final class JsonCollector implements AlertSink
    {
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAlert(final AlertView alert)
        {
            lines.add(alert.json());
        }
    }

    /**
     * Appends test alert {@code n} ({@link AlertTableWriterTest#alertJson}, id {@code n}) to an outbox, as the engine's
     * sink would.
     *
     * @param outbox the outbox.
     * @param n      which alert.
     */
    static void append(final AlertOutbox outbox, final int n)
    {
        final byte[] body = AlertTableWriterTest.alertJson(n, null, "").getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AlertDescriptor.HEADER_LENGTH + body.length]);
        buffer.putLong(AlertDescriptor.JOURNAL_INDEX_OFFSET, n);
        buffer.putLong(AlertDescriptor.EVENT_TIME_OFFSET, 1_767_571_200_000L + n * 1000L);
        buffer.putLong(AlertDescriptor.ALERT_ID_HI_OFFSET, 0);
        buffer.putLong(AlertDescriptor.ALERT_ID_LO_OFFSET, n);
        buffer.putByte(AlertDescriptor.SEVERITY_OFFSET, Severity.HIGH.code());
        buffer.putByte(AlertDescriptor.KIND_OFFSET, AlertDescriptor.KIND_ALERT);
        buffer.putInt(AlertDescriptor.JSON_LENGTH_OFFSET, body.length);
        buffer.putBytes(AlertDescriptor.HEADER_LENGTH, body);
        assertThat(outbox.append(new AlertView().wrap(buffer, 0), "card-velocity-60s", List.of(),
            System.currentTimeMillis())).isPositive();
    }

    /**
     * @param url database.
     * @return alert_id → alert_json of every row, and fails if an id appears twice.
     * @throws SQLException on a database error.
     */
    static Map<String, String> rows(final String url) throws SQLException
    {
        final Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "vigil", "");
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT alert_id, alert_json FROM alerts"))
        {
            while (rs.next())
            {
                if (rows.put(rs.getString(1), rs.getString(2)) != null)
                {
                    throw new AssertionError("alert " + rs.getString(1) + " twice in the table");
                }
            }
        }
        return rows;
    }

    /**
     * @param url database.
     * @return rows in the alerts table, or -1 while the table does not exist yet.
     */
    static long rowCount(final String url)
    {
        try (Connection c = DriverManager.getConnection(url, "vigil", "");
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM alerts"))
        {
            rs.next();
            return rs.getLong(1);
        }
        catch (final SQLException ex)
        {
            return -1;
        }
    }

    /**
     * @param lines alert JSON lines.
     * @return alert_id → line.
     */
    static Map<String, String> byId(final List<String> lines)
    {
        final Map<String, String> result = new HashMap<>();
        for (final String line : lines)
        {
            final String id = AlertRow.fromJson(0, line).alertId();
            if (result.put(id, line) != null)
            {
                throw new AssertionError("the engine emitted alert " + id + " twice");
            }
        }
        return result;
    }

    /**
     * Waits for a condition, polling every 20 ms.
     *
     * @param what      described in the failure.
     * @param timeoutMs longest wait.
     * @param condition what to wait for.
     */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
