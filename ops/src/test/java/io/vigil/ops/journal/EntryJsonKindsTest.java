package io.vigil.ops.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.TransactionJsonParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal tools print each event kind with its own fields, and transactions as before. */
class EntryJsonKindsTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPrintACardProfileWithItsOwnFields() throws Exception
    {
        final JsonNode node = describe("{\"type\":\"card_profile\",\"id\":\"cp-1\",\"ts\":1767571200000," +
            "\"card\":\"c-1\",\"account\":\"a-1\",\"home_country\":\"DE\",\"card_status\":\"stolen\"}", true);

        assertThat(node.get("type").asText()).isEqualTo("card_profile");
        assertThat(node.get("index").asLong()).isEqualTo(7);
        assertThat(node.get("card_status").asText()).isEqualTo("stolen");
        assertThat(node.get("home_country").asText()).isEqualTo("DE");
        assertThat(node.get("ts").asText()).isEqualTo("2026-01-05T00:00:00Z");
        assertThat(node.get("ts_ms").asLong()).isEqualTo(1_767_571_200_000L);
        assertThat(node.has("amount")).isFalse();
        assertThat(node.has("status")).isFalse();
        assertThat(node.get("key_hashes").get("card").asText()).isNotEqualTo("0");
    }

    @Test
    void shouldPrintAReferenceEntryAndAnAccountEvent() throws Exception
    {
        final JsonNode reference = describe("{\"type\":\"reference\",\"id\":\"r\",\"ts\":5,\"list\":\"blocked_bin\"," +
            "\"value\":\"999901\",\"op\":\"remove\"}", false);
        assertThat(reference.get("list").asText()).isEqualTo("blocked_bin");
        assertThat(reference.get("value").asText()).isEqualTo("999901");
        assertThat(reference.get("op").asText()).isEqualTo("remove");

        final JsonNode login = describe("{\"type\":\"account_event\",\"id\":\"l\",\"ts\":5,\"account\":\"a-1\"," +
            "\"action\":\"login\"}", false);
        assertThat(login.get("action").asText()).isEqualTo("login");
        assertThat(login.get("account").asText()).isEqualTo("a-1");
        assertThat(login.has("card")).isFalse();
    }

    @Test
    void shouldStillPrintATransactionAsBefore() throws Exception
    {
        final JsonNode node = describe("{\"id\":\"t\",\"ts\":5,\"card\":\"c\",\"merchant\":\"m\",\"amount\":1.5," +
            "\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}", false);

        assertThat(node.get("type").asText()).isEqualTo("transaction");
        assertThat(node.get("amount").asText()).isEqualTo("1.50");
        assertThat(node.get("status").asText()).isEqualTo("approved");
    }

    private static JsonNode describe(final String json, final boolean detailed) throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        new TransactionJsonParser().parse(json, new TransactionFlyweight().wrap(buffer, 0));
        return JSON.readTree(new EntryJson().describe(7, EventSlot.TYPE_TRANSACTION, buffer, 0,
            TransactionDescriptor.ENCODED_LENGTH, detailed));
    }
}
