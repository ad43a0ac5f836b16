package io.vigil.ops.delivery;

import com.fasterxml.jackson.core.JsonToken;
import io.vigil.core.alert.Severity;
import io.vigil.ops.delivery.ConfigTree.Mapping;
import io.vigil.ops.delivery.ConfigTree.Node;
import io.vigil.ops.delivery.ConfigTree.Scalar;
import io.vigil.ops.delivery.ConfigTree.Sequence;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a webhook configuration (YAML) and checks it whole: every error is reported with its line and column,
 * unknown keys are errors, and a file with any error is refused. Secrets are read from an environment
 * variable ({@code secret-env}) or a file ({@code secret-file}, relative to the configuration's directory);
 * never from the configuration itself, and never shown in a message. The format is in the README's
 * "Alert delivery: webhooks" section.
 * <p>
 * Thread contract: a static function; any thread.
 */
public final class WebhookConfigReader
{
    private static final Set<String> TOP_KEYS = Set.of("endpoints");
    private static final Set<String> ENDPOINT_KEYS = Set.of("name", "url", "secret-env", "secret-file", "filter",
        "timeout", "batch-size", "retry", "circuit-breaker");
    private static final Set<String> FILTER_KEYS = Set.of("rules", "severities", "tags");
    private static final Set<String> RETRY_KEYS = Set.of("max-attempts", "max-age", "initial-backoff", "max-backoff");
    private static final Set<String> BREAKER_KEYS = Set.of("failures", "open-for");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final String file;
    private final Path baseDir;
    private final Function<String, String> env;
    private final List<String> errors = new ArrayList<>();

    private WebhookConfigReader(final String file, final Path baseDir, final Function<String, String> env)
    {
        this.file = file;
        this.baseDir = baseDir;
        this.env = env;
    }

    /**
     * @param path the configuration file.
     * @return the configuration.
     * @throws IOException            if the file cannot be read.
     * @throws WebhookConfigException with every error, if the file is not a valid configuration.
     */
    public static WebhookConfig read(final Path path) throws IOException, WebhookConfigException
    {
        return read(path, System::getenv);
    }

    /**
     * @param path the configuration file.
     * @param env  looks up environment variables (a test hook).
     * @return the configuration.
     * @throws IOException            if the file cannot be read.
     * @throws WebhookConfigException with every error, if the file is not a valid configuration.
     */
    public static WebhookConfig read(final Path path, final Function<String, String> env)
        throws IOException, WebhookConfigException
    {
        final String text = Files.readString(path, StandardCharsets.UTF_8);
        final Path parent = path.toAbsolutePath().getParent();
        return new WebhookConfigReader(path.toString(), parent, env).parse(text);
    }

    private WebhookConfig parse(final String text) throws WebhookConfigException
    {
        final List<String> treeErrors = new ArrayList<>();
        final Node root = ConfigTree.read(text, treeErrors);
        for (final String e : treeErrors)
        {
            errors.add(file + ":" + e);
        }
        final List<EndpointConfig> endpoints = new ArrayList<>();
        if (root != null)
        {
            final Mapping top = mapping(root, "the configuration", TOP_KEYS);
            if (top != null)
            {
                final Node list = top.values().get("endpoints");
                if (list == null)
                {
                    error(top.pos(), "expected an 'endpoints' list");
                }
                else if (!(list instanceof Sequence) || ((Sequence)list).items().isEmpty())
                {
                    error(list.pos(), "'endpoints': expected a list of at least one endpoint, found " + list.describe());
                }
                else
                {
                    final Set<String> names = new LinkedHashSet<>();
                    for (final Node item : ((Sequence)list).items())
                    {
                        final EndpointConfig e = endpoint(item);
                        if (e != null && !names.add(e.name()))
                        {
                            error(item.pos(), "endpoint name '" + e.name() + "' is used twice");
                        }
                        else if (e != null)
                        {
                            endpoints.add(e);
                        }
                    }
                }
            }
        }
        if (!errors.isEmpty())
        {
            throw new WebhookConfigException(errors);
        }
        return new WebhookConfig(endpoints);
    }

    private EndpointConfig endpoint(final Node node)
    {
        final Mapping m = mapping(node, "an endpoint", ENDPOINT_KEYS);
        if (m == null)
        {
            return null;
        }
        final int errorsBefore = errors.size();
        final String name = string(m, "name", true);
        final String urlText = string(m, "url", true);
        URI url = null;
        if (urlText != null)
        {
            try
            {
                url = new URI(urlText);
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null)
                {
                    error(m.values().get("url").pos(), "'url': expected an http:// or https:// URL with a host, found '"
                        + urlText + "'");
                }
            }
            catch (final URISyntaxException ex)
            {
                error(m.values().get("url").pos(), "'url': not a URL: " + ex.getMessage());
            }
        }
        final byte[] secret = secret(m);
        final EndpointFilter filter = filter(m.values().get("filter"));
        final long timeoutMs = duration(m, "timeout", 10_000);
        final long batchSize = number(m, "batch-size", 1, 1, 1000);
        final RetryPolicy retry = retry(m.values().get("retry"));
        int failures = 5;
        long openMs = 30_000;
        final Node breakerNode = m.values().get("circuit-breaker");
        if (breakerNode != null)
        {
            final Mapping b = mapping(breakerNode, "'circuit-breaker'", BREAKER_KEYS);
            if (b != null)
            {
                failures = (int)number(b, "failures", 5, 1, 1000);
                openMs = duration(b, "open-for", 30_000);
            }
        }
        if (errors.size() > errorsBefore)
        {
            return null;
        }
        try
        {
            return new EndpointConfig(name, url, secret, filter, timeoutMs, (int)batchSize, retry, failures, openMs);
        }
        catch (final IllegalArgumentException ex)
        {
            error(m.pos(), ex.getMessage());
            return null;
        }
    }

    private byte[] secret(final Mapping m)
    {
        final Node envNode = m.values().get("secret-env");
        final Node fileNode = m.values().get("secret-file");
        if ((envNode == null) == (fileNode == null))
        {
            error(m.pos(), "expected exactly one of 'secret-env' (an environment variable) or 'secret-file' "
                + "(a file holding the endpoint's signing secret)");
            return null;
        }
        if (envNode != null)
        {
            final String var = string(m, "secret-env", true);
            if (var == null)
            {
                return null;
            }
            final String value = env.apply(var);
            if (value == null || value.isEmpty())
            {
                error(envNode.pos(), "'secret-env': the environment variable " + var + " is not set or empty");
                return null;
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        final String name = string(m, "secret-file", true);
        if (name == null)
        {
            return null;
        }
        final Path path = baseDir == null ? Path.of(name) : baseDir.resolve(name);
        try
        {
            final String value = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (value.isEmpty())
            {
                error(fileNode.pos(), "'secret-file': " + path + " is empty");
                return null;
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            error(fileNode.pos(), "'secret-file': cannot read " + path + " (" + ex.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private EndpointFilter filter(final Node node)
    {
        if (node == null)
        {
            return EndpointFilter.ALL;
        }
        final Mapping f = mapping(node, "'filter'", FILTER_KEYS);
        if (f == null)
        {
            return EndpointFilter.ALL;
        }
        final Set<String> rules = strings(f, "rules");
        final Set<Severity> severities = new LinkedHashSet<>();
        final Node sevNode = f.values().get("severities");
        for (final String s : strings(f, "severities"))
        {
            final Severity severity = Severity.fromWireName(s);
            if (severity == null)
            {
                error(sevNode.pos(), "'severities': expected low, medium, high or critical, found '" + s + "'");
            }
            else
            {
                severities.add(severity);
            }
        }
        return new EndpointFilter(rules, severities, strings(f, "tags"));
    }

    private RetryPolicy retry(final Node node)
    {
        if (node == null)
        {
            return RetryPolicy.DEFAULT;
        }
        final Mapping r = mapping(node, "'retry'", RETRY_KEYS);
        if (r == null)
        {
            return RetryPolicy.DEFAULT;
        }
        final RetryPolicy d = RetryPolicy.DEFAULT;
        final int maxAttempts = (int)number(r, "max-attempts", d.maxAttempts(), 1, 1000);
        final long maxAgeMs = duration(r, "max-age", d.maxAgeMs());
        final long initialMs = duration(r, "initial-backoff", d.initialBackoffMs());
        final long maxMs = duration(r, "max-backoff", Math.max(d.maxBackoffMs(), initialMs));
        if (maxMs < initialMs)
        {
            error(r.values().get("max-backoff").pos(), "'max-backoff': expected at least 'initial-backoff'");
            return RetryPolicy.DEFAULT;
        }
        return new RetryPolicy(maxAttempts, maxAgeMs, initialMs, maxMs);
    }

    private Mapping mapping(final Node node, final String what, final Set<String> keys)
    {
        if (!(node instanceof Mapping))
        {
            error(node.pos(), what + ": expected a mapping, found " + node.describe());
            return null;
        }
        final Mapping m = (Mapping)node;
        for (final String key : m.values().keySet())
        {
            if (!keys.contains(key))
            {
                error(m.keyPos().get(key), "unknown key '" + key + "' in " + what + "; expected one of "
                    + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
        return m;
    }

    private String string(final Mapping m, final String key, final boolean required)
    {
        final Node n = m.values().get(key);
        if (n == null)
        {
            if (required)
            {
                error(m.pos(), "expected '" + key + "'");
            }
            return null;
        }
        if (!(n instanceof Scalar) || ((Scalar)n).token() != JsonToken.VALUE_STRING || ((Scalar)n).text().isEmpty())
        {
            error(n.pos(), "'" + key + "': expected a non-empty string, found " + n.describe());
            return null;
        }
        return ((Scalar)n).text();
    }

    private Set<String> strings(final Mapping m, final String key)
    {
        final Node n = m.values().get(key);
        final Set<String> result = new LinkedHashSet<>();
        if (n == null)
        {
            return result;
        }
        if (!(n instanceof Sequence))
        {
            error(n.pos(), "'" + key + "': expected a list such as [a, b], found " + n.describe());
            return result;
        }
        for (final Node item : ((Sequence)n).items())
        {
            if (item instanceof Scalar && ((Scalar)item).token() == JsonToken.VALUE_STRING)
            {
                result.add(((Scalar)item).text());
            }
            else
            {
                error(item.pos(), "'" + key + "': expected a string, found " + item.describe());
            }
        }
        return result;
    }

    private long number(final Mapping m, final String key, final long defaultValue, final long min, final long max)
    {
        final Node n = m.values().get(key);
        if (n == null)
        {
            return defaultValue;
        }
        if (!(n instanceof Scalar) || ((Scalar)n).token() != JsonToken.VALUE_NUMBER_INT)
        {
            error(n.pos(), "'" + key + "': expected a whole number in " + min + ".." + max + ", found " + n.describe());
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(((Scalar)n).text());
        }
        catch (final NumberFormatException ex)
        {
            error(n.pos(), "'" + key + "': expected a whole number in " + min + ".." + max + ", found " + n.describe());
            return defaultValue;
        }
        if (value < min || value > max)
        {
            error(n.pos(), "'" + key + "': expected a whole number in " + min + ".." + max + ", found " + value);
            return defaultValue;
        }
        return value;
    }

    private long duration(final Mapping m, final String key, final long defaultMs)
    {
        final Node n = m.values().get(key);
        if (n == null)
        {
            return defaultMs;
        }
        final Matcher matcher = n instanceof Scalar ? DURATION.matcher(((Scalar)n).text()) : null;
        if (matcher == null || !matcher.matches() || Long.parseLong(matcher.group(1)) == 0)
        {
            error(n.pos(), "'" + key + "': expected a positive duration such as 500ms, 10s, 5m, 1h or 1d, found "
                + n.describe());
            return defaultMs;
        }
        final long v = Long.parseLong(matcher.group(1));
        switch (matcher.group(2))
        {
            case "ms":
                return v;
            case "s":
                return v * 1_000;
            case "m":
                return v * 60_000;
            case "h":
                return v * 3_600_000;
            default:
                return v * 86_400_000;
        }
    }

    private void error(final ConfigTree.Pos pos, final String message)
    {
        errors.add(file + ":" + pos + ": " + message);
    }
}
