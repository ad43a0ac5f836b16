package io.vigil.ops.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Plain versioned SQL migrations, applied at start: each {@code V<n>__<what>.sql} under
 * {@code io/vigil/ops/db/migration/} runs once, in version order, in its own transaction, and is recorded in
 * {@code vigil_schema_history} with a checksum of its text. An applied migration whose text has since changed is
 * refused (edit by adding a new version, never by changing an old one). A transaction-scoped advisory lock keeps
 * two starting sinks from migrating at once.
 * <p>
 * Thread contract: stateless; any thread.
 */
public final class AlertSchema
{
    /** The migrations, in order. Add new ones at the end. */
    static final List<String> MIGRATIONS = List.of("V1__alerts.sql", "V2__sink_progress_outbox.sql");

    private static final long LOCK_KEY = 0x7669_6769_6c5f_6462L; // "vigil_db"

    private AlertSchema()
    {
    }

    /**
     * Brings the database's schema up to date.
     *
     * @param connection an open connection; left in auto-commit mode.
     * @return how many migrations were applied now (0 when the schema was current).
     * @throws SQLException if a migration fails (it is rolled back) or an applied one was changed.
     */
    public static int migrate(final Connection connection) throws SQLException
    {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement())
        {
            s.execute("CREATE TABLE IF NOT EXISTS vigil_schema_history (version integer PRIMARY KEY, "
                + "script text NOT NULL, checksum bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        catch (final SQLException ex)
        {
            // two sinks creating the history table at once: one wins, the other sees a unique violation
            if (!"23505".equals(ex.getSQLState()) && !"42P07".equals(ex.getSQLState()))
            {
                throw ex;
            }
        }
        connection.setAutoCommit(false);
        int applied = 0;
        try
        {
            try (Statement s = connection.createStatement())
            {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            }
            final Map<Integer, Long> done = new HashMap<>();
            try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, checksum FROM vigil_schema_history"))
            {
                while (rs.next())
                {
                    done.put(rs.getInt(1), rs.getLong(2));
                }
            }
            for (final String script : MIGRATIONS)
            {
                final int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                final String sql = read(script);
                final long checksum = checksum(sql);
                final Long recorded = done.get(version);
                if (recorded != null)
                {
                    if (recorded != checksum)
                    {
                        throw new SQLException("migration " + script + " was applied with different text (checksum "
                            + recorded + ", now " + checksum + "); add a new version instead of editing it");
                    }
                    continue;
                }
                try (Statement s = connection.createStatement())
                {
                    s.execute(sql);
                }
                try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO vigil_schema_history (version, script, checksum) VALUES (?, ?, ?)"))
                {
                    ps.setInt(1, version);
                    ps.setString(2, script);
                    ps.setLong(3, checksum);
                    ps.executeUpdate();
                }
                applied++;
            }
            connection.commit();
        }
        catch (final SQLException | RuntimeException ex)
        {
            connection.rollback();
            throw ex;
        }
        finally
        {
            connection.setAutoCommit(true);
        }
        return applied;
    }

    private static String read(final String script)
    {
        try (InputStream in = AlertSchema.class.getResourceAsStream("migration/" + script))
        {
            if (in == null)
            {
                throw new IllegalStateException("migration " + script + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static long checksum(final String sql)
    {
        final CRC32 crc = new CRC32();
        crc.update(sql.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
