package io.vigil.ops.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.vigil.ops.db.AlertExporter;
import io.vigil.ops.db.DbPool;
import io.vigil.ops.db.DbSinkConfig;
import io.vigil.ops.db.DbSinkConfigFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/** {@code vigil alerts export}: prints the table's alerts as JSON Lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Print the alerts in PostgreSQL as JSON Lines (each as the engine emitted it, latest version), "
        + "ordered by event time.")
final class AlertsExportCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/vigil.")
    String url;

    @Option(names = "--db-config", description = "Or the sink's YAML configuration file (url, user, password).")
    Path configFile;

    @Option(names = "--user", description = "Database user (with --db).")
    String user;

    @Option(names = "--password-env", defaultValue = "VIGIL_DB_PASSWORD", description = "Environment variable "
        + "holding the password, used with --db if set (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--since", required = true, description = "First event time: ISO-8601 instant "
        + "(2026-01-05T10:00:00Z), date (2026-01-05, UTC) or epoch ms.")
    String since;

    @Option(names = "--until", description = "Event time to stop before (same forms as --since).")
    String until;

    @Option(names = "--output", description = "Write to this file instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException
    {
        final long sinceMs = parseTime("--since", since);
        final long untilMs = until == null ? Long.MAX_VALUE : parseTime("--until", until);
        final DbSinkConfig config = config();
        long lines;
        try (HikariDataSource pool = DbPool.open(config);
            Connection c = pool.getConnection())
        {
            if (output == null)
            {
                lines = AlertExporter.export(c, sinceMs, untilMs, spec.commandLine().getOut());
            }
            else
            {
                try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                    StandardCharsets.UTF_8)))
                {
                    lines = AlertExporter.export(c, sinceMs, untilMs, out);
                }
            }
        }
        catch (final SQLException ex)
        {
            throw new UserError("PostgreSQL at " + DbPool.redact(config.jdbcUrl()) + ": " + ex.getMessage(), 1);
        }
        spec.commandLine().getErr().println("alerts export: " + lines + " alert(s)");
        return 0;
    }

    private DbSinkConfig config() throws IOException
    {
        if ((url == null) == (configFile == null))
        {
            throw new UserError("give either --db URL or --db-config FILE", 2);
        }
        if (configFile != null)
        {
            if (!Files.isReadable(configFile))
            {
                throw new UserError("--db-config " + configFile + ": no such readable file", UserError.NO_INPUT);
            }
            try
            {
                return DbSinkConfigFile.load(configFile, System.getenv());
            }
            catch (final DbSinkConfigFile.ConfigException ex)
            {
                throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
            }
        }
        try
        {
            return DbSinkConfig.builder(url).user(user).password(System.getenv(passwordEnv)).poolSize(1).build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError("--db: " + ex.getMessage().replaceFirst("^url: ", ""), 2);
        }
    }

    /**
     * @param option the option's name, for errors.
     * @param text   ISO-8601 instant, date or epoch ms.
     * @return epoch ms.
     */
    static long parseTime(final String option, final String text)
    {
        final String t = text.strip();
        try
        {
            if (t.matches("-?\\d{1,19}"))
            {
                return Long.parseLong(t);
            }
            if (t.matches("\\d{4}-\\d{2}-\\d{2}"))
            {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(t).toEpochMilli();
        }
        catch (final DateTimeParseException | NumberFormatException ex)
        {
            throw new UserError(option + ": expected an ISO-8601 instant (2026-01-05T10:00:00Z), a date (2026-01-05) "
                + "or epoch ms, found '" + text + "'", 2);
        }
    }
}
