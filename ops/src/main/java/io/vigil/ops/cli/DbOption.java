package io.vigil.ops.cli;

import io.vigil.ops.db.DbSinkConfig;
import io.vigil.ops.db.DbSinkConfigFile;
import io.vigil.ops.db.JdbcAlertSink;
import io.vigil.ops.db.RetryingAlertWriter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The {@code --db-config FILE} option of the commands that run the engine: also write every alert into PostgreSQL
 * (see {@link JdbcAlertSink}), beside the other outputs.
 */
final class DbOption
{
    @Option(names = "--db-config", description = "Also write every alert into PostgreSQL, configured by this YAML file "
        + "(url, user, password_env or password_file, batch_size, flush_interval; see README, Alerts into PostgreSQL).")
    Path configFile;

    /**
     * @return the started sink, or null without the option.
     * @throws UserError for a missing or invalid file (every error FILE:LINE:COLUMN), or an unreachable database.
     */
    JdbcAlertSink start()
    {
        if (configFile == null)
        {
            return null;
        }
        if (!Files.isReadable(configFile))
        {
            throw new UserError("--db-config " + configFile + ": no such readable file", UserError.NO_INPUT);
        }
        final DbSinkConfig config;
        try
        {
            config = DbSinkConfigFile.load(configFile, System.getenv());
        }
        catch (final IOException ex)
        {
            throw new UserError("--db-config " + configFile + ": " + ex.getMessage(), UserError.NO_INPUT);
        }
        catch (final DbSinkConfigFile.ConfigException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
        try
        {
            return JdbcAlertSink.start(config);
        }
        catch (final SQLException ex)
        {
            throw new UserError("cannot start the PostgreSQL sink: " + ex.getMessage(), 1);
        }
    }

    /**
     * Prints what the sink did; call after it is closed.
     *
     * @param out  where.
     * @param sink the sink, or null.
     */
    static void summary(final PrintWriter out, final JdbcAlertSink sink)
    {
        if (sink == null)
        {
            return;
        }
        final RetryingAlertWriter w = sink.writer();
        final double seconds = w.writeNanos() / 1e9;
        out.printf(Locale.ROOT, "postgres     %,d alerts in %,d transactions (%,.0f alerts/s while writing), %,d refused "
                + "(in alert_rejects), %,d failed attempts retried, queue full %,d times%s%n", w.records(), w.batches(),
            seconds > 0 ? w.records() / seconds : 0.0, w.rejected(), w.failedAttempts(), sink.collectorWaits(),
            sink.unwritten() > 0 ? String.format(Locale.ROOT, ", %,d NOT WRITTEN (database unreachable)",
                sink.unwritten()) : "");
    }
}
