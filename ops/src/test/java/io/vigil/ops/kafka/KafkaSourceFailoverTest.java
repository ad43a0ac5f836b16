package io.vigil.ops.kafka;

import io.vigil.ops.cli.VigilCommand;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code vigil run} nodes in child JVMs form one consumer group over a 4-partition topic (partitions directory
 * shared, data directories apart). Mid-stream (a third of the topic written, the node still taking its share), one
 * node is killed with SIGKILL (no shutdown hook, no last checkpoint) and the rest is written; the survivor takes its partitions (each from its newest checkpoint plus the
 * journal after it) and finishes the topic. Every transaction is journaled exactly once across the partitions,
 * and the union of the two nodes' alerts, by alert id, equals a one-node backtest of the same input: none missing,
 * none changed, none extra.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaSourceFailoverTest
{
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern LAG = Pattern.compile("vigil_kafka_consumer_lag\\{[^}]*} (\\d+)");

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killChildren() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void survivorShouldTakeTheKilledNodesPartitionsWithNoAlertMissingOrChanged() throws Exception
    {
        try (KafkaSourceFixture kafka = KafkaSourceFixture.startBroker())
        {
            kafka.createTopic("tx-failover", 4);
            final List<String> lines = KafkaSourceFixture.generate(tmp, 24_000, 500, 11);
            final Path rulesFile = tmp.resolve("rules.yaml");
            Files.writeString(rulesFile, KafkaSourceFixture.CARD_RULES);
            final Path shared = tmp.resolve("shared-partitions");
            final Process a = start("a", kafka.bootstrap(), rulesFile, shared);
            final Process b = start("b", kafka.bootstrap(), rulesFile, shared);
            final URI urlA = awaitListening(tmp.resolve("a.log"), a);
            final URI urlB = awaitListening(tmp.resolve("b.log"), b);
            KafkaSourceFixture.await("both nodes own partitions", 90, () ->
                gauge(urlA, "vigil_kafka_partitions_owned") >= 1 && gauge(urlB, "vigil_kafka_partitions_owned") >= 1 &&
                    gauge(urlA, "vigil_kafka_partitions_owned") + gauge(urlB, "vigil_kafka_partitions_owned") == 4);

            // the first third goes in; node a is killed once it has taken 1,500 records (while it is still taking
            // its share); the rest of the topic is written after the kill
            final List<String> before = lines.subList(0, 8_000);
            final List<String> after = lines.subList(8_000, lines.size());
            try (KafkaProducer<String, String> producer = kafka.producer())
            {
                KafkaSourceFixture.send(producer, "tx-failover", before);
                KafkaSourceFixture.await("node a consumed some", 90,
                    () -> gauge(urlA, "vigil_kafka_records_consumed_total") >= 1_500);
                final long consumedByA = gauge(urlA, "vigil_kafka_records_consumed_total");
                a.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
                assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(consumedByA).as("node a took at most the first part").isLessThanOrEqualTo(before.size());
                for (int i = 0; i < after.size(); i += 2_000)
                {
                    KafkaSourceFixture.send(producer, "tx-failover", after.subList(i, Math.min(after.size(), i + 2_000)));
                }
            }
            KafkaSourceFixture.await("the survivor owns every partition and caught up", 120, () ->
                gauge(urlB, "vigil_kafka_partitions_owned") == 4 && caughtUp(urlB));
            b.destroy(); // SIGTERM: graceful, every partition drains and checkpoints
            assertThat(b.waitFor(90, TimeUnit.SECONDS)).isTrue();
            final String logB = Files.readString(tmp.resolve("b.log"));
            assertThat(logB).contains("event=kafka_partitions_assigned")
                .as("the survivor opened a partition node a had journaled into, from its journal and checkpoints")
                .containsPattern("event=partition_opened .* last_journaled_offset=[0-9]");

            KafkaSourceFixture.assertJournaledOnce(shared, ids(lines));
            final Map<String, String> expected = KafkaSourceFixture.backtest(tmp, lines, rulesFile);
            assertThat(expected.size()).as("the input makes alerts").isGreaterThanOrEqualTo(10);
            final Map<String, String> union = KafkaSourceFixture.alertsById(
                List.of(tmp.resolve("alerts-a.jsonl"), tmp.resolve("alerts-b.jsonl")));
            assertThat(union.keySet()).as("alert ids")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(union).isEqualTo(expected);
        }
    }

    private Process start(final String name, final String bootstrap, final Path rules, final Path shared)
        throws Exception
    {
        final Path config = tmp.resolve("node-" + name + ".yaml");
        Files.writeString(config, String.join("\n",
            "rules: { file: '" + rules + "' }",
            "checkpoints: { every-events: 1000 }",
            "ingest: { idle-tick: 0s }",
            "kafka:",
            "  brokers: " + bootstrap,
            "  properties: { session.timeout.ms: 6000, heartbeat.interval.ms: 1000 }",
            "  source:",
            "    topics: [tx-failover]",
            "    group: failover",
            "    partitions-dir: '" + shared + "'",
            "    commit-interval: 200ms",
            ""));
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("vigil.jvm.flags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx384m", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), VigilCommand.class.getName(), "run", "--config", config.toString(),
            "--port", "0", "--data", tmp.resolve("data-" + name).toString(), "--alerts",
            tmp.resolve("alerts-" + name + ".jsonl").toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(tmp.resolve(name + ".log").toFile()).start();
        children.add(process);
        return process;
    }

    private boolean caughtUp(final URI base)
    {
        final Matcher m = LAG.matcher(get(base, "/metrics"));
        int partitions = 0;
        while (m.find())
        {
            if (Long.parseLong(m.group(1)) != 0)
            {
                return false;
            }
            partitions++;
        }
        return partitions == 4;
    }

    private long gauge(final URI base, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)$").matcher(get(base, "/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String get(final URI base, final String path)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            return "";
        }
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

    private static URI awaitListening(final Path log, final Process process) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            final Matcher m = LISTENING.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find())
            {
                return URI.create(m.group(1));
            }
            assertThat(process.isAlive()).as("service exited: %s", Files.readString(log)).isTrue();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("service did not start: " + Files.readString(log));
    }
}
