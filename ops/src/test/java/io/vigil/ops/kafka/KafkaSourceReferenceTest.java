package io.vigil.ops.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.journal.JournalReader;
import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.ops.sink.JsonLinesAlertSink;
import io.vigil.rules.RuleSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka.source.reference-topics} against a real (in-process, KRaft) broker: a 2-partition reference topic
 * carries a sanctioned country and a high-risk merchant, a 3-partition main topic transactions after them. Every
 * partition's engine applies the reference records (so {@code sanctioned-country} and
 * {@code high-risk-merchant-large} fire in every partition), journals each once with its reference position, and
 * refuses a transaction written to the reference topic into its {@code reference-rejects.jsonl}. Node A stops;
 * node B (another data directory, the same shared partitions directory) takes every partition over: it resumes the
 * reference topic from each partition engine's own journaled offsets (nothing applied or refused twice, a new entry
 * applied before the transactions after it), applies a removal as it arrives, and the alerts of both nodes equal a
 * backtest of the same events in that order.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSourceReferenceTest
{
    private static final String RULES = String.join("\n",
        "rules:",
        "  - id: high-risk-merchant-large",
        "    key: card",
        "    filter: merchant.risk == \"high\" && amount >= 500",
        "    window: { type: sliding, size: 1m }",
        "    when: count() >= 1",
        "    severity: high",
        "    cooldown: 1h",
        "  - id: sanctioned-country",
        "    key: card",
        "    filter: country in sanctioned_countries",
        "    window: { type: sliding, size: 1m }",
        "    when: count() >= 1",
        "    severity: critical",
        "    cooldown: 1h",
        "");
    private static final long T0_MS = 1_767_571_200_000L;
    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaSourceFixture kafka;

    @TempDir
    Path tmp;

    private final List<String> backtestOrder = new ArrayList<>();
    private final Set<String> referencePositions = new HashSet<>();
    private int txCount;
    /** Event time of the transactions, increasing in the backtest's order (so the one-stream backtest sees none late). */
    private int clockSeconds;

    @BeforeAll
    static void startBroker() throws Exception
    {
        kafka = KafkaSourceFixture.startBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        if (kafka != null)
        {
            kafka.close();
        }
    }

    @Test
    void everyPartitionShouldApplyTheReferenceTopicOnceAndKeepItAcrossAHandover() throws Exception
    {
        kafka.createTopic("ref-main", PARTITIONS);
        kafka.createTopic("ref-tables", 2);
        final Path rulesFile = tmp.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES);
        final RuleSet rules = RuleSet.fromSource("reference-rules", RULES);
        final Path partitions = tmp.resolve("partitions");
        final Path alertsA = tmp.resolve("alerts-a.jsonl");
        final Path alertsB = tmp.resolve("alerts-b.jsonl");

        try (KafkaProducer<String, String> producer = kafka.producer())
        {
            reference(producer, 0, "{\"type\":\"reference\",\"id\":\"ref-sy\",\"ts\":" + T0_MS +
                ",\"list\":\"sanctioned_country\",\"value\":\"SY\",\"op\":\"add\"}");
            reference(producer, 1, "{\"type\":\"merchant_profile\",\"id\":\"ref-m\",\"ts\":" + T0_MS +
                ",\"merchant\":\"m-risky\",\"mcc\":7995,\"country\":\"MT\",\"risk\":\"high\"}");
            // a transaction on the reference topic: refused by every partition engine, never applied
            producer.send(new ProducerRecord<>("ref-tables", 0, "x", tx("tx-misplaced", "card-x", "SY", "m-risky",
                "900.00", 0))).get();
            for (int p = 0; p < PARTITIONS; p++)
            {
                sendPhase(producer, p, "a", "SY");
            }

            try (VigilService node = VigilService.start(config(tmp.resolve("a"), partitions), rules,
                List.of(JsonLinesAlertSink.append(alertsA)), f -> f))
            {
                final KafkaSourceMetrics m = node.kafkaSource().metrics();
                KafkaSourceFixture.await("node A takes everything", 60, () -> m.consumed() == txCount &&
                    m.referenceApplied("ref-tables") == 2L * PARTITIONS &&
                    m.referenceRejectedCount("ref-tables") == PARTITIONS);
                KafkaSourceFixture.await("reference lag 0 in /metrics", 30, () ->
                {
                    final String text = get(node.uri(), "/metrics");
                    return text.contains("vigil_kafka_reference_lag{topic=\"ref-tables\",partition=\"0\"} 0") &&
                        text.contains("vigil_kafka_reference_lag{topic=\"ref-tables\",partition=\"1\"} 0");
                });
                assertThat(get(node.uri(), "/metrics"))
                    .contains("vigil_kafka_reference_records_applied_total{topic=\"ref-tables\"} " + 2 * PARTITIONS)
                    .contains("vigil_kafka_reference_records_rejected_total{topic=\"ref-tables\"} " + PARTITIONS);
                KafkaSourceFixture.await("node A's alerts", 30, () -> rulesFiredPerPartition(alertsA, "a") ==
                    2 * PARTITIONS);
            }
            assertReferenceJournaledOnce(partitions);
            assertRefusedOncePerPartition(partitions);

            // node B takes over: the reference topic resumes after each partition engine's own offsets
            reference(producer, 1, "{\"type\":\"reference\",\"id\":\"ref-kp\",\"ts\":" + (T0_MS + 1) +
                ",\"list\":\"sanctioned_country\",\"value\":\"KP\",\"op\":\"add\"}");
            for (int p = 0; p < PARTITIONS; p++)
            {
                sendPhase(producer, p, "b", "KP");
            }
            try (VigilService node = VigilService.start(config(tmp.resolve("b"), partitions), rules,
                List.of(JsonLinesAlertSink.append(alertsB)), f -> f))
            {
                final KafkaSourceMetrics m = node.kafkaSource().metrics();
                KafkaSourceFixture.await("node B takes the new records", 60, () ->
                    m.consumed() == 8L * PARTITIONS && m.referenceApplied("ref-tables") == PARTITIONS);
                KafkaSourceFixture.await("node B's alerts", 30, () -> rulesFiredPerPartition(alertsB, "b") ==
                    2 * PARTITIONS);

                // applied as it arrives: a removal, then transactions in the removed country fire nothing
                reference(producer, 0, "{\"type\":\"reference\",\"id\":\"ref-sy-off\",\"ts\":" + (T0_MS + 2) +
                    ",\"list\":\"sanctioned_country\",\"value\":\"SY\",\"op\":\"remove\"}");
                KafkaSourceFixture.await("the removal applied in every partition", 30, () ->
                    m.referenceApplied("ref-tables") == 2L * PARTITIONS);
                for (int p = 0; p < PARTITIONS; p++)
                {
                    sendPhase(producer, p, "c", "SY");
                }
                KafkaSourceFixture.await("node B takes the last records", 60, () -> m.consumed() == 16L * PARTITIONS);
                TimeUnit.MILLISECONDS.sleep(500); // a moment for anything wrongly re-read to show in the counts
                assertThat(m.referenceApplied("ref-tables")).as("nothing applied twice").isEqualTo(2L * PARTITIONS);
                assertThat(m.referenceRejectedCount("ref-tables")).as("nothing refused twice").isZero();
            }
            assertReferenceJournaledOnce(partitions);
            assertRefusedOncePerPartition(partitions);
        }

        final Map<String, String> actual = KafkaSourceFixture.alertsById(List.of(alertsA, alertsB));
        assertThat(rulesFiredPerPartition(alertsB, "c")).as("SY removed: only the merchant rule fires")
            .isEqualTo(PARTITIONS);
        final Map<String, String> expected = KafkaSourceFixture.backtest(tmp, backtestOrder, rulesFile);
        assertThat(expected).hasSize(5 * PARTITIONS);
        assertThat(actual).isEqualTo(expected);
    }

    private ServiceConfig config(final Path data, final Path partitions) throws Exception
    {
        return ServiceConfig.parse("node.yaml", String.join("\n",
            "server: { port: 0 }",
            "data: { dir: '" + data + "' }",
            "ingest: { idle-tick: 0s }",
            "kafka:",
            "  brokers: " + kafka.bootstrap(),
            "  properties: { session.timeout.ms: 6000, heartbeat.interval.ms: 1000 }",
            "  source:",
            "    topics: [ref-main]",
            "    reference-topics: [ref-tables]",
            "    group: refs",
            "    partitions-dir: '" + partitions + "'",
            "    commit-interval: 100ms",
            ""));
    }

    private void reference(final KafkaProducer<String, String> producer, final int partition, final String json)
        throws Exception
    {
        final RecordMetadata meta = producer.send(new ProducerRecord<>("ref-tables", partition, "ref", json)).get();
        referencePositions.add(meta.partition() + ":" + meta.offset());
        backtestOrder.add(json);
    }

    /** Per main partition: a card in {@code country}, a large amount at the risky merchant, and six quiet ones. */
    private void sendPhase(final KafkaProducer<String, String> producer, final int partition, final String phase,
        final String country) throws Exception
    {
        final int secondsFrom = clockSeconds;
        clockSeconds += 8;
        final List<String> lines = new ArrayList<>();
        lines.add(tx("tx-" + phase + partition + "-s", "card-" + phase + partition + "-s", country, "m-plain", "12.00",
            secondsFrom));
        lines.add(tx("tx-" + phase + partition + "-m", "card-" + phase + partition + "-m", "DE", "m-risky", "900.00",
            secondsFrom + 1));
        for (int i = 0; i < 6; i++)
        {
            lines.add(tx("tx-" + phase + partition + "-q" + i, "card-" + phase + partition + "-q", "DE",
                i % 2 == 0 ? "m-risky" : "m-plain", "20.00", secondsFrom + 2 + i));
        }
        for (final String line : lines)
        {
            producer.send(new ProducerRecord<>("ref-main", partition, KafkaSourceFixture.card(line), line)).get();
        }
        txCount += lines.size();
        backtestOrder.addAll(lines);
    }

    private static String tx(final String id, final String card, final String country, final String merchant,
        final String amount, final int seconds)
    {
        return "{\"id\":\"" + id + "\",\"ts\":" + (T0_MS + seconds * 1000L) + ",\"card\":\"" + card +
            "\",\"account\":\"acct-1\",\"merchant\":\"" + merchant + "\",\"mcc\":5411,\"amount\":" + amount +
            ",\"currency\":\"EUR\",\"country\":\"" + country + "\",\"channel\":\"pos\",\"status\":\"approved\"}";
    }

    /**
     * @return how many of the phase's expected firings are in the file: per partition, sanctioned-country on its
     *         "-s" card and high-risk-merchant-large on its "-m" card (and nothing on its quiet card).
     */
    private static int rulesFiredPerPartition(final Path alerts, final String phase)
    {
        if (!Files.exists(alerts))
        {
            return 0;
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(alerts, StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            return 0;
        }
        int fired = 0;
        for (final String line : lines)
        {
            final JsonNode a;
            try
            {
                a = JSON.readTree(line);
            }
            catch (final java.io.IOException cutShort)
            {
                continue; // a line being written
            }
            final String key = a.path("key").asText();
            if (!key.startsWith("card-" + phase))
            {
                continue;
            }
            assertThat(key).as("quiet cards fire nothing").doesNotEndWith("-q");
            if (key.endsWith("-s") && "sanctioned-country".equals(a.path("rule").asText()) ||
                key.endsWith("-m") && "high-risk-merchant-large".equals(a.path("rule").asText()))
            {
                fired++;
            }
        }
        return fired;
    }

    /** Each partition journal holds each reference record exactly once, with its topic id, partition and offset. */
    private void assertReferenceJournaledOnce(final Path partitions) throws Exception
    {
        final int topicId = ReferenceFeed.topicId("ref-tables");
        final Map<String, List<String>> byPartition = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++)
        {
            final List<String> positions = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(partitions.resolve("ref-main-" + p).resolve("journal")))
            {
                reader.readAll((index, type, buffer, offset, length) ->
                {
                    if (type == EventSlot.TYPE_TRANSACTION &&
                        buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 12) ==
                            EventSlot.REFERENCE_POSITION_MAGIC)
                    {
                        assertThat(length).isEqualTo(TransactionDescriptor.ENCODED_LENGTH +
                            EventSlot.REFERENCE_POSITION_LENGTH);
                        assertThat(buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 16)).isEqualTo(topicId);
                        positions.add(buffer.getInt(offset + EventSlot.SOURCE_POSITION_OFFSET + 8) + ":" +
                            buffer.getLong(offset + EventSlot.SOURCE_POSITION_OFFSET));
                    }
                });
            }
            byPartition.put("ref-main-" + p, positions);
        }
        for (final Map.Entry<String, List<String>> p : byPartition.entrySet())
        {
            assertThat(p.getValue()).as("reference records journaled in %s", p.getKey())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(referencePositions);
        }
    }

    private static void assertRefusedOncePerPartition(final Path partitions) throws Exception
    {
        for (int p = 0; p < PARTITIONS; p++)
        {
            final List<String> lines = Files.readAllLines(
                partitions.resolve("ref-main-" + p).resolve(PartitionRejects.REFERENCE_FILE), StandardCharsets.UTF_8);
            assertThat(lines).as("reference rejects of partition %d", p).hasSize(1);
            assertThat(lines.get(0)).contains("\"topic\":\"ref-tables\"").contains("tx-misplaced")
                .contains("a transaction event on a reference topic");
        }
    }

    private static String get(final URI base, final String path)
    {
        try
        {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            return "";
        }
    }
}
