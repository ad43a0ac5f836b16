package io.vigil.ops.delivery;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One webhook endpoint: where alerts go, which ones, signed with which secret, and how delivery retries.
 * Immutable; {@link #toString()} never shows the secret.
 *
 * @param name               unique name: lower-case letters, digits, '.', '_' and '-' (it names the endpoint in the
 *                           outbox's progress records, so renaming one starts its delivery from the outbox start).
 * @param url                http or https URL alerts are POSTed to.
 * @param secret             the HMAC-SHA256 key of the signature.
 * @param filter             which alerts it receives.
 * @param timeoutMs          per request, connection included, ms.
 * @param batchSize          alerts per request, 1..1000; above 1 the body is a JSON array.
 * @param retry              retry and dead-letter policy.
 * @param breakerFailures    consecutive failed requests that open the circuit breaker, &gt;= 1.
 * @param breakerOpenMs      how long an open breaker refuses requests before a trial one, ms.
 */
public record EndpointConfig(String name, URI url, byte[] secret, EndpointFilter filter, long timeoutMs, int batchSize,
    RetryPolicy retry, int breakerFailures, long breakerOpenMs)
{
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Checks every field. */
    public EndpointConfig
    {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches())
        {
            throw new IllegalArgumentException("name: expected lower-case letters, digits, '.', '_' or '-' "
                + "(at most 64), found '" + name + "'");
        }
        Objects.requireNonNull(url, "url");
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null)
        {
            throw new IllegalArgumentException("url: expected an http:// or https:// URL with a host, found '" + url + "'");
        }
        if (Objects.requireNonNull(secret, "secret").length == 0)
        {
            throw new IllegalArgumentException("secret: must not be empty");
        }
        secret = secret.clone();
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(retry, "retry");
        if (timeoutMs < 1 || batchSize < 1 || batchSize > 1000 || breakerFailures < 1 || breakerOpenMs < 1)
        {
            throw new IllegalArgumentException("expected timeout > 0, batch-size 1..1000, circuit-breaker failures "
                + ">= 1 and open-for > 0");
        }
    }

    /**
     * @param name   endpoint name.
     * @param url    where to POST.
     * @param secret signing key.
     * @return an endpoint with every other setting at its default.
     */
    public static EndpointConfig of(final String name, final URI url, final byte[] secret)
    {
        return new EndpointConfig(name, url, secret, EndpointFilter.ALL, 10_000, 1, RetryPolicy.DEFAULT, 5, 30_000);
    }

    /** @return a copy of the signing key. */
    @Override
    public byte[] secret()
    {
        return secret.clone();
    }

    /**
     * @param retry a retry policy.
     * @return a copy with it.
     */
    public EndpointConfig withRetry(final RetryPolicy retry)
    {
        return new EndpointConfig(name, url, secret, filter, timeoutMs, batchSize, retry, breakerFailures,
            breakerOpenMs);
    }

    /**
     * @param timeoutMs request timeout, ms.
     * @param batchSize alerts per request.
     * @return a copy with them.
     */
    public EndpointConfig withTimeoutAndBatch(final long timeoutMs, final int batchSize)
    {
        return new EndpointConfig(name, url, secret, filter, timeoutMs, batchSize, retry, breakerFailures,
            breakerOpenMs);
    }

    /**
     * @param failures consecutive failures that open the breaker.
     * @param openMs   how long it stays open, ms.
     * @return a copy with them.
     */
    public EndpointConfig withBreaker(final int failures, final long openMs)
    {
        return new EndpointConfig(name, url, secret, filter, timeoutMs, batchSize, retry, failures, openMs);
    }

    /**
     * @param filter which alerts the endpoint receives.
     * @return a copy with it.
     */
    public EndpointConfig withFilter(final EndpointFilter filter)
    {
        return new EndpointConfig(name, url, secret, filter, timeoutMs, batchSize, retry, breakerFailures,
            breakerOpenMs);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof EndpointConfig && ((EndpointConfig)o).name.equals(name) &&
            ((EndpointConfig)o).url.equals(url);
    }

    @Override
    public int hashCode()
    {
        return name.hashCode() * 31 + url.hashCode();
    }

    @Override
    public String toString()
    {
        return "EndpointConfig{name=" + name + ", url=" + url + ", secret=(hidden), filter=" + filter + ", timeoutMs="
            + timeoutMs + ", batchSize=" + batchSize + ", retry=" + retry + ", breaker=" + breakerFailures + "/"
            + breakerOpenMs + "ms}";
    }
}
