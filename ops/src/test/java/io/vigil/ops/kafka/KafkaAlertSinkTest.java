package io.vigil.ops.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.Engine;
import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.kafka.KafkaAlertSinkTestSupport.await;
import static io.vigil.ops.kafka.KafkaAlertSinkTestSupport.feed;
import static io.vigil.ops.kafka.KafkaAlertSinkTestSupport.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka alert sink against a real broker (KRaft, in this JVM): every alert of a run arrives on the topic once,
 * keyed by its id with its JSON unchanged; a broker that goes away mid-run (or is away at start) costs nothing once
 * it is back; a sink restarted on the same outbox resumes after its last progress record.
 */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaAlertSinkTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaAlertSinkTestSupport broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception
    {
        broker = KafkaAlertSinkTestSupport.startBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception
    {
        if (broker != null)
        {
            broker.close();
        }
    }

    @Test
    void shouldPutEveryAlertOfARunOnTheTopicOnceKeyedByItsId() throws Exception
    {
        broker.createTopic("alerts-all", 3);
        final KafkaSinkConfig config = config("alerts-all", Map.of());
        final KafkaAlertSinkTestSupport.JsonCollector collected = new KafkaAlertSinkTestSupport.JsonCollector();
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final KafkaAlertSink sink = KafkaAlertSink.start(config, outbox);
            assertThat(sink.resumed()).isFalse();
            try (Engine engine = KafkaAlertSinkTestSupport.engine(outbox, collected, List.of(sink.thread())))
            {
                feed(engine, generator(11, 20_000), Long.MAX_VALUE);
                engine.publishTick(Long.MAX_VALUE);
                assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
            }
            sink.close();
            assertThat(sink.unsent()).isZero();
            assertThat(sink.failure()).isNull();
            assertThat(sink.backlog()).isZero();

            final Map<String, String> expected = byId(collected.lines);
            assertThat(expected).hasSizeGreaterThan(1_000);
            assertThat(outbox.lastSeq()).isEqualTo(expected.size());
            final List<ConsumerRecord<String, String>> records = broker.readAll("alerts-all");
            assertThat(records).hasSize(expected.size());
            assertThat(onTopic(records)).isEqualTo(expected);
            assertThat(sink.sent()).isEqualTo(expected.size());
            assertThat(sink.failedAttempts()).isZero();
            // headers carry the routing facts; the partitioner spread the keys
            final Map<String, OutboxEntry> entries = outboxById(outbox);
            for (final ConsumerRecord<String, String> r : records)
            {
                final OutboxEntry e = entries.get(r.key());
                assertThat(header(r, KafkaAlertRecords.KIND)).isEqualTo("alert");
                assertThat(header(r, KafkaAlertRecords.RULE)).isEqualTo("card-spend-50").isEqualTo(e.ruleId());
                assertThat(header(r, KafkaAlertRecords.SEVERITY)).isEqualTo("low");
            }
            assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(3);
            assertThat(progressTo(outbox, config)).as("the sink's progress, recorded in the outbox")
                .isEqualTo(expected.size());
        }
    }

    @Test
    void shouldLoseNothingWhenTheBrokerGoesAwayMidRunAndComesBack() throws Exception
    {
        broker.createTopic("alerts-outage", 2);
        final KafkaSinkConfig config = config("alerts-outage", KafkaAlertSinkTestSupport.IMPATIENT_PRODUCER);
        final KafkaAlertSinkTestSupport.JsonCollector collected = new KafkaAlertSinkTestSupport.JsonCollector();
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final KafkaAlertSink sink = KafkaAlertSink.start(config, outbox);
            final TrafficGenerator generator = generator(12, 30_000);
            try (Engine engine = KafkaAlertSinkTestSupport.engine(outbox, collected, List.of(sink.thread())))
            {
                feed(engine, generator, 10_000);
                await("the first alerts on the topic", 60_000, () -> sink.sent() > 0);
                broker.stopBroker();
                try
                {
                    feed(engine, generator, Long.MAX_VALUE);
                    engine.publishTick(Long.MAX_VALUE);
                    // detection does not wait for Kafka: every event passes every stage while the broker is away
                    assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
                    await("a send the producer gave up on", 60_000, () -> sink.failedAttempts() > 0);
                    assertThat(sink.backlog()).isPositive().isEqualTo(outbox.lastSeq() - sink.doneSeq());
                }
                finally
                {
                    broker.startAgain();
                }
                await("the backlog sent", 90_000, () -> sink.backlog() == 0);
            }
            sink.close();
            assertThat(sink.unsent()).isZero();
            final Map<String, String> expected = byId(collected.lines);
            assertThat(expected).hasSizeGreaterThan(1_000);
            final List<ConsumerRecord<String, String>> records = broker.readAll("alerts-outage");
            // every alert is there, unchanged; a record can be there twice only if it reached the broker but its
            // acknowledgement did not come back before the producer gave up on it: at most the batches in flight
            assertThat(onTopic(records)).isEqualTo(expected);
            assertThat(records.size() - expected.size()).isBetween(0,
                KafkaAlertSink.MAX_BATCHES_IN_FLIGHT * config.batchSize());
        }
    }

    @Test
    void shouldWaitForABrokerThatIsAwayAtStartAndResumeAfterARestart() throws Exception
    {
        broker.createTopic("alerts-resume", 1);
        final KafkaSinkConfig config = config("alerts-resume", KafkaAlertSinkTestSupport.IMPATIENT_PRODUCER);
        final KafkaAlertSinkTestSupport.JsonCollector collected = new KafkaAlertSinkTestSupport.JsonCollector();
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final TrafficGenerator generator = generator(13, 30_000);
            // the first run: the broker is away from the start; the sink gives up at close and leaves the rest
            broker.stopBroker();
            final KafkaAlertSink first;
            try
            {
                first = KafkaAlertSink.start(config, outbox);
                try (Engine engine = KafkaAlertSinkTestSupport.engine(outbox, collected, List.of(first.thread())))
                {
                    feed(engine, generator, 10_000);
                    engine.publishTick(Long.MAX_VALUE);
                    assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
                }
                await("a send the producer gave up on", 60_000, () -> first.failedAttempts() > 0);
                first.close();
            }
            finally
            {
                broker.startAgain();
            }
            final long firstRun = outbox.lastSeq();
            assertThat(firstRun).isPositive();
            assertThat(first.unsent()).isEqualTo(firstRun);
            assertThat(first.sent()).isZero();

            // the second: the broker is back; the sink sends the first run's alerts, then this run's
            final KafkaAlertSink second = KafkaAlertSink.start(config, outbox);
            assertThat(second.resumed()).isFalse();
            try (Engine engine = KafkaAlertSinkTestSupport.engine(outbox, collected, List.of(second.thread())))
            {
                feed(engine, generator, 10_000);
                engine.publishTick(Long.MAX_VALUE);
                assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
            }
            second.close();
            final long secondRun = outbox.lastSeq();
            assertThat(second.unsent()).isZero();
            assertThat(second.sent()).isEqualTo(secondRun);

            // the third: more alerts while no sink runs; a restarted sink sends those, and only those
            try (Engine engine = KafkaAlertSinkTestSupport.engine(outbox, collected, List.of()))
            {
                feed(engine, generator, Long.MAX_VALUE);
                engine.publishTick(Long.MAX_VALUE);
                assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(outbox.lastSeq()).isGreaterThan(secondRun);
            try (KafkaAlertSink third = KafkaAlertSink.start(config, outbox))
            {
                assertThat(third.resumed()).isTrue();
                assertThat(third.doneSeq()).isEqualTo(secondRun);
                third.close();
                assertThat(third.sent()).isEqualTo(outbox.lastSeq() - secondRun);
                assertThat(third.unsent()).isZero();
            }

            final Map<String, String> expected = byId(collected.lines);
            assertThat(expected).hasSize((int)outbox.lastSeq());
            final List<ConsumerRecord<String, String>> records = broker.readAll("alerts-resume");
            assertThat(records).hasSize(expected.size()); // exactly once: no send ever reached the away broker
            assertThat(onTopic(records)).isEqualTo(expected);
            // one partition: the topic holds the outbox's order
            assertThat(records.stream().map(ConsumerRecord::key).toList())
                .isEqualTo(outboxById(outbox).keySet().stream().toList());
        }
    }

    private static KafkaSinkConfig config(final String topic, final Map<String, String> producer)
    {
        return new KafkaSinkConfig(List.of(broker.bootstrap()), Map.of(), producer, topic, "test", 200,
            Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    private static TrafficGenerator generator(final long seed, final long events)
    {
        return new TrafficGenerator(GeneratorConfig.builder().seed(seed).events(events).cards(2_000).build());
    }

    /** alert_id → JSON; fails on an id seen twice with another JSON. */
    private static Map<String, String> onTopic(final List<ConsumerRecord<String, String>> records)
    {
        final Map<String, String> byKey = new HashMap<>();
        for (final ConsumerRecord<String, String> r : records)
        {
            assertThat(alertId(r.value())).isEqualTo(r.key());
            final String before = byKey.put(r.key(), r.value());
            assertThat(before == null || before.equals(r.value())).as("a repeat of %s is the same record", r.key())
                .isTrue();
        }
        return byKey;
    }

    private static Map<String, String> byId(final List<String> lines)
    {
        final Map<String, String> result = new HashMap<>();
        for (final String line : lines)
        {
            assertThat(result.put(alertId(line), line)).as("the engine emitted an alert twice").isNull();
        }
        return result;
    }

    private static String alertId(final String json)
    {
        try
        {
            return JSON.readTree(json).path("alert_id").asText();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, OutboxEntry> outboxById(final AlertOutbox outbox)
    {
        final Map<String, OutboxEntry> map = new java.util.LinkedHashMap<>();
        try (AlertCursor cursor = outbox.newAlertCursor())
        {
            for (OutboxEntry e = cursor.next(); e != null; e = cursor.next())
            {
                map.put(e.alertId(), e);
            }
        }
        return map;
    }

    /** @return the last outbox sequence the sink recorded, checking the records are contiguous. */
    private static long progressTo(final AlertOutbox outbox, final KafkaSinkConfig config)
    {
        long last = 0;
        try (ProgressCursor cursor = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = cursor.next(); r != null; r = cursor.next())
            {
                if (r.endpoint().equals(config.progressEndpoint()))
                {
                    assertThat(r.fromSeq()).isEqualTo(last + 1);
                    last = r.toSeq();
                }
            }
        }
        return last;
    }
}
