package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.kafka.KafkaAlertSink;
import io.vigil.ops.kafka.KafkaSinkConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How fast the Kafka alert sink drains an outbox backlog into a topic: appends every alert of an alerts file (the
 * output of a backtest) to a fresh outbox first, then starts {@link KafkaAlertSink} and times it until every alert
 * is acknowledged ({@code acks=all}, idempotent producer), reporting alerts per second. The engine is not involved.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.vigil.bench.KafkaSinkThroughput ALERTS.jsonl BATCH_SIZE BROKERS|embedded [PARTITIONS]
 * </pre>
 * {@code embedded} starts a one-node KRaft cluster in this JVM (Kafka's test kit), so broker and sink share the
 * machine's cores: a floor. With real brokers the topic {@code vigil-alerts} must exist.
 */
public final class KafkaSinkThroughput
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaSinkThroughput()
    {
    }

    /**
     * @param args alerts file, batch size, brokers or {@code embedded}, partitions (embedded; default 3).
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length < 3)
        {
            System.err.println("usage: KafkaSinkThroughput ALERTS.jsonl BATCH_SIZE BROKERS|embedded [PARTITIONS]");
            System.exit(2);
        }
        final List<String> lines = Files.readAllLines(Path.of(args[0]));
        final int batchSize = Integer.parseInt(args[1]);
        final int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        final String topic = "vigil-throughput-" + System.currentTimeMillis();
        KafkaClusterTestKit kit = null;
        String brokers = args[2];
        final Path outboxDir = Files.createTempDirectory("vigil-kafka-throughput");
        try
        {
            if ("embedded".equals(brokers))
            {
                kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                    .setNumBrokerNodes(1).setNumControllerNodes(1).build()).setDeleteOnClose(true).build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                brokers = kit.bootstrapServers();
                final Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
                try (Admin admin = Admin.create(p))
                {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all()
                        .get(30, TimeUnit.SECONDS);
                }
            }
            try (AlertOutbox outbox = AlertOutbox.open(outboxDir))
            {
                for (final String line : lines)
                {
                    append(outbox, line);
                }
                final KafkaSinkConfig config = new KafkaSinkConfig(List.of(brokers.split(",")), Map.of(), Map.of(),
                    kit == null ? "vigil-alerts" : topic, "throughput", batchSize, Duration.ofSeconds(5),
                    Duration.ofSeconds(60));
                final long startNs = System.nanoTime();
                final KafkaAlertSink sink = KafkaAlertSink.start(config, outbox);
                while (sink.backlog() > 0 && sink.failure() == null)
                {
                    Thread.sleep(5);
                }
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                sink.close();
                System.out.printf(Locale.ROOT, "batch %,6d, %d partition(s): %,d alerts (%,d bytes of JSON) in %.2f s, "
                        + "%,.0f alerts/s; %,d batches, %,d records sent again, %,d unsent%n", batchSize,
                    partitions, sink.sent(), lines.stream().mapToLong(String::length).sum(), seconds,
                    sink.sent() / seconds, sink.batches(), sink.failedAttempts(), sink.unsent());
            }
        }
        finally
        {
            if (kit != null)
            {
                kit.close();
            }
            try (Stream<Path> paths = Files.walk(outboxDir))
            {
                for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void append(final AlertOutbox outbox, final String line) throws Exception
    {
        final JsonNode n = JSON.readTree(line);
        final String id = n.path("alert_id").asText();
        final byte[] body = line.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AlertDescriptor.HEADER_LENGTH + body.length]);
        buffer.putLong(AlertDescriptor.EVENT_TIME_OFFSET, n.path("event_time_ms").asLong());
        buffer.putLong(AlertDescriptor.ALERT_ID_HI_OFFSET, Long.parseUnsignedLong(id.substring(0, 16), 16));
        buffer.putLong(AlertDescriptor.ALERT_ID_LO_OFFSET, Long.parseUnsignedLong(id.substring(16), 16));
        final Severity severity = Severity.fromWireName(n.path("severity").asText());
        buffer.putByte(AlertDescriptor.SEVERITY_OFFSET, severity == null ? 0 : severity.code());
        buffer.putByte(AlertDescriptor.KIND_OFFSET, AlertDescriptor.KIND_ALERT);
        buffer.putInt(AlertDescriptor.JSON_LENGTH_OFFSET, body.length);
        buffer.putBytes(AlertDescriptor.HEADER_LENGTH, body);
        outbox.append(new AlertView().wrap(buffer, 0), n.path("rule").asText(), List.of(), System.currentTimeMillis());
    }
}
