package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.NoJournal;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.OutboxAlertSink;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.TrafficGenerator;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.rules.RuleSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the Kafka sink's tests share: a real one-node KRaft cluster in this JVM (Kafka's own test kit, on ephemeral
 * ports, its directories removed at close) whose broker can be stopped and started again on the same port; reading
 * a topic back whole; an engine run of a rule that fires often, into an outbox; bounded waiting.
 * <p>
 * Thread contract: the test's thread.
 */
public final class KafkaAlertSinkTestSupport implements AutoCloseable
{
    /** Fires on every approved transaction of 50 or more: thousands of alerts from a short generated stream. */
    static final String NOISY_RULES = String.join("\n",
        "rules:",
        "  - id: card-spend-50",
        "    key: card",
        "    filter: status == \"approved\" && amount >= 50",
        "    window: { type: sliding, size: 1m }",
        "    when: count() >= 1",
        "    severity: low",
        "");

    /** Producer settings that give up quickly while the broker is away, so the sink's own retry shows. */
    static final Map<String, String> IMPATIENT_PRODUCER = Map.of("delivery.timeout.ms", "3000",
        "request.timeout.ms", "1000", "max.block.ms", "1000", "reconnect.backoff.max.ms", "300",
        "retry.backoff.max.ms", "300");

    private final KafkaClusterTestKit kit;
    private final int brokerId;

    private KafkaAlertSinkTestSupport(final KafkaClusterTestKit kit)
    {
        this.kit = kit;
        this.brokerId = kit.brokers().keySet().iterator().next();
    }

    /**
     * @return a running one-node cluster (controller and broker in one node).
     * @throws Exception if it does not start.
     */
    public static KafkaAlertSinkTestSupport startBroker() throws Exception
    {
        final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("auto.create.topics.enable", "false")
            .setDeleteOnClose(true)
            .build();
        try
        {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaAlertSinkTestSupport(kit);
        }
        catch (final Exception ex)
        {
            kit.close();
            throw ex;
        }
    }

    /** @return the bootstrap address, {@code localhost:PORT}. */
    public String bootstrap()
    {
        return kit.bootstrapServers();
    }

    /** Stops the broker (the controller stays up); its port stays the same for {@link #startAgain}. */
    void stopBroker()
    {
        kit.brokers().get(brokerId).shutdown();
        kit.brokers().get(brokerId).awaitShutdown();
    }

    /** Starts the stopped broker again, on the same port, with its log. */
    void startAgain() throws Exception
    {
        kit.brokers().get(brokerId).startup();
        kit.waitForReadyBrokers();
    }

    /**
     * @param topic      a new topic's name.
     * @param partitions its partitions.
     */
    public void createTopic(final String topic, final int partitions) throws Exception
    {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(p))
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(30, TimeUnit.SECONDS);
            // writing before every partition has a leader got NOT_LEADER_OR_FOLLOWER, after which the idempotent
            // producer retried out of sequence until the sink's close: wait for the leaders first
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true)
            {
                final org.apache.kafka.clients.admin.TopicDescription d = describeOrNull(admin, topic);
                if (d != null && d.partitions().size() == partitions &&
                    d.partitions().stream().allMatch(tp -> tp.leader() != null && !tp.isr().isEmpty()))
                {
                    break;
                }
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("no leader for every partition of " + topic + " within 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    /** @return the topic's description, or null while the broker does not know the new topic yet. */
    private static org.apache.kafka.clients.admin.TopicDescription describeOrNull(final Admin admin, final String topic)
        throws Exception
    {
        try
        {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            // right after creation (more so after a broker restart) the metadata may not have the topic yet
            if (ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            {
                return null;
            }
            throw ex;
        }
    }

    /**
     * Reads every record of a topic, up to the end offsets at the time of the call.
     *
     * @param topic the topic.
     * @return its records, per partition in offset order.
     */
    public List<ConsumerRecord<String, String>> readAll(final String topic)
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p))
        {
            final List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(topic,
                i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            final Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)))
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new AssertionError("timed out reading topic " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * @param record a record.
     * @param name   a header name.
     * @return the header's value as text, or null.
     */
    public static String header(final ConsumerRecord<String, String> record, final String name)
    {
        final Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Keeps each alert's JSON line, in the order the engine emitted them. Collector thread only. */
    static final class JsonCollector implements AlertSink
    {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAlert(final AlertView alert)
        {
            lines.add(alert.json());
        }
    }

    /**
     * Starts an engine that runs {@link #NOISY_RULES} and appends every alert to the outbox (waking the readers),
     * also collecting each alert's JSON.
     *
     * @param outbox    the outbox.
     * @param collected where the JSON lines go.
     * @param readers   the outbox readers' threads.
     * @return the started engine.
     */
    static Engine engine(final AlertOutbox outbox, final JsonCollector collected, final List<Thread> readers)
    {
        final RuleSet rules = RuleSet.fromSource("noisy.yaml", NOISY_RULES);
        final OutboxAlertSink toOutbox = OutboxAlertSink.forReaders(outbox, AlertRoutes.of(rules), readers);
        return new Engine(new EngineConfig().shardCount(2).ringSize(1024).waitStrategy(WaitStrategyKind.SLEEPING)
            .journal(new NoJournal()).alertSink(new FanOutAlertSink(List.of(collected, toOutbox)))
            .programFactory(rules.factory(0)).conclude()).start();
    }

    /**
     * Publishes up to {@code count} generated transactions.
     *
     * @param engine    the engine.
     * @param generator the traffic.
     * @param count     most transactions.
     */
    static void feed(final Engine engine, final TrafficGenerator generator, final long count)
    {
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (long i = 0; i < count && generator.hasNext(); i++)
        {
            final GeneratedTransaction g = generator.next();
            final long seq = engine.claim();
            final EventSlot slot = engine.slot(seq);
            g.encodeTo(tx.wrap(slot.buffer(), 0));
            slot.transaction(System.nanoTime());
            engine.publish(seq);
        }
    }

    /**
     * Waits for a condition, polling every 20 ms.
     *
     * @param what      described in the failure.
     * @param timeoutMs longest wait.
     * @param condition what to wait for.
     */
    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() throws Exception
    {
        kit.close();
    }
}
