package io.vigil.ops.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;
import io.vigil.ops.ingest.EventJsonWriter;
import io.vigil.ops.ingest.TransactionJsonParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event kind through the service's HTTP ingest (one object, a batch, an NDJSON stream): acknowledged,
 * journaled with its kind and fields, and deduplicated by id like a transaction.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceEventKindsTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldJournalEveryKindPostedAndDeduplicateTheirIds() throws Exception
    {
        final Map<String, String> sent = new LinkedHashMap<>();
        sent.put("k-cp", "{\"type\":\"card_profile\",\"id\":\"k-cp\",\"ts\":" + T0 + ",\"card\":\"c-1\"," +
            "\"account\":\"a-1\",\"home_country\":\"DE\",\"limit\":2000,\"currency\":\"EUR\",\"card_status\":\"lost\"}");
        sent.put("k-mp", "{\"type\":\"merchant_profile\",\"id\":\"k-mp\",\"ts\":" + (T0 + 1) + ",\"merchant\":\"m-1\"," +
            "\"category\":5967,\"country\":\"DE\",\"risk\":\"high\"}");
        sent.put("k-ae", "{\"type\":\"account_event\",\"id\":\"k-ae\",\"ts\":" + (T0 + 2) + ",\"account\":\"a-1\"," +
            "\"device\":\"d-new\",\"ip\":\"10.0.0.9\",\"action\":\"device_change\"}");
        sent.put("k-ap", "{\"type\":\"account_profile\",\"id\":\"k-ap\",\"ts\":" + (T0 + 3) + ",\"account\":\"a-1\"," +
            "\"country\":\"DE\",\"risk\":\"high\"}");
        sent.put("k-rf", "{\"type\":\"reference\",\"id\":\"k-rf\",\"ts\":" + (T0 + 4) + ",\"list\":\"sanctioned_country\"," +
            "\"value\":\"KP\",\"op\":\"add\"}");
        sent.put("k-rb", "{\"type\":\"reference\",\"id\":\"k-rb\",\"ts\":" + (T0 + 5) + ",\"list\":\"blocked_bin\"," +
            "\"value\":\"999901\",\"op\":\"add\"}");
        sent.put("k-tx", tx("k-tx", T0 + 6, "c-1", "12.00"));

        final Map<String, Long> acked = new HashMap<>();
        final Path journal;
        final Map<String, String> journaled;
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final String[] bodies = sent.values().toArray(new String[0]);
            ack(acked, f.post("/v1/transactions", bodies[0], null));
            ack(acked, f.post("/v1/transactions", "[" + bodies[1] + "," + bodies[2] + "]", null));
            final HttpResponse<String> stream = f.post("/v1/transactions/stream",
                String.join("\n", bodies[3], bodies[4], bodies[5], bodies[6]) + "\n", null);
            assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
            assertThat(JSON.readTree(stream.body()).get("accepted").asInt()).isEqualTo(4);

            final HttpResponse<String> again = f.post("/v1/transactions", bodies[0], null);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).at("/results/0/journal_index").asLong()).isEqualTo(acked.get("k-cp"));

            final HttpResponse<String> bad = f.post("/v1/transactions/stream", bodies[6].replace("k-tx", "k-tx2") +
                "\n{\"type\":\"card_profile\",\"id\":\"k-bad\",\"ts\":1,\"card\":\"c\",\"home_country\":\"DE\"," +
                "\"card_status\":\"frozen\"}\n", null);
            assertThat(bad.statusCode()).isEqualTo(400);
            final JsonNode error = JSON.readTree(bad.body());
            assertThat(error.get("line").asInt()).isEqualTo(2);
            assertThat(error.get("field").asText()).isEqualTo("card_status");
            journal = f.service.host().journalDir();
            f.service.close();
            journaled = journaledJson(journal);
            final java.io.StringWriter stats = new java.io.StringWriter();
            io.vigil.ops.journal.JournalStats.of(journal).print(new java.io.PrintWriter(stats));
            assertThat(stats.toString()).containsPattern("card_profile\\s+1\\n").containsPattern("reference\\s+2\\n")
                .containsPattern("    transaction\\s+2\\n");
        }

        final TransactionJsonParser parser = new TransactionJsonParser();
        final EventJsonWriter writer = new EventJsonWriter();
        final TransactionFlyweight expected = flyweight();
        for (final Map.Entry<String, String> e : sent.entrySet())
        {
            parser.parse(e.getValue(), expected);
            assertThat(journaled.get(e.getKey())).as(e.getKey()).isEqualTo(writer.write(expected));
        }
        assertThat(journaled).containsKey("k-tx2").doesNotContainKey("k-bad").hasSize(sent.size() + 1);
    }

    private static void ack(final Map<String, Long> acked, final HttpResponse<String> response) throws Exception
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (final JsonNode result : JSON.readTree(response.body()).get("results"))
        {
            acked.put(result.get("id").asText(), result.get("journal_index").asLong());
        }
    }

    private static Map<String, String> journaledJson(final Path journal)
    {
        final Map<String, String> events = new HashMap<>();
        final EventJsonWriter writer = new EventJsonWriter();
        final TransactionFlyweight event = new TransactionFlyweight();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[EventSlot.CAPACITY]);
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.readAll((index, type, buffer, offset, length) ->
            {
                if (type == EventSlot.TYPE_TRANSACTION)
                {
                    copy.putBytes(0, buffer, offset, length);
                    event.wrap(copy, 0);
                    assertThat(events.put(event.id(), writer.write(event))).as("journaled twice").isNull();
                }
            });
        }
        return events;
    }

    private static TransactionFlyweight flyweight()
    {
        return new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    }
}
