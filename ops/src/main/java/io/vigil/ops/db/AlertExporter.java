package io.vigil.ops.db;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads alerts back from the {@code alerts} table as JSON Lines: each row's {@code alert_json}, the alert as the
 * engine emitted it (its latest version for an amended or retracted alert), ordered by event time, then rule,
 * then id. Reads with a server-side cursor, so a large table streams.
 * <p>
 * Thread contract: stateless; any thread.
 */
public final class AlertExporter
{
    private static final String QUERY = "SELECT alert_json FROM alerts WHERE event_time_ms >= ? AND event_time_ms < ? "
        + "ORDER BY event_time_ms, rule, alert_id";

    private AlertExporter()
    {
    }

    /**
     * @param connection an open connection.
     * @param sinceMs    first event time included, epoch ms.
     * @param untilMs    first event time excluded, epoch ms ({@link Long#MAX_VALUE} for no bound).
     * @param out        where the lines go, each ended by a newline.
     * @return lines written.
     * @throws SQLException on a database error.
     * @throws IOException  if writing fails.
     */
    public static long export(final Connection connection, final long sinceMs, final long untilMs, final Writer out)
        throws SQLException, IOException
    {
        final boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // a fetch size streams only inside a transaction
        long lines = 0;
        try (PreparedStatement ps = connection.prepareStatement(QUERY))
        {
            ps.setFetchSize(1_000);
            ps.setLong(1, sinceMs);
            ps.setLong(2, untilMs);
            try (ResultSet rs = ps.executeQuery())
            {
                while (rs.next())
                {
                    out.write(rs.getString(1));
                    out.write('\n');
                    lines++;
                }
            }
            connection.commit();
        }
        finally
        {
            connection.setAutoCommit(autoCommit);
        }
        out.flush();
        return lines;
    }
}
