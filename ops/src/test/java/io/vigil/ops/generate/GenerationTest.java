package io.vigil.ops.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.Currencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationTest
{
    private static final GeneratorConfig CONFIG = GeneratedRun.DEFAULT.toBuilder().events(50_000).cards(1_000).build();
    private static final Set<String> TX_FIELDS = Set.of("id", "ts", "card", "account", "merchant", "mcc", "amount",
        "currency", "country", "lat", "lon", "channel", "device", "ip", "status");
    private static final Set<String> NUMBERS = Set.of("ts", "mcc", "amount", "lat", "lon");

    @TempDir
    Path dir;

    @Test
    void shouldWriteByteIdenticalFilesForTheSameConfiguration() throws IOException
    {
        final GenerationSummary first = Generation.writeFiles(CONFIG, dir.resolve("a/tx.jsonl"),
            dir.resolve("a/truth.jsonl"));
        final GenerationSummary second = Generation.writeFiles(CONFIG, dir.resolve("b/tx.jsonl"),
            dir.resolve("b/truth.jsonl"));
        assertThat(second).isEqualTo(first);
        assertThat(Files.mismatch(dir.resolve("a/tx.jsonl"), dir.resolve("b/tx.jsonl"))).isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("a/truth.jsonl"), dir.resolve("b/truth.jsonl"))).isEqualTo(-1L);
        assertThat(Files.size(dir.resolve("a/truth.jsonl"))).isPositive();
    }

    @Test
    void shouldWriteDifferentFilesForAnotherSeed() throws IOException
    {
        Generation.writeFiles(CONFIG, dir.resolve("tx1.jsonl"), dir.resolve("truth1.jsonl"));
        Generation.writeFiles(CONFIG.toBuilder().seed(CONFIG.seed() + 1).build(), dir.resolve("tx2.jsonl"),
            dir.resolve("truth2.jsonl"));
        assertThat(Files.mismatch(dir.resolve("tx1.jsonl"), dir.resolve("tx2.jsonl"))).isNotEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("truth1.jsonl"), dir.resolve("truth2.jsonl"))).isNotEqualTo(-1L);
    }

    @Test
    void shouldSummariseWhatItWrote() throws IOException
    {
        final Path tx = dir.resolve("tx.jsonl");
        final Path truth = dir.resolve("truth.jsonl");
        final GenerationSummary summary = Generation.writeFiles(CONFIG, tx, truth);
        final List<String> lines = Files.readAllLines(tx);
        assertThat(lines).hasSize(50_000);
        assertThat(summary.events()).isEqualTo(50_000);
        assertThat(summary.casesByType()).isEqualTo(CONFIG.casesByType());
        assertThat(summary.totalCases()).isEqualTo(Files.readAllLines(truth).size());
        assertThat(summary.declined()).isEqualTo(lines.stream().filter(l -> l.endsWith("\"declined\"}")).count());
        assertThat(summary.declineRate()).isBetween(0.01, 0.06);
        assertThat(summary.firstTsMs()).isEqualTo(new ObjectMapper().readTree(lines.get(0)).get("ts").asLong());
        assertThat(summary.lastTsMs()).isGreaterThan(summary.firstTsMs());
        assertThat(summary.injectedTransactions()).isPositive();
    }

    @Test
    void shouldWriteLinesTheTruthRefersTo() throws IOException
    {
        final Path tx = dir.resolve("tx.jsonl");
        final Path truth = dir.resolve("truth.jsonl");
        Generation.writeFiles(CONFIG, tx, truth);
        final ObjectMapper json = new ObjectMapper();
        final Map<String, String> cardById = new HashMap<>();
        for (final String line : Files.readAllLines(tx))
        {
            // {"id":"tx-0000000001","ts":...,"card":"card-00000042",...
            final int card = line.indexOf("\"card\":\"") + 8;
            cardById.put(line.substring(7, 20), line.substring(card, line.indexOf('"', card)));
        }
        for (final String line : Files.readAllLines(truth))
        {
            final JsonNode node = json.readTree(line);
            assertThat(node.get("case_id").asText()).startsWith("case-");
            assertThat(FraudType.fromWireName(node.get("type").asText())).isNotNull();
            assertThat(node.get("first_ts").isIntegralNumber()).isTrue();
            assertThat(node.get("last_ts").asLong()).isGreaterThanOrEqualTo(node.get("first_ts").asLong());
            assertThat(node.get("tx_ids").isArray()).isTrue();
            for (final JsonNode id : node.get("tx_ids"))
            {
                assertThat(cardById.get(id.asText())).isEqualTo(node.get("card").asText());
            }
        }
    }

    @Test
    void shouldWriteOnlyTheAgreedFieldsWithExactAmounts() throws IOException
    {
        final Path tx = dir.resolve("tx.jsonl");
        Generation.writeFiles(GeneratedRun.HIGH_NOMINAL.toBuilder().events(10_000).build(), tx,
            dir.resolve("truth.jsonl"));
        final JsonFactory factory = new JsonFactory();
        final Set<String> currenciesSeen = new HashSet<>();
        for (final String line : Files.readAllLines(tx))
        {
            final List<String> fields = new ArrayList<>();
            String amount = null;
            String currency = null;
            try (JsonParser parser = factory.createParser(line))
            {
                assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    fields.add(name);
                    if (name.equals("amount"))
                    {
                        assertThat(value).isIn(JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT);
                        amount = parser.getText();
                    }
                    else if (name.equals("currency"))
                    {
                        currency = parser.getText();
                    }
                    else if (value.isNumeric() != NUMBERS.contains(name) || !value.isScalarValue())
                    {
                        throw new AssertionError(name + " has the wrong JSON type in " + line);
                    }
                }
            }
            assertThat(TX_FIELDS).containsAll(fields);
            assertThat(fields).startsWith("id", "ts", "card", "account", "merchant", "mcc", "amount", "currency",
                "country").endsWith("status");
            assertThat(fields.contains("lat")).isEqualTo(fields.contains("lon"));
            final int exponent = Currencies.exponent(currency);
            final int decimals = amount.indexOf('.') < 0 ? 0 : amount.length() - amount.indexOf('.') - 1;
            assertThat(decimals).as(line).isEqualTo(exponent);
            assertThat(Amounts.parseMinor(amount, exponent)).isPositive();
            currenciesSeen.add(currency);
        }
        assertThat(currenciesSeen).contains("JPY", "BRL", "MXN", "USD");
    }
}
