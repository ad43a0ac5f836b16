package io.vigil.ops.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service over real HTTP on an ephemeral port: acknowledgements carry journal indexes that the journal
 * holds, alerts come out, retried ids are deduplicated, rules change through the journal, key state is
 * answered by the owning shard.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceHttpTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAcknowledgeWithTheJournalIndexTheJournalHolds() throws Exception
    {
        final Map<String, Long> acked = new HashMap<>();
        final Path journal;
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final HttpResponse<String> one = f.post("/v1/transactions", tx("a-1", T0, "c-1", "10.00"), null);
            assertThat(one.statusCode()).isEqualTo(200);
            final HttpResponse<String> batch = f.post("/v1/transactions",
                "[" + tx("a-2", T0 + 1000, "c-1", "11.00") + "," + tx("a-3", T0 + 2000, "c-2", "12.00") + "]", null);
            assertThat(batch.statusCode()).isEqualTo(200);
            for (final HttpResponse<String> r : List.of(one, batch))
            {
                final JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("journaled").asBoolean()).isTrue();
                for (final JsonNode result : body.get("results"))
                {
                    acked.put(result.get("id").asText(), result.get("journal_index").asLong());
                }
            }
            journal = f.service.host().journalDir();
            f.service.close();
            assertThat(journaledIds(journal)).isEqualTo(acked);
        }
    }

    @Test
    void shouldFireAnAlertForTransactionsSentOverHttp() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 5; i++)
            {
                body.append(i == 0 ? "" : ",").append(tx("v-" + i, T0 + i * 1000L, "card-v", "20.00"));
            }
            assertThat(f.post("/v1/transactions", body.append(']').toString(), null).statusCode()).isEqualTo(200);
            awaitTrue(() -> f.service.alerts().perRule().getOrDefault("card-velocity-60s", 0L) == 1L);
            assertThat(f.service.alerts().since(0)).singleElement().asString()
                .contains("\"rule\":\"card-velocity-60s\"").contains("\"tx_id\":\"v-4\"");
            final String metrics = f.get("/metrics", null).body();
            assertThat(metrics).contains("vigil_alerts_total{rule=\"card-velocity-60s\"} 1")
                .contains("vigil_events_in_total 5");
        }
    }

    @Test
    void shouldAcknowledgeARetriedIdAgainWithItsOriginalIndexAndApplyItOnce() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final JsonNode first = JSON.readTree(f.post("/v1/transactions", tx("d-1", T0, "c-d", "5.00"), null).body());
            final JsonNode again = JSON.readTree(f.post("/v1/transactions",
                "[" + tx("d-1", T0, "c-d", "5.00") + "," + tx("d-2", T0 + 1, "c-d", "6.00") + "]", null).body());
            final long index = first.at("/results/0/journal_index").asLong();
            assertThat(again.at("/results/0/duplicate").asBoolean()).isTrue();
            assertThat(again.at("/results/0/journal_index").asLong()).isEqualTo(index);
            assertThat(again.at("/results/1/duplicate").asBoolean()).isFalse();
            assertThat(again.get("accepted").asInt()).isEqualTo(1);
            final Path journal = f.service.host().journalDir();
            f.service.close();
            assertThat(journaledIds(journal)).containsOnlyKeys("d-1", "d-2");
        }
    }

    @Test
    void shouldRememberAcceptedIdsAcrossARestart() throws Exception
    {
        final Path dir = java.nio.file.Files.createTempDirectory("vigil-restart");
        try
        {
            final long index;
            try (ServiceFixture f = new ServiceFixture("", dir, false, p -> p))
            {
                index = JSON.readTree(f.post("/v1/transactions", tx("r-1", T0, "c-r", "5.00"), null).body())
                    .at("/results/0/journal_index").asLong();
            }
            try (ServiceFixture f = new ServiceFixture("", dir, false, p -> p))
            {
                final JsonNode again = JSON.readTree(f.post("/v1/transactions", tx("r-1", T0, "c-r", "5.00"), null).body());
                assertThat(again.at("/results/0/duplicate").asBoolean()).isTrue();
                assertThat(again.at("/results/0/journal_index").asLong()).isEqualTo(index);
            }
        }
        finally
        {
            ServiceFixture.deleteRecursively(dir);
        }
    }

    @Test
    void shouldIngestAnNdjsonStreamAndNameTheBadLine() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final String good = tx("s-1", T0, "c-s", "1.00") + "\n\n" + tx("s-2", T0 + 1, "c-s", "2.00") + "\r\n";
            final JsonNode ok = JSON.readTree(f.post("/v1/transactions/stream", good, null).body());
            assertThat(ok.get("accepted").asInt()).isEqualTo(2);
            assertThat(ok.get("lines").asInt()).isEqualTo(3);
            final HttpResponse<String> bad = f.post("/v1/transactions/stream",
                tx("s-3", T0 + 2, "c-s", "3.00") + "\n" + tx("s-4", T0 + 3, "c-s", "-3.00") + "\n", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            final JsonNode error = JSON.readTree(bad.body());
            assertThat(error.get("line").asInt()).isEqualTo(2);
            assertThat(error.get("field").asText()).isEqualTo("amount");
            assertThat(error.get("accepted").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldChangeRulesThroughTheJournalAndRefuseABadFileWithLineAndColumn() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final String bad = "rules:\n  - id: x\n    key: card\n    severity: high\n" +
                "    window: {type: sliding, size: 60s}\n    when: count() >= \"a\"\n";
            final HttpResponse<String> refused = f.put("/v1/rules", bad, null);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).get("errors").get(0).asText()).startsWith("rules:6:");
            assertThat(JSON.readTree(f.get("/v1/rules", null).body()).get("rules")).hasSize(17);

            final String good = "rules:\n  - id: two-in-a-minute\n    key: card\n    severity: low\n" +
                "    window: {type: sliding, size: 60s}\n    when: count() >= 2\n";
            final HttpResponse<String> applied = f.put("/v1/rules", good, null);
            assertThat(applied.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(applied.body()).get("version").asLong()).as("after the rules journaled at start")
                .isEqualTo(2);
            final JsonNode now = JSON.readTree(f.get("/v1/rules", null).body());
            assertThat(now.get("rules")).hasSize(1);
            assertThat(now.at("/rules/0/id").asText()).isEqualTo("two-in-a-minute");

            f.post("/v1/transactions", "[" + tx("k-1", T0, "c-k", "1.00") + "," + tx("k-2", T0 + 1, "c-k", "1.00") + "]",
                null);
            awaitTrue(() -> f.service.alerts().perRule().getOrDefault("two-in-a-minute", 0L) == 1L);
            final Path journal = f.service.host().journalDir();
            f.service.close();
            final List<Integer> types = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(journal))
            {
                reader.readAll((index, type, buffer, offset, length) -> types.add(type));
            }
            // the rules journaled at start, the change, the transactions, the checkpoint barrier of the stop
            assertThat(types).containsExactly(EventSlot.TYPE_PROGRAM, EventSlot.TYPE_PROGRAM,
                EventSlot.TYPE_TRANSACTION, EventSlot.TYPE_TRANSACTION, EventSlot.TYPE_CHECKPOINT);
        }
    }

    @Test
    void shouldAnswerAKeysLiveStateFromItsShard() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture("engine: {shards: 2}\n"))
        {
            f.post("/v1/transactions", "[" + tx("q-1", T0, "card-q", "7.00") + "," + tx("q-2", T0 + 5000, "card-q", "8.00") +
                "]", null);
            final HttpResponse<String> state = f.get("/v1/keys/card/card-q", null);
            assertThat(state.statusCode()).isEqualTo(200);
            final JsonNode body = JSON.readTree(state.body());
            assertThat(body.get("key").asText()).isEqualTo("card-q");
            assertThat(body.get("newest_event_ms").asLong()).isEqualTo(T0 + 5000);
            JsonNode velocity = null;
            for (final JsonNode rule : body.get("rules"))
            {
                if (rule.get("rule").asText().equals("card-velocity-60s"))
                {
                    velocity = rule;
                }
            }
            assertThat(velocity).isNotNull();
            assertThat(velocity.get("window_events").asInt()).isEqualTo(2);
            assertThat(f.get("/v1/keys/card/nobody", null).statusCode()).isEqualTo(404);
            assertThat(f.get("/v1/keys/planet/earth", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldAnswerHealthReadyAndMetrics() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture(""))
        {
            assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(f.get("/ready", null).statusCode()).isEqualTo(200);
            final String metrics = f.get("/metrics", null).body();
            assertThat(metrics).contains("# TYPE vigil_ring_occupancy gauge", "vigil_journal_lag 0",
                "vigil_stage_latency_seconds_bucket{stage=\"ack\",le=\"+Inf\"}", "vigil_late_events_total 0");
            assertThat(f.get("/dashboard/index.html", null).body()).contains("<title>Vigil");
        }
    }

    static Map<String, Long> journaledIds(final Path journal)
    {
        final Map<String, Long> ids = new HashMap<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[EventSlot.CAPACITY]);
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.readAll((index, type, buffer, offset, length) ->
            {
                if (type == EventSlot.TYPE_TRANSACTION)
                {
                    copy.putBytes(0, buffer, offset, length);
                    final Long previous = ids.put(tx.wrap(copy, 0).id(), index);
                    assertThat(previous).as("journaled twice: " + tx.id()).isNull();
                }
            });
        }
        return ids;
    }

    static void awaitTrue(final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
            LockSupport.parkNanos(5_000_000);
        }
    }
}
