package io.vigil.ops.delivery;

import io.vigil.journal.outbox.OutboxEntry;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the HTTP request that carries alerts to an endpoint: a POST whose body is the alert's JSON exactly as
 * the engine wrote it (or, for a batch, a JSON array of them), with headers
 * <ul>
 *   <li>{@code Content-Type: application/json}</li>
 *   <li>{@code Idempotency-Key}: the alert id (32 hex digits); for a batch, 32 hex digits of the SHA-256 of its
 *   ids in order (receivers deduplicate each alert by its {@code alert_id} anyway)</li>
 *   <li>{@code Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} (see {@link WebhookSigner})</li>
 *   <li>{@code Vigil-Alert-Ids}: the ids in the body, comma separated (left out above 100); {@code Vigil-Attempt}: 1
 *   for the first try</li>
 * </ul>
 * Thread contract: static functions; any thread.
 */
public final class WebhookRequests
{
    /** The idempotency header. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private WebhookRequests()
    {
    }

    /**
     * @param alerts one alert or a batch.
     * @return the request body: the one alert's JSON, or a JSON array of the alerts' JSON.
     */
    public static byte[] body(final List<OutboxEntry> alerts)
    {
        if (alerts.size() == 1)
        {
            return alerts.get(0).json();
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(alerts.size() * 512);
        out.write('[');
        for (int i = 0; i < alerts.size(); i++)
        {
            if (i > 0)
            {
                out.write(',');
            }
            out.writeBytes(alerts.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }

    /**
     * @param alerts one alert or a batch.
     * @return the idempotency key.
     */
    public static String idempotencyKey(final List<OutboxEntry> alerts)
    {
        if (alerts.size() == 1)
        {
            return alerts.get(0).alertId();
        }
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (final OutboxEntry e : alerts)
            {
                sha.update(e.alertId().getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param endpoint         where to send.
     * @param body             the body.
     * @param idempotencyKey   the idempotency key.
     * @param alertIds         the ids in the body, comma separated; empty to leave the header out.
     * @param attempt          attempt number, from 1.
     * @param timestampSeconds signing time, unix seconds.
     * @return the signed request.
     */
    public static HttpRequest request(final EndpointConfig endpoint, final byte[] body, final String idempotencyKey,
        final String alertIds, final int attempt, final long timestampSeconds)
    {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.url())
            .timeout(Duration.ofMillis(endpoint.timeoutMs()))
            .header("Content-Type", "application/json")
            .header("User-Agent", "vigil-webhooks/1")
            .header(IDEMPOTENCY_KEY, idempotencyKey)
            .header("Vigil-Attempt", Integer.toString(attempt))
            .header(WebhookSigner.HEADER, WebhookSigner.sign(endpoint.secret(), timestampSeconds, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!alertIds.isEmpty())
        {
            builder.header("Vigil-Alert-Ids", alertIds);
        }
        return builder.build();
    }
}
