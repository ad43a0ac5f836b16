package io.vigil.ops.cli;

import io.vigil.journal.outbox.AlertOutbox;
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
 * (see {@link JdbcAlertSink}), a reader of the alert outbox beside webhook delivery (see {@link OutboxSinks}).
 */
final class DbOption
{
    @Option(names = "--db-config", description = "Also write every alert into PostgreSQL, configured by this YAML file "
        + "(url, user, password_env or password_file, batch_size, flush_interval; see README, Alerts into PostgreSQL). "
        + "The sink reads the alert outbox (--outbox) and resumes there after a restart.")
    Path configFile;

    /** {@code --kafka-sink}: the other database-like reader of the outbox, carried here so every command has both. */
    @picocli.CommandLine.Mixin
    KafkaSinkOption kafkaSink = new KafkaSinkOption();

    /**
     * @return the sink's configuration, or null without the option.
     * @throws UserError for a missing or invalid file (every error FILE:LINE:COLUMN).
     */
    DbSinkConfig load()
    {
        if (configFile == null)
        {
            return null;
        }
        if (!Files.isReadable(configFile))
        {
            throw new UserError("--db-config " + configFile + ": no such readable file", UserError.NO_INPUT);
        }
        try
        {
            return DbSinkConfigFile.load(configFile, System.getenv());
        }
        catch (final IOException ex)
        {
            throw new UserError("--db-config " + configFile + ": " + ex.getMessage(), UserError.NO_INPUT);
        }
        catch (final DbSinkConfigFile.ConfigException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
    }

    /**
     * @param config the configuration.
     * @param outbox the outbox the sink reads.
     * @return the started sink.
     * @throws UserError (exit 1) if the database cannot be reached at start.
     */
    static JdbcAlertSink start(final DbSinkConfig config, final AlertOutbox outbox)
    {
        try
        {
            return JdbcAlertSink.start(config, outbox);
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
                + "(in alert_rejects), %,d failed attempts retried, %s%s%n", w.records(), w.batches(),
            seconds > 0 ? w.records() / seconds : 0.0, w.rejected(), w.failedAttempts(),
            sink.resumed() ? "resumed after the progress mark" : "from the outbox's start",
            sink.unwritten() > 0 ? String.format(Locale.ROOT, ", %,d NOT YET WRITTEN (left in the outbox)",
                sink.unwritten()) : "");
    }
}
