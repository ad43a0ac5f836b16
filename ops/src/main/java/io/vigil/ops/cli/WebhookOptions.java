package io.vigil.ops.cli;

import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.DeliveryMetrics;
import io.vigil.ops.delivery.EndpointMetrics;
import io.vigil.ops.delivery.WebhookConfig;
import io.vigil.ops.delivery.WebhookConfigException;
import io.vigil.ops.delivery.WebhookConfigReader;
import io.vigil.rules.RuleSet;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Webhook delivery options shared by {@code demo} and {@code backtest}: {@code --webhooks FILE} turns delivery
 * on (alerts go to the outbox, then to the endpoints), {@code --outbox DIR} keeps the outbox (default: a
 * temporary one, deleted at the end if everything was delivered), {@code --delivery-wait} bounds the wait for
 * the backlog at the end.
 */
final class WebhookOptions
{
    @Option(names = "--webhooks", paramLabel = "FILE", description = "Deliver alerts to the webhook endpoints of "
        + "this YAML file (see the README's 'Alert delivery: webhooks').")
    Path webhooks;

    @Option(names = "--outbox", paramLabel = "DIR", description = "Alert outbox directory for --webhooks (default: "
        + "a temporary one, kept only if alerts are left undelivered).")
    Path outbox;

    @Option(names = "--delivery-wait", defaultValue = "30s", converter = DurationConverter.class,
        description = "With --webhooks: longest wait at the end for the endpoints to take the backlog (default: "
            + "${DEFAULT-VALUE}); what is left stays in the outbox for the next run.")
    Duration deliveryWait;

    private boolean tempOutbox;

    /**
     * @param rules the running rules.
     * @return the started delivery, or null without {@code --webhooks}.
     * @throws IOException if a temporary outbox cannot be created.
     */
    AlertDelivery start(final RuleSet rules) throws IOException
    {
        if (webhooks == null)
        {
            return null;
        }
        if (!Files.isReadable(webhooks))
        {
            throw new UserError("--webhooks " + webhooks + ": no such readable file", UserError.NO_INPUT);
        }
        final WebhookConfig config;
        try
        {
            config = WebhookConfigReader.read(webhooks);
        }
        catch (final WebhookConfigException ex)
        {
            throw new UserError("webhook configuration refused:\n" + ex.getMessage(), UserError.BAD_INPUT);
        }
        tempOutbox = outbox == null;
        final Path dir = tempOutbox ? Files.createTempDirectory("vigil-outbox") : outbox;
        outbox = dir;
        return AlertDelivery.start(config, dir, AlertRoutes.of(rules));
    }

    /**
     * Waits for the backlog (up to {@code --delivery-wait}), prints the delivery summary and stops delivery.
     *
     * @param delivery the delivery, or null.
     * @param out      where to print.
     * @throws IOException if a temporary outbox cannot be deleted.
     */
    void finish(final AlertDelivery delivery, final PrintWriter out) throws IOException
    {
        if (delivery == null)
        {
            return;
        }
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
        if (drained && tempOutbox)
        {
            deleteRecursively(outbox);
        }
        else if (!drained)
        {
            out.printf(Locale.ROOT, "delivery     %,d alert(s) not yet delivered stay in the outbox %s; a run with "
                + "--outbox %s delivers them%n", m.maxBacklog(), outbox, outbox);
        }
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

    private static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
