package io.vigil.ops.db;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The table writer against a real PostgreSQL: idempotence, amendments and retractions, a bad row, the progress mark,
 * the migrations, the export.
 */
@Tag("slow")
@Timeout(180)
class AlertTableWriterTest
{
    private static PostgresServer server;
    private String url;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null)
        {
            server.close();
        }
    }

    @BeforeEach
    void newDatabase() throws SQLException
    {
        url = server.newDatabase();
        try (Connection c = connect())
        {
            assertThat(AlertSchema.migrate(c)).isEqualTo(AlertSchema.MIGRATIONS.size());
        }
    }

    static String alertJson(final int n, final String status, final String extraDetail)
    {
        return String.format("{\"alert_id\":\"%032x\",\"rule\":\"card-velocity-60s\",\"rule_version\":1,"
            + "\"severity\":\"high\",\"key_type\":\"card\",\"key\":\"card-%d\",\"tx_id\":\"tx-%d\","
            + "\"event_time\":\"2026-01-05T00:00:%02d.000Z\",\"event_time_ms\":%d,%s\"details\":{\"count()\":%d%s}}",
            n, n % 7, n, n % 60, 1767571200000L + n * 1000L, status == null ? "" : "\"status\":\"" + status + "\",",
            5, extraDetail);
    }

    static AlertRow row(final long position, final int n, final String status)
    {
        return AlertRow.fromJson(position, alertJson(n, status, ""));
    }

    @Test
    void shouldKeepOneRowPerAlertWhenTheSameBatchIsWrittenTwice() throws SQLException
    {
        final AlertTableWriter writer = new AlertTableWriter("test", "outbox-1");
        final List<AlertRow> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++)
        {
            batch.add(row(i, i, null));
        }
        try (Connection c = connect())
        {
            writer.write(c, batch);
            writer.write(c, batch.subList(10, 50));
            writer.write(c, batch);
            assertThat(count(c, "SELECT count(*) FROM alerts")).isEqualTo(50);
            assertThat(count(c, "SELECT count(DISTINCT alert_id) FROM alerts WHERE state = 'open'")).isEqualTo(50);
            assertThat(writer.committedPosition(c)).isEqualTo(49);
            assertThat(writer.committedMark(c)).isEqualTo(new AlertTableWriter.Mark("outbox-1", 49,
                String.format("%032x", 49)));
            assertThat(count(c, "SELECT count(*) FROM alerts WHERE details->>'count()' = '5' "
                + "AND alert_key = 'card-3' AND rule = 'card-velocity-60s'")).isEqualTo(7);
        }
    }

    @Test
    void shouldUpdateTheRowsStateOnAmendmentAndRetractionAndNotUndoItOnReplay() throws SQLException
    {
        final AlertTableWriter writer = new AlertTableWriter("test");
        try (Connection c = connect())
        {
            writer.write(c, List.of(row(0, 1, null), row(1, 2, null), row(2, 3, null)));
            final AlertRow amended = AlertRow.fromJson(3, alertJson(1, "amended", ",\"note\":\"re-evaluated\""));
            writer.write(c, List.of(amended, row(4, 2, "retracted")));
            assertThat(text(c, "SELECT state FROM alerts WHERE tx_id = 'tx-1'")).isEqualTo("amended");
            assertThat(text(c, "SELECT details->>'note' FROM alerts WHERE tx_id = 'tx-1'")).isEqualTo("re-evaluated");
            assertThat(text(c, "SELECT state FROM alerts WHERE tx_id = 'tx-2'")).isEqualTo("retracted");
            assertThat(text(c, "SELECT state FROM alerts WHERE tx_id = 'tx-3'")).isEqualTo("open");

            // a replay of the whole stream, in one batch: the originals do not undo what came after them
            writer.write(c, List.of(row(0, 1, null), row(1, 2, null), row(2, 3, null), amended, row(4, 2, "retracted")));
            assertThat(count(c, "SELECT count(*) FROM alerts")).isEqualTo(3);
            assertThat(text(c, "SELECT state FROM alerts WHERE tx_id = 'tx-1'")).isEqualTo("amended");
            assertThat(text(c, "SELECT state FROM alerts WHERE tx_id = 'tx-2'")).isEqualTo("retracted");
            assertThat(text(c, "SELECT alert_json FROM alerts WHERE tx_id = 'tx-2'")).contains("\"status\":\"retracted\"");
        }
    }

    @Test
    void shouldRecordABadRowWithItsIdAndWriteTheRestOfTheBatch() throws SQLException
    {
        final AlertTableWriter writer = new AlertTableWriter("test");
        final List<AlertRow> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            // PostgreSQL's jsonb cannot hold the NUL character: the 8th alert's details are refused (SQL state 22P05)
            batch.add(AlertRow.fromJson(i, alertJson(i, null, i == 7 ? ",\"merchant\":\"bad\\u0000name\"" : "")));
        }
        try (Connection c = connect())
        {
            final AlertTableWriter.Result result = writer.write(c, batch);
            assertThat(result.written()).isEqualTo(19);
            assertThat(result.rejected()).extracting(AlertTableWriter.Rejected::alertId)
                .containsExactly(String.format("%032x", 7));
            assertThat(result.rejected().get(0).sqlState()).startsWith("22");
            assertThat(count(c, "SELECT count(*) FROM alerts")).isEqualTo(19);
            assertThat(count(c, "SELECT count(*) FROM alerts WHERE tx_id = 'tx-7'")).isZero();
            assertThat(text(c, "SELECT sql_state FROM alert_rejects WHERE alert_id = '" + String.format("%032x", 7)
                + "'")).startsWith("22");
            assertThat(writer.committedPosition(c)).isEqualTo(19);
        }
    }

    @Test
    void shouldRefuseAnAlertWhoseSeverityTheTableDoesNotKnowButNotItsNeighbours() throws SQLException
    {
        final AlertTableWriter writer = new AlertTableWriter("test");
        final AlertRow bad = AlertRow.fromJson(1, alertJson(1, null, "").replace("\"high\"", "\"urgent\""));
        try (Connection c = connect())
        {
            final AlertTableWriter.Result result = writer.write(c, List.of(row(0, 0, null), bad, row(2, 2, null)));
            assertThat(result.rejected()).singleElement()
                .satisfies(r -> assertThat(r.sqlState()).isEqualTo("23514"));
            assertThat(count(c, "SELECT count(*) FROM alerts")).isEqualTo(2);
        }
    }

    @Test
    void shouldApplyMigrationsOnceAndRefuseAnEditedOne() throws SQLException
    {
        try (Connection c = connect())
        {
            assertThat(AlertSchema.migrate(c)).isZero();
            try (Statement s = c.createStatement())
            {
                s.execute("UPDATE vigil_schema_history SET checksum = checksum + 1 WHERE version = 1");
            }
            assertThatThrownBy(() -> AlertSchema.migrate(c)).isInstanceOf(SQLException.class)
                .hasMessageContaining("V1__alerts.sql").hasMessageContaining("different text");
            assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE tablename = 'alerts'")).isEqualTo(5);
        }
    }

    @Test
    void shouldExportTheAlertsSinceATimeAsTheyWereEmitted() throws Exception
    {
        final AlertTableWriter writer = new AlertTableWriter("test");
        final List<AlertRow> batch = new ArrayList<>();
        for (int i = 30; i >= 0; i--)
        {
            batch.add(row(30 - i, i, null));
        }
        try (Connection c = connect())
        {
            writer.write(c, batch);
            final StringWriter out = new StringWriter();
            final long lines = AlertExporter.export(c, 1767571200000L + 10_000, Long.MAX_VALUE, out);
            assertThat(lines).isEqualTo(21);
            final List<String> expected = new ArrayList<>();
            for (int i = 10; i <= 30; i++)
            {
                expected.add(alertJson(i, null, ""));
            }
            assertThat(out.toString().split("\n")).containsExactlyElementsOf(expected);
        }
    }

    private Connection connect() throws SQLException
    {
        return DriverManager.getConnection(url, "vigil", "");
    }

    static long count(final Connection c, final String sql) throws SQLException
    {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(final Connection c, final String sql) throws SQLException
    {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql))
        {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
