package io.vigil.ops.kafka;

import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.ops.sink.JsonLinesAlertSink;
import io.vigil.rules.RuleSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil run} consuming a real (in-process, KRaft) Kafka topic of 4 partitions keyed by card, in this JVM:
 * the alerts equal a backtest of the same input; every transaction is journaled exactly once in its partition's
 * journal with its offset; records that do not parse are refused into the partition's rejects file and counted;
 * after a graceful stop and more input, a restart resumes each partition right after its last journaled or
 * refused record (nothing skipped, nothing applied or refused twice) and the alerts of both runs, by id, still
 * equal the backtest of everything.
 */
@Tag("slow")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class KafkaSourceTest
{
    private static KafkaSourceFixture kafka;

    @TempDir
    Path tmp;

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
    void shouldMatchTheBacktestAndResumeAfterTheLastJournaledOffset() throws Exception
    {
        kafka.createTopic("tx-single", 4);
        final List<String> lines = KafkaSourceFixture.generate(tmp, 12_000, 300, 7);
        final List<String> first = lines.subList(0, 8_000);
        final List<String> second = lines.subList(8_000, lines.size());
        final Path rulesFile = tmp.resolve("rules.yaml");
        Files.writeString(rulesFile, KafkaSourceFixture.CARD_RULES);
        final RuleSet rules = RuleSet.fromSource("card-rules", KafkaSourceFixture.CARD_RULES);
        final Path data = tmp.resolve("data");
        final ServiceConfig config = ServiceConfig.parse("test.yaml", String.join("\n",
            "server: { port: 0 }",
            "data: { dir: '" + data + "' }",
            "checkpoints: { every-events: 2000 }",
            "ingest: { idle-tick: 0s }",
            "kafka:",
            "  brokers: " + kafka.bootstrap(),
            "  properties: { session.timeout.ms: 6000, heartbeat.interval.ms: 1000 }",
            "  source: { topics: [tx-single], group: single, commit-interval: 100ms }",
            ""));

        try (KafkaProducer<String, String> producer = kafka.producer())
        {
            KafkaSourceFixture.send(producer, "tx-single", first);
            producer.send(new ProducerRecord<>("tx-single", "bad", "not json at all"));
            producer.send(new ProducerRecord<>("tx-single", "bad", "{\"id\":\"half\",\"ts\":1767571200000}"));
            producer.flush();

            final Path alerts1 = tmp.resolve("alerts-1.jsonl");
            try (VigilService service = VigilService.start(config, rules, List.of(JsonLinesAlertSink.append(alerts1)),
                f -> f))
            {
                final KafkaSourceMetrics m = service.kafkaSource().metrics();
                KafkaSourceFixture.await("first part consumed", 90, () -> m.consumed() == first.size() &&
                    m.rejectedCount() == 2);
                assertThat(m.partitionsOwned()).isEqualTo(4);
                final String metrics = get(service.uri(), "/metrics");
                assertThat(metrics).contains("vigil_kafka_records_consumed_total 8000")
                    .contains("vigil_kafka_records_rejected_total 2").contains("vigil_kafka_partitions_owned 4")
                    .containsPattern("vigil_kafka_consumer_lag\\{topic=\"tx-single\",partition=\"[0-3]\"} 0")
                    .containsPattern("vigil_kafka_rebalances_total [1-9]");
            }
            final Path partitions = data.resolve("partitions");
            KafkaSourceFixture.assertJournaledOnce(partitions, ids(first));
            final List<String> rejects = new ArrayList<>();
            for (int p = 0; p < 4; p++)
            {
                final Path file = partitions.resolve("tx-single-" + p).resolve(PartitionRejects.FILE);
                if (Files.exists(file))
                {
                    rejects.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
            assertThat(rejects).hasSize(2);
            assertThat(rejects.get(0)).contains("\"topic\":\"tx-single\"").contains("\"offset\":")
                .contains("\"error\":").contains("not json at all");
            assertThat(rejects.get(1)).contains("field");

            KafkaSourceFixture.send(producer, "tx-single", second);
            final Path alerts2 = tmp.resolve("alerts-2.jsonl");
            try (VigilService service = VigilService.start(config, rules, List.of(JsonLinesAlertSink.append(alerts2)),
                f -> f))
            {
                final KafkaSourceMetrics m = service.kafkaSource().metrics();
                KafkaSourceFixture.await("second part consumed", 90, () -> m.consumed() == second.size());
                // a moment for anything wrongly re-read to show up in the counts
                TimeUnit.MILLISECONDS.sleep(500);
                assertThat(m.consumed()).as("only the new records").isEqualTo(second.size());
                assertThat(m.rejectedCount()).as("refused records are not read again").isZero();
            }
            KafkaSourceFixture.assertJournaledOnce(partitions, ids(lines));
        }

        final Map<String, String> expected = KafkaSourceFixture.backtest(tmp, lines, rulesFile);
        assertThat(expected.size()).as("the input makes alerts").isGreaterThanOrEqualTo(10);
        final Map<String, String> actual = KafkaSourceFixture.alertsById(
            List.of(tmp.resolve("alerts-1.jsonl"), tmp.resolve("alerts-2.jsonl")));
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void shouldCloseTheWindowsOfAQuietPartitionThroughJournaledIdleTicks() throws Exception
    {
        kafka.createTopic("tx-quiet", 1);
        final String ruleText = String.join("\n",
            "rules:",
            "  - id: card-window-2s",
            "    key: card",
            "    window: { type: tumbling, size: 2s, fire: on-close }",
            "    when: count() >= 1",
            "    severity: low",
            "");
        final Path data = tmp.resolve("quiet");
        final ServiceConfig config = ServiceConfig.parse("quiet.yaml", String.join("\n",
            "server: { port: 0 }",
            "data: { dir: '" + data + "' }",
            "ingest: { idle-tick: 200ms }",
            "kafka:",
            "  brokers: " + kafka.bootstrap(),
            "  source: { topics: [tx-quiet], group: quiet }",
            ""));
        try (KafkaProducer<String, String> producer = kafka.producer())
        {
            KafkaSourceFixture.send(producer, "tx-quiet", List.of("{\"id\":\"q-1\",\"ts\":1767571200000," +
                "\"card\":\"c-q\",\"merchant\":\"m\",\"amount\":\"5.00\",\"currency\":\"EUR\"," +
                "\"country\":\"DE\",\"status\":\"approved\"}"));
        }
        final Path alerts = tmp.resolve("quiet-alerts.jsonl");
        try (VigilService service = VigilService.start(config, RuleSet.fromSource("quiet", ruleText),
            List.of(JsonLinesAlertSink.append(alerts)), f -> f))
        {
            final KafkaSourceMetrics m = service.kafkaSource().metrics();
            KafkaSourceFixture.await("the event consumed", 60, () -> m.consumed() == 1);
            KafkaSourceFixture.await("the window closed by idle ticks", 60, () ->
            {
                try
                {
                    return Files.exists(alerts) && Files.readString(alerts).contains("card-window-2s");
                }
                catch (final java.io.IOException ex)
                {
                    return false;
                }
            });
            assertThat(m.ticks()).isPositive();
        }
        final long[] ticks = {0};
        try (io.vigil.journal.JournalReader reader =
            io.vigil.journal.JournalReader.open(data.resolve("partitions").resolve("tx-quiet-0").resolve("journal")))
        {
            reader.readAll((index, type, buffer, offset, length) ->
            {
                if (type == io.vigil.core.engine.EventSlot.TYPE_TICK)
                {
                    ticks[0]++;
                }
            });
        }
        assertThat(ticks[0]).as("ticks are journaled, so replay sees them").isPositive();
    }

    @Test
    void shouldApplyARuleChangeThroughTheApiToEveryPartition() throws Exception
    {
        kafka.createTopic("tx-rules", 2);
        final ServiceConfig config = ServiceConfig.parse("rules.yaml", String.join("\n",
            "server: { port: 0 }",
            "data: { dir: '" + tmp.resolve("rules-data") + "' }",
            "ingest: { idle-tick: 0s }",
            "kafka:",
            "  brokers: " + kafka.bootstrap(),
            "  source: { topics: [tx-rules], group: rules }",
            ""));
        final Path alerts = tmp.resolve("rules-alerts.jsonl");
        try (VigilService service = VigilService.start(config, RuleSet.fromSource("card", KafkaSourceFixture.CARD_RULES),
            List.of(JsonLinesAlertSink.append(alerts)), f -> f))
        {
            final KafkaSourceMetrics m = service.kafkaSource().metrics();
            KafkaSourceFixture.await("both partitions owned", 60, () -> m.partitionsOwned() == 2);
            final String changed = String.join("\n",
                "rules:",
                "  - id: card-any",
                "    key: card",
                "    window: { type: sliding, size: 1m }",
                "    when: count() >= 1",
                "    severity: low",
                "");
            final HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                service.uri().resolve("/v1/rules")).PUT(HttpRequest.BodyPublishers.ofString(changed)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            final List<String> lines = new ArrayList<>();
            for (int i = 0; i < 8; i++)
            {
                lines.add("{\"id\":\"r-" + i + "\",\"ts\":" + (1767571200000L + i) + ",\"card\":\"card-" + i +
                    "\",\"merchant\":\"m\",\"amount\":\"5.00\",\"currency\":\"EUR\",\"country\":\"DE\"," +
                    "\"status\":\"approved\"}");
            }
            try (KafkaProducer<String, String> producer = kafka.producer())
            {
                KafkaSourceFixture.send(producer, "tx-rules", lines);
            }
            KafkaSourceFixture.await("8 consumed", 60, () -> m.consumed() == 8);
        }
        final Map<String, String> byId = KafkaSourceFixture.alertsById(List.of(alerts));
        assertThat(byId.values()).as("every partition runs the changed rules").hasSize(8)
            .allMatch(a -> a.contains("\"rule\":\"card-any\""));
    }

    @Test
    void shouldJournalEveryEventKindOnceWithItsOffset() throws Exception
    {
        kafka.createTopic("tx-kinds", 3);
        final Path out = tmp.resolve("kinds.jsonl");
        assertThat(io.vigil.ops.cli.VigilCommand.newCommandLine().execute("generate", "--events", "3000", "--cards",
            "100", "--seed", "5", "--context", "--out", out.toString(), "--truth", tmp.resolve("kinds-truth.jsonl")
                .toString())).isZero();
        final List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
            .toList();
        assertThat(lines).as("the generated stream has other kinds than transactions")
            .anyMatch(l -> l.contains("\"type\":\"card_profile\"")).anyMatch(l -> l.contains("\"type\":\"reference\""))
            .anyMatch(l -> l.contains("\"type\":\"account_event\""));
        final Path data = tmp.resolve("kinds-data");
        final ServiceConfig config = ServiceConfig.parse("kinds.yaml", String.join("\n",
            "server: { port: 0 }",
            "data: { dir: '" + data + "' }",
            "ingest: { idle-tick: 0s }",
            "kafka:",
            "  brokers: " + kafka.bootstrap(),
            "  source: { topics: [tx-kinds], group: kinds }",
            ""));
        try (KafkaProducer<String, String> producer = kafka.producer())
        {
            KafkaSourceFixture.send(producer, "tx-kinds", List.of()); // waits for the partitions' leaders
            for (final String line : lines)
            {
                final com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(line);
                final String key = node.hasNonNull("card") ? node.get("card").asText() :
                    node.hasNonNull("account") ? node.get("account").asText() : node.get("id").asText();
                producer.send(new ProducerRecord<>("tx-kinds", key, line));
            }
            producer.flush();
        }
        try (VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f))
        {
            final KafkaSourceMetrics m = service.kafkaSource().metrics();
            KafkaSourceFixture.await("every event consumed", 90, () -> m.consumed() == lines.size());
            assertThat(m.rejectedCount()).isZero();
        }
        KafkaSourceFixture.assertJournaledOnce(data.resolve("partitions"), ids(lines));
    }

    private static List<String> ids(final List<String> lines) throws Exception
    {
        final List<String> ids = new ArrayList<>();
        for (final String line : lines)
        {
            ids.add(KafkaSourceFixture.id(line));
        }
        return ids;
    }

    private static String get(final URI base, final String path) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }
}
