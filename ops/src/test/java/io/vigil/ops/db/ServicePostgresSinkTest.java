package io.vigil.ops.db;

import io.vigil.ops.service.ConfigException;
import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.rules.RuleSet;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code vigil run} with the PostgreSQL sink configured ({@code delivery.postgres: db.yaml}): an alert fired by
 * transactions sent over HTTP is written into the {@code alerts} table, through the service's one outbox, and the
 * sink's figures are in {@code /metrics}; after a restart nothing is written twice.
 */
@Tag("slow")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ServicePostgresSinkTest
{
    private static final long T0 = 1_767_571_200_000L;

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheServicesAlertsIntoPostgres() throws Exception
    {
        try (PostgresServer server = PostgresServer.start())
        {
            final String url = server.newDatabase();
            Files.writeString(dir.resolve("db.yaml"), "url: " + url + "\nuser: vigil\nbatch_size: 10\n"
                + "flush_interval: 20ms\n");
            Files.writeString(dir.resolve("vigil.yaml"), "server: {port: 0}\ndelivery: {postgres: db.yaml}\n");
            final ServiceConfig config = ServiceConfig.load(dir.resolve("vigil.yaml"));
            assertThat(config.delivery().postgres()).isEqualTo(dir.resolve("db.yaml"));
            config.data().overrideDir(dir.resolve("data"));
            final HttpClient http = HttpClient.newHttpClient();
            try (VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
            {
                assertThat(service.outboxReaders().db()).isNotNull();
                post(http, service, "a", "card-a", T0);
                DbTestSupport.await("the alert in the table", 60_000, () -> DbTestSupport.rowCount(url) == 1);
                DbTestSupport.await("the metrics", 10_000, () -> metrics(http, service)
                    .contains("vigil_postgres_sink_written_total{sink=\"default\"} 1"));
                assertThat(metrics(http, service)).contains("vigil_postgres_sink_backlog{sink=\"default\"} 0",
                    "vigil_outbox_appended_total 1");
            }
            final Map<String, String> rows = DbTestSupport.rows(url);
            assertThat(rows.values()).singleElement().asString().contains("\"rule\":\"card-velocity-60s\"")
                .contains("\"tx_id\":\"a-4\"");

            // a restart recovers the engine (its replay re-emits nothing new to write) and writes the next alert
            try (VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
            {
                assertThat(service.outboxReaders().db().resumed()).isTrue();
                post(http, service, "b", "card-b", T0 + 600_000); // later: events before the newest are late
                DbTestSupport.await("the second alert in the table", 60_000, () -> DbTestSupport.rowCount(url) == 2);
            }
            assertThat(DbTestSupport.rows(url)).hasSize(2).containsAllEntriesOf(rows);
        }
    }

    @Test
    void shouldRefuseABadDatabaseFileNamingIt() throws Exception
    {
        Files.writeString(dir.resolve("db.yaml"), "url: jdbc:postgresql://127.0.0.1:1/x\nbatch_size: lots\n");
        Files.writeString(dir.resolve("vigil.yaml"), "server: {port: 0}\ndelivery: {postgres: db.yaml}\n");
        final ServiceConfig config = ServiceConfig.load(dir.resolve("vigil.yaml"));
        config.data().overrideDir(dir.resolve("data"));
        assertThatThrownBy(() -> VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
            .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.postgres")
            .hasMessageContaining(dir.resolve("db.yaml") + ":2:");
        Files.writeString(dir.resolve("vigil.yaml"), "server: {port: 0}\ndelivery: {postgres: none.yaml}\n");
        final ServiceConfig missing = ServiceConfig.load(dir.resolve("vigil.yaml"));
        missing.data().overrideDir(dir.resolve("data"));
        assertThatThrownBy(() -> VigilService.start(missing, RuleSet.defaultPack(), List.of(), f -> f))
            .isInstanceOf(ConfigException.class).hasMessageContaining("delivery.postgres")
            .hasMessageContaining("none.yaml: no such readable file");
    }

    private static void post(final HttpClient http, final VigilService service, final String prefix,
        final String card, final long t0) throws Exception
    {
        final StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++)
        {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append('-').append(i)
                .append("\",\"ts\":").append(t0 + i * 1000L).append(",\"card\":\"").append(card)
                .append("\",\"merchant\":\"m-1\",\"amount\":\"30.00\",\"currency\":\"EUR\",\"country\":\"DE\","
                    + "\"status\":\"approved\"}");
        }
        assertThat(http.send(HttpRequest.newBuilder(service.uri().resolve("/v1/transactions"))
            .POST(HttpRequest.BodyPublishers.ofString(batch.append(']').toString())).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    static String metrics(final HttpClient http, final VigilService service)
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
