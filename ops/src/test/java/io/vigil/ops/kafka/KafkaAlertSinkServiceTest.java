package io.vigil.ops.kafka;

import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.rules.RuleSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.kafka.KafkaAlertSinkTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil run} with {@code kafka.sink} configured: an alert fired by transactions sent over HTTP lands on the
 * topic, keyed by its id, through the service's one outbox ({@code DATA/outbox}), and the sink's figures are in
 * {@code /metrics}.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaAlertSinkServiceTest
{
    private static final long T0 = 1_767_571_200_000L;

    @TempDir
    Path dir;

    @Test
    void shouldSendTheServicesAlertsToTheTopic() throws Exception
    {
        try (KafkaAlertSinkTestSupport broker = KafkaAlertSinkTestSupport.startBroker())
        {
            broker.createTopic("vigil-alerts", 1);
            Files.writeString(dir.resolve("vigil.yaml"), String.join("\n",
                "server: {port: 0}",
                "kafka:",
                "  brokers: [" + broker.bootstrap() + "]",
                "  properties: {client.dns.lookup: use_all_dns_ips}",
                "  sink:",
                "    topic: vigil-alerts",
                "    name: main",
                ""));
            final ServiceConfig config = ServiceConfig.load(dir.resolve("vigil.yaml"));
            config.data().overrideDir(dir.resolve("data"));
            final HttpClient http = HttpClient.newHttpClient();
            try (VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
            {
                final StringBuilder batch = new StringBuilder("[");
                for (int i = 0; i < 5; i++)
                {
                    batch.append(i == 0 ? "" : ",").append("{\"id\":\"k-").append(i).append("\",\"ts\":")
                        .append(T0 + i * 1000L).append(",\"card\":\"card-k\",\"merchant\":\"m-1\",\"amount\":\"30.00\","
                            + "\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}");
                }
                assertThat(http.send(HttpRequest.newBuilder(service.uri().resolve("/v1/transactions"))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                final KafkaAlertSink sink = service.outboxReaders().kafka();
                await("the alert acknowledged", 60_000, () -> sink.sent() == 1);
                await("the metrics", 10_000, () -> metrics(http, service)
                    .contains("vigil_kafka_sink_sent_total{sink=\"main\"} 1"));
                assertThat(metrics(http, service)).contains("vigil_kafka_sink_backlog{sink=\"main\"} 0",
                    "vigil_kafka_sink_failed_attempts_total{sink=\"main\"} 0", "vigil_outbox_appended_total 1");
                assertThat(sink.outbox().dir()).isEqualTo(dir.resolve("data").resolve("outbox"));
            }
            final List<ConsumerRecord<String, String>> records = broker.readAll("vigil-alerts");
            assertThat(records).singleElement().satisfies(r ->
            {
                assertThat(r.value()).contains("\"alert_id\":\"" + r.key() + "\"")
                    .contains("\"rule\":\"card-velocity-60s\"").contains("\"tx_id\":\"k-4\"");
                assertThat(KafkaAlertSinkTestSupport.header(r, KafkaAlertRecords.RULE)).isEqualTo("card-velocity-60s");
            });
        }
    }

    private static String metrics(final HttpClient http, final VigilService service)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(service.uri().resolve("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }
}
