package io.vigil.ops.service;

import com.sun.net.httpserver.HttpServer;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with webhook delivery configured ({@code delivery.webhooks}): an alert fired by transactions sent
 * over HTTP reaches a loopback receiver, and the metrics and the dashboard's feed show the endpoint.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceDeliveryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeliverAnAlertToTheConfiguredWebhookAndShowTheEndpointInTheMetrics() throws Exception
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        final HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alerts", exchange ->
        {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try
        {
            Files.writeString(dir.resolve("hook.secret"), "test-secret-0123456789");
            Files.writeString(dir.resolve("webhooks.yaml"), "endpoints:\n  - name: receiver\n    url: http://127.0.0.1:" +
                receiver.getAddress().getPort() + "/alerts\n    secret-file: hook.secret\n");
            Files.writeString(dir.resolve("vigil.yaml"), "server: {port: 0}\ndelivery: {webhooks: webhooks.yaml}\n");
            final ServiceConfig config = ServiceConfig.load(dir.resolve("vigil.yaml"));
            config.data().overrideDir(dir.resolve("data"));
            try (VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
            {
                final StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 5; i++)
                {
                    batch.append(i == 0 ? "" : ",").append(tx("w-" + i, T0 + i * 1000L, "card-w", "30.00"));
                }
                final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(service.uri().resolve("/v1/transactions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                ServiceHttpTest.awaitTrue(() -> !received.isEmpty());
                assertThat(received.get(0)).contains("\"rule\":\"card-velocity-60s\"").contains("\"tx_id\":\"w-4\"");
                ServiceHttpTest.awaitTrue(() -> metrics(http, service).contains(
                    "vigil_webhook_delivered_total{endpoint=\"receiver\"} 1"));
                assertThat(metrics(http, service)).contains("vigil_webhook_backlog{endpoint=\"receiver\"} 0",
                    "vigil_outbox_appended_total 1");
            }
            assertThat(Files.isDirectory(dir.resolve("data").resolve("outbox"))).isTrue();
        }
        finally
        {
            receiver.stop(0);
        }
    }

    private static String metrics(final java.net.http.HttpClient http, final VigilService service)
    {
        try
        {
            return http.send(java.net.http.HttpRequest.newBuilder(service.uri().resolve("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
