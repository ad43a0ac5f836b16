package io.vigil.ops.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.cli.VigilCommand;
import io.vigil.ops.generate.Generation;
import io.vigil.ops.generate.GeneratorConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.kafka.KafkaAlertSinkTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM runs {@code backtest --kafka-sink} with one alert per batch, so the topic lags far behind detection, and
 * is killed with SIGKILL once every alert is in the outbox and batches are still being sent. A second run on the same
 * outbox with no input at all sends the rest, resuming after the last progress record: the topic then holds every
 * alert of a backtest of that input, byte for byte, and a second copy only of the batches (of one alert) sent
 * before the kill whose progress record was not written.
 */
@Tag("slow")
@Timeout(300)
class KafkaAlertSinkKillTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldSendWhatTheOutboxHeldAfterAKillWithoutTheInput() throws Exception
    {
        final Path tx = dir.resolve("tx.jsonl");
        Generation.writeFiles(GeneratorConfig.builder().seed(21).events(40_000).cards(3_000).build(), tx,
            dir.resolve("truth.jsonl"));
        final Path rules = Files.writeString(dir.resolve("noisy.yaml"), KafkaAlertSinkTestSupport.NOISY_RULES);
        final Path reference = dir.resolve("reference.jsonl");
        assertThat(runInProcess("backtest", "--input", tx.toString(), "--output", reference.toString(),
            "--rules", rules.toString(), "--quiet")).isZero();
        final Map<String, String> expected = new HashMap<>();
        for (final String line : Files.readAllLines(reference))
        {
            assertThat(expected.put(JSON.readTree(line).path("alert_id").asText(), line)).isNull();
        }
        assertThat(expected).hasSizeGreaterThan(2_000);
        final Path outboxDir = dir.resolve("outbox");

        try (KafkaAlertSinkTestSupport broker = KafkaAlertSinkTestSupport.startBroker())
        {
            broker.createTopic("killed", 2);
            final String brokers = "kafka:\n  brokers: [" + broker.bootstrap() + "]\n  sink:\n    topic: killed\n";
            final Path slow = Files.writeString(dir.resolve("slow.yaml"), brokers + "    batch-size: 1\n");
            final Path fast = Files.writeString(dir.resolve("fast.yaml"), brokers + "    batch-size: 500\n");

            final Process first = child("first", List.of("backtest", "--input", tx.toString(), "--rules",
                rules.toString(), "--kafka-sink", slow.toString(), "--outbox", outboxDir.toString(), "--quiet",
                "--output", dir.resolve("first.jsonl").toString()));
            final long recordedAtKill;
            try
            {
                await("the outbox created", 120_000, () -> Files.exists(outboxDir.resolve(AlertOutbox.ID_FILE))
                    || !first.isAlive());
                try (AlertOutbox outbox = AlertOutbox.open(outboxDir); AlertCursor cursor = outbox.newAlertCursor())
                {
                    final long[] seen = {0};
                    await("every alert in the outbox", 180_000, () ->
                    {
                        while (cursor.next() != null)
                        {
                            seen[0]++;
                        }
                        return seen[0] >= expected.size() || !first.isAlive();
                    });
                    assertThat(seen[0]).isEqualTo(expected.size());
                    // well into the stream: a hundred batches of one acknowledged and recorded
                    await("a hundred batches acknowledged", 60_000, () -> recorded(outbox) >= 100
                        || !first.isAlive());
                }
                assertThat(first.isAlive()).as("the first run is still sending when killed").isTrue();
            }
            finally
            {
                first.destroyForcibly(); // SIGKILL
                first.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(first.exitValue()).isEqualTo(137);
            try (AlertOutbox outbox = AlertOutbox.open(outboxDir))
            {
                recordedAtKill = recorded(outbox);
            }
            final int onTopicAtKill = broker.readAll("killed").size();
            System.out.printf("KafkaAlertSinkKillTest: killed with %,d of %,d alerts recorded as sent, %,d on the "
                + "topic%n", recordedAtKill, expected.size(), onTopicAtKill);
            assertThat(recordedAtKill).isBetween(100L, expected.size() - 1L);
            // acknowledged and not yet recorded: at most the batches in flight, of one alert each
            assertThat(onTopicAtKill - recordedAtKill).isBetween(0L, (long)KafkaAlertSink.MAX_BATCHES_IN_FLIGHT);

            // no input: whatever reaches the topic now comes from the outbox, after the last progress record
            final Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
            final Process second = child("second", List.of("backtest", "--input", empty.toString(), "--rules",
                rules.toString(), "--kafka-sink", fast.toString(), "--outbox", outboxDir.toString(), "--quiet",
                "--output", dir.resolve("second.jsonl").toString()));
            try
            {
                assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second run finishes").isTrue();
            }
            finally
            {
                second.destroyForcibly();
            }
            final String log = Files.readString(dir.resolve("second.log"));
            assertThat(second.exitValue()).as(log).isZero();
            assertThat(log).contains("kafka        " + String.format("%,d", expected.size() - recordedAtKill)
                + " alerts to topic killed").contains("resumed after its progress record").doesNotContain("NOT YET");

            final List<ConsumerRecord<String, String>> records = broker.readAll("killed");
            final Map<String, String> onTopic = new HashMap<>();
            for (final ConsumerRecord<String, String> r : records)
            {
                final String before = onTopic.put(r.key(), r.value());
                assertThat(before == null || before.equals(r.value())).as("a repeat is the same record").isTrue();
            }
            assertThat(onTopic).isEqualTo(expected);
            assertThat(records).hasSize(expected.size() + (int)(onTopicAtKill - recordedAtKill));
        }
    }

    /** @return the highest outbox sequence the Kafka sink recorded as acknowledged. */
    private static long recorded(final AlertOutbox outbox)
    {
        long last = 0;
        try (ProgressCursor cursor = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = cursor.next(); r != null; r = cursor.next())
            {
                if (r.type() == DeliveryRecord.Type.DELIVERED && r.endpoint().equals("kafka:default"))
                {
                    last = Math.max(last, r.toSeq());
                }
            }
        }
        return last;
    }

    private static int runInProcess(final String... args)
    {
        final CommandLine cl = VigilCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    private Process child(final String name, final List<String> args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("-Ddisable"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), VigilCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }
}
