package io.vigil.ops.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;
import io.vigil.ops.cli.VigilCommand;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Kafka source's tests share: a real one-node KRaft cluster in this JVM (Kafka's own test kit, ephemeral
 * ports, its directories removed at close); topics keyed by card; generated input; a backtest to compare with; the
 * partitions' journals read back (every journaled transaction id with its source offset).
 * <p>
 * Thread contract: the test's thread.
 */
final class KafkaSourceFixture implements AutoCloseable
{
    /** Card-keyed rules only: with input partitioned by card, their alerts cannot depend on the partitioning. */
    static final String CARD_RULES = String.join("\n",
        "rules:",
        "  - id: card-velocity-60s",
        "    key: card",
        "    filter: status == \"approved\"",
        "    window: { type: sliding, size: 60s }",
        "    when: count() >= 5",
        "    severity: high",
        "    cooldown: 5m",
        "  - id: card-amount-sum-1h",
        "    key: card",
        "    filter: status == \"approved\"",
        "    window: { type: sliding, size: 1h }",
        "    when: sum(amount) >= 3000",
        "    severity: medium",
        "    cooldown: 1h",
        "  - id: card-burst-10m",
        "    key: card",
        "    window: { type: sliding, size: 10m }",
        "    when: count() >= 3",
        "    severity: low",
        "    cooldown: 2m",
        "  - id: card-testing",
        "    key: card",
        "    sequence:",
        "      - { as: probe, filter: amount < 2.00, times: 3+ }",
        "      - { as: hit, filter: amount >= 500.00 }",
        "    within: 10m",
        "    severity: critical",
        "    cooldown: 10m",
        "");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaClusterTestKit kit;

    private KafkaSourceFixture(final KafkaClusterTestKit kit)
    {
        this.kit = kit;
    }

    static KafkaSourceFixture startBroker() throws Exception
    {
        final KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
            .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setDeleteOnClose(true)
            .build();
        try
        {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaSourceFixture(kit);
        }
        catch (final Exception ex)
        {
            kit.close();
            throw ex;
        }
    }

    String bootstrap()
    {
        return kit.bootstrapServers();
    }

    void createTopic(final String topic, final int partitions) throws Exception
    {
        try (Admin admin = kit.admin())
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get(60, TimeUnit.SECONDS);
            // a producer that writes before every partition has a leader can get NOT_LEADER_OR_FOLLOWER and then, as
            // seen with the idempotent producer here, retry out of sequence forever: wait for the leaders first
            await("leaders of " + topic, 60, () ->
            {
                try
                {
                    final org.apache.kafka.clients.admin.TopicDescription d = admin.describeTopics(List.of(topic))
                        .allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
                    return d.partitions().size() == partitions &&
                        d.partitions().stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty());
                }
                catch (final Exception ex)
                {
                    return false;
                }
            });
        }
    }

    /** @return a producer of text records that waits for every write (acks=all, idempotent). */
    KafkaProducer<String, String> producer()
    {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props);
    }

    /**
     * Sends JSON lines keyed by their card (the default partitioner: one card, one partition).
     *
     * @return records sent.
     */
    static int send(final KafkaProducer<String, String> producer, final String topic, final List<String> lines)
        throws Exception
    {
        await("the producer knows every leader of " + topic, 60, () ->
            producer.partitionsFor(topic).stream().allMatch(p -> p.leader() != null));
        for (final String line : lines)
        {
            producer.send(new ProducerRecord<>(topic, card(line), line));
        }
        producer.flush();
        return lines.size();
    }

    static String card(final String line) throws IOException
    {
        return JSON.readTree(line).get("card").asText();
    }

    static String id(final String line) throws IOException
    {
        return JSON.readTree(line).get("id").asText();
    }

    /** Generates {@code events} transactions on {@code cards} cards with injected fraud, as JSON lines. */
    static List<String> generate(final Path dir, final int events, final int cards, final int seed) throws IOException
    {
        final Path out = dir.resolve("gen-" + seed + ".jsonl");
        assertThat(VigilCommand.newCommandLine().execute("generate", "--events", String.valueOf(events), "--cards",
            String.valueOf(cards), "--seed", String.valueOf(seed), "--out", out.toString(), "--truth",
            dir.resolve("truth-" + seed + ".jsonl").toString())).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    /** @return the alerts of a one-node backtest of {@code lines} with {@code rules}, by alert id. */
    static Map<String, String> backtest(final Path dir, final List<String> lines, final Path rules) throws IOException
    {
        final Path input = dir.resolve("backtest-input.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        final Path output = dir.resolve("backtest-alerts.jsonl");
        assertThat(VigilCommand.newCommandLine().execute("backtest", "--input", input.toString(), "--output",
            output.toString(), "--rules", rules.toString(), "--quiet")).isZero();
        return alertsById(List.of(output));
    }

    /**
     * @param files alert files (JSON Lines), possibly with a last line cut short by a kill.
     * @return each alert's JSON by id; an id seen twice must carry the same content.
     */
    static Map<String, String> alertsById(final List<Path> files) throws IOException
    {
        final Map<String, String> byId = new TreeMap<>();
        for (final Path file : files)
        {
            if (!Files.exists(file))
            {
                continue;
            }
            final String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++)
            {
                if (lines[i].isEmpty())
                {
                    continue;
                }
                final JsonNode node;
                try
                {
                    node = JSON.readTree(lines[i]);
                }
                catch (final IOException cutShort)
                {
                    assertThat(i).as("unparseable line %d of %s", i + 1, file).isEqualTo(lines.length - 1);
                    continue;
                }
                final String previous = byId.putIfAbsent(node.get("alert_id").asText(), lines[i]);
                if (previous != null)
                {
                    assertThat(lines[i]).as("one alert id, two contents").isEqualTo(previous);
                }
            }
        }
        return byId;
    }

    /**
     * Reads every partition journal under {@code partitionsDir}.
     *
     * @return per partition directory, the journaled transactions as {id, offset} in journal order.
     */
    static Map<String, List<Object[]>> journaled(final Path partitionsDir) throws IOException
    {
        final Map<String, List<Object[]>> out = new TreeMap<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[EventSlot.CAPACITY]);
        try (Stream<Path> dirs = Files.list(partitionsDir))
        {
            for (final Path dir : dirs.sorted().toList())
            {
                final List<Object[]> entries = new ArrayList<>();
                try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
                {
                    reader.readAll((index, type, buffer, offset, length) ->
                    {
                        if (type == EventSlot.TYPE_TRANSACTION)
                        {
                            assertThat(length).as("a transaction with its source position")
                                .isEqualTo(TransactionDescriptor.ENCODED_LENGTH + EventSlot.SOURCE_POSITION_LENGTH);
                            copy.putBytes(0, buffer, offset, length);
                            entries.add(new Object[] {tx.wrap(copy, 0).id(),
                                copy.getLong(EventSlot.SOURCE_POSITION_OFFSET)});
                        }
                    });
                }
                out.put(dir.getFileName().toString(), entries);
            }
        }
        return out;
    }

    /**
     * Checks that the journals hold each of {@code ids} exactly once, each partition's offsets strictly increasing.
     */
    static void assertJournaledOnce(final Path partitionsDir, final List<String> ids) throws IOException
    {
        final List<String> all = new ArrayList<>();
        for (final Map.Entry<String, List<Object[]>> p : journaled(partitionsDir).entrySet())
        {
            long previous = -1;
            for (final Object[] entry : p.getValue())
            {
                assertThat((Long)entry[1]).as("offsets of %s increase", p.getKey()).isGreaterThan(previous);
                previous = (Long)entry[1];
                all.add((String)entry[0]);
            }
        }
        assertThat(all).as("journaled transaction ids: nothing skipped, nothing twice")
            .hasSameSizeAs(ids).containsExactlyInAnyOrderElementsOf(ids);
    }

    static void await(final String what, final long timeoutS, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("%s within %d s", what, timeoutS).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            kit.close();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the broker", ex);
        }
        catch (final Exception ex)
        {
            throw new IOException("stopping the broker", ex);
        }
    }
}
