package io.vigil.ops.kafka;

import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.rules.RuleSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test but the measurement behind docs/kafka.md's per-node figure, run only on demand
 * ({@code -Dvigil.kafka.measure=EVENTS}, {@code -Dvigil.kafka.measure.partitions=4}): a topic is filled first,
 * then one node consumes it;
 * the figure is events over the time from owning every partition to every event journaled, evaluated, and each
 * partition checkpointed (the graceful stop). It asserts only that every event was taken.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "vigil.kafka.measure", matches = "\\d+")
class KafkaSourceThroughputTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void measureOneNode() throws Exception
    {
        final int events = Integer.parseInt(System.getProperty("vigil.kafka.measure"));
        final int partitions = Integer.getInteger("vigil.kafka.measure.partitions", 4);
        // checkpoints by count only: live, event time follows the wall clock and an hourly checkpoint costs nothing;
        // on a history of weeks, checkpoints every hour of event time dominate (see docs/kafka.md)
        final String checkpointEventTime = System.getProperty("vigil.kafka.measure.checkpoint-event-time", "0s");
        try (KafkaSourceFixture kafka = KafkaSourceFixture.startBroker())
        {
            kafka.createTopic("tx-measure", partitions);
            final List<String> lines = KafkaSourceFixture.generate(tmp, events, Math.max(1000, events / 50), 3);
            try (KafkaProducer<String, String> producer = kafka.producer())
            {
                KafkaSourceFixture.send(producer, "tx-measure", lines);
            }
            final ServiceConfig config = ServiceConfig.parse("measure.yaml", String.join("\n",
                "server: { port: 0 }",
                "data: { dir: '" + tmp.resolve("data") + "' }",
                "ingest: { idle-tick: 0s }",
                "checkpoints: { every-event-time: " + checkpointEventTime + " }",
                "kafka:",
                "  brokers: " + kafka.bootstrap(),
                "  source: { topics: [tx-measure], group: measure }",
                ""));
            final VigilService service = VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f);
            final KafkaSourceMetrics m = service.kafkaSource().metrics();
            long startNs = 0;
            try
            {
                KafkaSourceFixture.await("partitions owned", 120, () -> m.partitionsOwned() == partitions);
                startNs = System.nanoTime();
                KafkaSourceFixture.await("all consumed", 900, () -> m.consumed() == events);
            }
            finally
            {
                service.close(); // drains every partition's ring (journaled, evaluated) and checkpoints it
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            System.out.printf("KAFKA-MEASURE events=%d partitions=%d rules=default-pack checkpoint_event_time=%s "
                + "seconds=%.2f events_per_s=%.0f cpus=%d%n", events, partitions, checkpointEventTime, seconds,
                events / seconds, Runtime.getRuntime().availableProcessors());
            assertThat(m.consumed()).isEqualTo(events);
        }
    }
}
