package io.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.Severity;
import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.DeliveryMetrics;
import io.vigil.ops.delivery.EndpointConfig;
import io.vigil.ops.delivery.RetryPolicy;
import io.vigil.ops.delivery.WebhookConfig;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Does a receiver that never answers slow detection down? Measures what webhook delivery costs the engine's
 * alert collector: the time of each {@code OutboxAlertSink.onAlert} (the outbox append), at a fixed rate of
 * alerts, with an endpoint that answers at once ({@code fast}) or one that never answers ({@code hanging}).
 * Detection latency is recorded before the sinks are called, so this call, on the collector thread, is the
 * only way delivery can add to it (by delaying the next alerts).
 * <pre>
 *   java $(cat ops/target/launcher/jvm.flags) -cp bench/target/benchmarks.jar io.vigil.bench.DeliveryIsolationRig \
 *       fast|hanging [alerts=100000] [alerts per second=20000]
 * </pre>
 */
public final class DeliveryIsolationRig
{
    private DeliveryIsolationRig()
    {
    }

    /**
     * @param args mode, alert count, rate.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String mode = args.length > 0 ? args[0] : "fast";
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        final int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        final CountDownLatch stop = new CountDownLatch(1);
        final ExecutorService executor = Executors.newCachedThreadPool();
        final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange ->
        {
            exchange.getRequestBody().readAllBytes();
            if ("hanging".equals(mode))
            {
                try
                {
                    stop.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        final Path outbox = Files.createTempDirectory("vigil-rig-outbox");
        final EndpointConfig endpoint = EndpointConfig.of("rig",
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
            "rig-secret".getBytes(StandardCharsets.UTF_8))
            .withTimeoutAndBatch(2_000, 10).withRetry(new RetryPolicy(1_000, 3_600_000, 100, 1_000));
        final AlertRoutes routes = new AlertRoutes(List.of("rig-rule"), List.of(List.of("rig")));
        final Histogram appendNs = new Histogram(3);
        final AlertView view = new AlertView();
        final UnsafeBuffer buffer = alertBuffer();
        final DeliveryMetrics end;
        try (AlertDelivery delivery = AlertDelivery.start(new WebhookConfig(List.of(endpoint)), outbox, routes))
        {
            final long periodNs = 1_000_000_000L / rate;
            final long startNs = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                final long due = startNs + i * periodNs;
                while (System.nanoTime() < due)
                {
                    LockSupport.parkNanos(50_000);
                }
                buffer.putLong(AlertDescriptor.ALERT_ID_HI_OFFSET, i);
                buffer.putLong(AlertDescriptor.ALERT_ID_LO_OFFSET, ~i);
                final long t0 = System.nanoTime();
                delivery.sink().onAlert(view.wrap(buffer, 0));
                appendNs.recordValue(System.nanoTime() - t0);
                if ((i & 63) == 63)
                {
                    delivery.sink().onIdle();
                }
            }
            delivery.awaitDrained(2_000);
            end = delivery.metrics();
        }
        finally
        {
            stop.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%s: %,d alerts at %,d/s; outbox append on the collector thread: p50 %.1f us  "
            + "p90 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us; delivered %,d, backlog %,d, breaker %s%n", mode,
            count, rate, appendNs.getValueAtPercentile(50) / 1e3, appendNs.getValueAtPercentile(90) / 1e3,
            appendNs.getValueAtPercentile(99) / 1e3, appendNs.getValueAtPercentile(99.9) / 1e3,
            appendNs.getMaxValue() / 1e3, end.endpoints().get(0).delivered(), end.endpoints().get(0).backlog(),
            end.endpoints().get(0).breaker());
        try (Stream<Path> paths = Files.walk(outbox))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            System.err.println("could not delete " + outbox);
        }
    }

    private static UnsafeBuffer alertBuffer()
    {
        final byte[] json = ("{\"alert_id\":\"00000000000000000000000000000000\",\"rule\":\"rig-rule\",\"rule_version\":1,"
            + "\"severity\":\"high\",\"key_type\":\"card\",\"key\":\"card-000001\",\"tx_id\":\"tx-0000000001\","
            + "\"event_time\":\"2026-01-05T00:00:04.000Z\",\"event_time_ms\":1767571204000,\"details\":{\"count()\":5,"
            + "\"window_ms\":60000,\"tx_ids\":[\"tx-1\",\"tx-2\",\"tx-3\",\"tx-4\",\"tx-5\"],\"tx_ids_omitted\":0}}")
            .getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AlertDescriptor.HEADER_LENGTH + json.length]);
        buffer.putByte(AlertDescriptor.SEVERITY_OFFSET, Severity.HIGH.code());
        buffer.putByte(AlertDescriptor.KIND_OFFSET, AlertDescriptor.KIND_ALERT);
        buffer.putInt(AlertDescriptor.JSON_LENGTH_OFFSET, json.length);
        buffer.putBytes(AlertDescriptor.HEADER_LENGTH, json);
        return buffer;
    }
}
