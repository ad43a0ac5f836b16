package io.vigil.ops.cli;

import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.delivery.DeliveryMetrics;
import io.vigil.ops.delivery.EndpointMetrics;
import io.vigil.ops.delivery.WebhookConfig;
import io.vigil.ops.delivery.WebhookConfigException;
import io.vigil.ops.delivery.WebhookConfigReader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Webhook delivery options shared by {@code demo} and {@code backtest}: {@code --webhooks FILE} turns delivery
 * on (alerts go to the outbox, then to the endpoints), {@code --outbox DIR} keeps the outbox that webhooks and
 * the PostgreSQL sink read (default: a temporary one, see {@link OutboxSinks}), {@code --delivery-wait} bounds
 * the wait for the backlog at the end.
 */
final class WebhookOptions
{
    @Option(names = "--webhooks", paramLabel = "FILE", description = "Deliver alerts to the webhook endpoints of "
        + "this YAML file (see the README's 'Alert delivery: webhooks').")
    Path webhooks;

    @Option(names = "--outbox", paramLabel = "DIR", description = "Alert outbox directory for --webhooks and "
        + "--db-config: alerts wait there for each sink, and a restart on it resumes each sink where it stopped "
        + "(default: a temporary one, kept only if alerts are left undelivered or unwritten).")
    Path outbox;

    @Option(names = "--delivery-wait", defaultValue = "30s", converter = DurationConverter.class,
        description = "With --webhooks: longest wait at the end for the endpoints to take the backlog (default: "
            + "${DEFAULT-VALUE}); what is left stays in the outbox for the next run.")
    Duration deliveryWait;

    /**
     * @return the webhook configuration, or null without {@code --webhooks}.
     * @throws UserError   for a missing or invalid file.
     * @throws IOException if the file cannot be read.
     */
    WebhookConfig load() throws IOException
    {
        if (webhooks == null)
        {
            return null;
        }
        if (!Files.isReadable(webhooks))
        {
            throw new UserError("--webhooks " + webhooks + ": no such readable file", UserError.NO_INPUT);
        }
        try
        {
            return WebhookConfigReader.read(webhooks);
        }
        catch (final WebhookConfigException ex)
        {
            throw new UserError("webhook configuration refused:\n" + ex.getMessage(), UserError.BAD_INPUT);
        }
    }

    /**
     * Waits for the backlog (up to {@code --delivery-wait}), stops delivery and prints its summary.
     *
     * @param delivery the delivery.
     * @param out      where to print.
     * @return alerts some endpoint has still to finish (0: drained).
     */
    long finish(final AlertDelivery delivery, final PrintWriter out)
    {
        boolean drained;
        try
        {
            drained = delivery.awaitDrained(deliveryWait.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            drained = false;
        }
        final DeliveryMetrics m = delivery.metrics();
        delivery.close();
        print(m, out);
        return drained ? 0 : Math.max(1, m.maxBacklog());
    }

    static void print(final DeliveryMetrics m, final PrintWriter out)
    {
        out.printf(Locale.ROOT, "delivery     %,d alert(s) in the outbox, %,d repeat(s) skipped%n", m.appended(),
            m.duplicatesSkipped());
        for (final EndpointMetrics e : m.endpoints())
        {
            out.printf(Locale.ROOT, "  %-24s delivered %,d  failed attempts %,d  dead-lettered %,d  backlog %,d  "
                + "breaker %s%s%n", e.name(), e.delivered(), e.failedAttempts(), e.deadLettered(), e.backlog(),
                e.breaker(), e.lastError().isEmpty() ? "" : "  last error: " + e.lastError());
        }
    }
}
