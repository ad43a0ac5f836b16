package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.ops.kafka.KafkaAlertSinkTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --kafka-sink FILE} on {@code backtest}: every alert of the backtest lands on the topic once, keyed by its id,
 * equal to the alerts file; and a bad or missing file is refused before anything runs.
 */
@Timeout(150)
class KafkaSinkOptionTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void shouldPutEveryAlertOfABacktestOnTheTopic() throws Exception
    {
        try (KafkaAlertSinkTestSupport broker = KafkaAlertSinkTestSupport.startBroker())
        {
            broker.createTopic("backtest-alerts", 4);
            final Path tx = dir.resolve("tx.jsonl");
            assertThat(CliRun.run("generate", "--events", "40000", "--cards", "500", "--seed", "3", "--out",
                tx.toString(), "--truth", dir.resolve("truth.jsonl").toString()).exitCode()).isZero();
            final Path config = Files.writeString(dir.resolve("kafka.yaml"), "kafka:\n  brokers: [" + broker.bootstrap()
                + "]\n  sink:\n    topic: backtest-alerts\n");
            final Path alerts = dir.resolve("alerts.jsonl");
            final CliRun run = CliRun.run("backtest", "--input", tx.toString(), "--output", alerts.toString(),
                "--kafka-sink", config.toString(), "--quiet");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("kafka ").contains("to topic backtest-alerts").doesNotContain("NOT YET");

            final Map<String, String> expected = new HashMap<>();
            for (final String line : Files.readAllLines(alerts))
            {
                assertThat(expected.put(JSON.readTree(line).path("alert_id").asText(), line)).isNull();
            }
            assertThat(expected).hasSizeGreaterThan(10);
            final List<ConsumerRecord<String, String>> records = broker.readAll("backtest-alerts");
            assertThat(records).hasSize(expected.size());
            final Map<String, String> onTopic = new HashMap<>();
            records.forEach(r -> onTopic.put(r.key(), r.value()));
            assertThat(onTopic).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseABadOrMissingFile() throws Exception
    {
        Files.writeString(dir.resolve("tx.jsonl"), "");
        final Path bad = Files.writeString(dir.resolve("kafka.yaml"), "kafka:\n  brokers: [k:1]\n  sink:\n"
            + "    topic: t\n    batch-size: 0\n");
        CliRun run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--kafka-sink", bad.toString());
        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains(bad + ":5:").contains("kafka.sink.batch-size: expected 1..10000, found 0");
        assertThat(dir.resolve("a.jsonl")).doesNotExist();

        final Path noSink = Files.writeString(dir.resolve("nosink.yaml"), "kafka:\n  brokers: [k:1]\n");
        run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--kafka-sink", noSink.toString());
        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains("no kafka.sink section");

        run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--kafka-sink", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(66);
        assertThat(run.err()).contains("--kafka-sink").contains("no such readable file");
    }
}
