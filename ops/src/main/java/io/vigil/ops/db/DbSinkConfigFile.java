package io.vigil.ops.db;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PostgreSQL sink's configuration from a YAML file, every error as {@code FILE:LINE:COLUMN: message}:
 * <pre>
 * url: jdbc:postgresql://127.0.0.1:5432/vigil
 * user: vigil
 * password_env: VIGIL_DB_PASSWORD      # or password_file: /run/secrets/vigil-db (never the password itself)
 * batch_size: 500                      # alerts per transaction
 * flush_interval: 200ms                # longest wait for a batch to fill
 * pool_size: 2
 * retry_backoff_max: 5s                # longest pause between attempts while the database is away
 * close_timeout: 60s                   # how long closing waits for the backlog
 * sink_name: default                   # key of this sink's progress row: one name per writing process
 * </pre>
 * Only {@code url} is required. Thread contract: stateless; any thread.
 */
public final class DbSinkConfigFile
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> FIELDS = Set.of("url", "user", "password_env", "password_file", "batch_size",
        "flush_interval", "pool_size", "retry_backoff_max", "close_timeout", "sink_name");

    private DbSinkConfigFile()
    {
    }

    /** A configuration file with errors; the message lists each as {@code FILE:LINE:COLUMN: message}. */
    public static final class ConfigException extends Exception
    {
        private static final long serialVersionUID = 1L;

        private final List<String> errors;

        ConfigException(final List<String> errors)
        {
            super(String.join(System.lineSeparator(), errors));
            this.errors = List.copyOf(errors);
        }

        /** @return each error, {@code FILE:LINE:COLUMN: message}. */
        public List<String> errors()
        {
            return errors;
        }
    }

    /**
     * @param file the YAML file.
     * @param env  where {@code password_env} is looked up (normally {@link System#getenv()}).
     * @return the validated configuration.
     * @throws IOException     if the file cannot be read.
     * @throws ConfigException listing every error found.
     */
    public static DbSinkConfig load(final Path file, final Map<String, String> env) throws IOException, ConfigException
    {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), env, file.getParent());
    }

    /**
     * @param name    shown in errors.
     * @param yaml    the text.
     * @param env     where {@code password_env} is looked up.
     * @param baseDir against which a relative {@code password_file} is resolved, or null.
     * @return the validated configuration.
     * @throws ConfigException listing every error found.
     */
    public static DbSinkConfig parse(final String name, final String yaml, final Map<String, String> env,
        final Path baseDir) throws ConfigException
    {
        final List<String> errors = new ArrayList<>();
        final List<Setting> settings = new ArrayList<>();
        String url = null;
        String urlAt = name + ":1:1: ";
        try (JsonParser p = new YAMLFactory().createParser(yaml))
        {
            final JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT)
            {
                errors.add(at(name, p.currentTokenLocation()) + "expected a mapping of settings (url: ..., batch_size: ...)");
                throw new ConfigException(errors);
            }
            final Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String field = p.currentName();
                final String fieldAt = at(name, p.currentTokenLocation());
                final JsonToken value = p.nextToken();
                final String at = at(name, p.currentTokenLocation());
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY)
                {
                    p.skipChildren();
                    errors.add(at + field + ": expected a single value");
                    continue;
                }
                if (!seen.add(field))
                {
                    errors.add(fieldAt + field + ": given twice");
                    continue;
                }
                if (field.equals("password"))
                {
                    errors.add(fieldAt + "password: not accepted in a configuration file; name an environment variable "
                        + "(password_env) or a file (password_file) that holds it");
                    continue;
                }
                if (!FIELDS.contains(field))
                {
                    errors.add(fieldAt + "unknown setting '" + field + "'; expected one of " + new TreeSet<>(FIELDS));
                    continue;
                }
                final String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                if (text == null || text.isBlank())
                {
                    errors.add(at + field + ": expected a value");
                    continue;
                }
                switch (field)
                {
                    case "url":
                        url = text;
                        urlAt = at;
                        break;
                    case "user":
                        settings.add(new Setting(at, b -> b.user(text)));
                        break;
                    case "sink_name":
                        settings.add(new Setting(at, b -> b.sinkName(text)));
                        break;
                    case "password_env":
                    {
                        final String password = env.get(text);
                        if (password == null)
                        {
                            errors.add(at + "password_env: the environment variable " + text + " is not set");
                        }
                        else
                        {
                            settings.add(new Setting(at, b -> b.password(password)));
                        }
                        break;
                    }
                    case "password_file":
                    {
                        final Path path = baseDir == null ? Path.of(text) : baseDir.resolve(text);
                        try
                        {
                            final String password = Files.readString(path, StandardCharsets.UTF_8).strip();
                            settings.add(new Setting(at, b -> b.password(password)));
                        }
                        catch (final IOException ex)
                        {
                            errors.add(at + "password_file: cannot read " + path);
                        }
                        break;
                    }
                    case "batch_size":
                        number(errors, settings, field, text, at, (b, n) -> b.batchSize(n));
                        break;
                    case "pool_size":
                        number(errors, settings, field, text, at, (b, n) -> b.poolSize(n));
                        break;
                    case "flush_interval":
                        duration(errors, settings, field, text, at, DbSinkConfig.Builder::flushInterval);
                        break;
                    case "retry_backoff_max":
                        duration(errors, settings, field, text, at, DbSinkConfig.Builder::retryBackoffMax);
                        break;
                    default:
                        duration(errors, settings, field, text, at, DbSinkConfig.Builder::closeTimeout);
                        break;
                }
            }
        }
        catch (final JsonProcessingException ex)
        {
            final String message = String.valueOf(ex.getOriginalMessage());
            final int nl = message.indexOf('\n');
            errors.add(at(name, ex.getLocation()) + "not valid YAML: " + (nl < 0 ? message : message.substring(0, nl)));
            throw new ConfigException(errors);
        }
        catch (final IOException ex)
        {
            errors.add(name + ": " + ex.getMessage());
            throw new ConfigException(errors);
        }
        DbSinkConfig.Builder builder = null;
        if (url == null)
        {
            errors.add(name + ":1:1: url: required (e.g. url: jdbc:postgresql://127.0.0.1:5432/vigil)");
        }
        else
        {
            try
            {
                builder = DbSinkConfig.builder(url);
            }
            catch (final IllegalArgumentException ex)
            {
                errors.add(urlAt + ex.getMessage());
            }
        }
        if (builder != null)
        {
            for (final Setting setting : settings)
            {
                try
                {
                    setting.apply.accept(builder);
                }
                catch (final IllegalArgumentException ex)
                {
                    errors.add(setting.at + ex.getMessage());
                }
            }
        }
        if (!errors.isEmpty())
        {
            throw new ConfigException(errors);
        }
        return builder.build();
    }

    private static void number(final List<String> errors, final List<Setting> settings, final String field,
        final String text, final String at, final BiConsumer<DbSinkConfig.Builder, Integer> set)
    {
        try
        {
            final int n = Integer.parseInt(text.strip());
            settings.add(new Setting(at, b -> set.accept(b, n)));
        }
        catch (final NumberFormatException ex)
        {
            errors.add(at + field + ": expected a whole number, found \"" + text + "\"");
        }
    }

    private static void duration(final List<String> errors, final List<Setting> settings, final String field,
        final String text, final String at, final BiConsumer<DbSinkConfig.Builder, Duration> set)
    {
        final Duration d = parseDuration(text);
        if (d == null)
        {
            errors.add(at + field + ": expected a duration such as 500ms, 20s, 5m or 1h, found \"" + text + "\"");
        }
        else
        {
            settings.add(new Setting(at, b -> set.accept(b, d)));
        }
    }

    private static String at(final String name, final JsonLocation location)
    {
        return location == null ? name + ": " : name + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    /**
     * @param text {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}.
     * @return the duration, or null if the text is not one.
     */
    static Duration parseDuration(final String text)
    {
        final Matcher m = DURATION.matcher(text.strip());
        if (!m.matches())
        {
            return null;
        }
        final long n = Long.parseLong(m.group(1));
        final Function<Long, Duration> unit;
        switch (m.group(2))
        {
            case "ms":
                unit = Duration::ofMillis;
                break;
            case "s":
                unit = Duration::ofSeconds;
                break;
            case "m":
                unit = Duration::ofMinutes;
                break;
            default:
                unit = Duration::ofHours;
                break;
        }
        return unit.apply(n);
    }

    /** One validated value, applied to the builder once the URL is known; {@code at} names where it was. */
    private record Setting(String at, Consumer<DbSinkConfig.Builder> apply)
    {
    }
}
