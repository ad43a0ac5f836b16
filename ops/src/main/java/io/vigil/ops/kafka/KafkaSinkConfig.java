package io.vigil.ops.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The validated settings of the Kafka alert sink ({@link KafkaAlertSink}): where the brokers are, the client
 * properties passed through (SASL, TLS), the topic, and the sink's own pacing. Built by
 * {@link KafkaSinkSection} from the {@code kafka:} section of the service YAML, or directly in tests.
 * <p>
 * The producer is always idempotent with {@code acks=all}; those settings, the serializers and
 * {@code bootstrap.servers} are the sink's and are refused in the passthrough maps.
 * <p>
 * Immutable; any thread.
 *
 * @param brokers         bootstrap brokers, {@code host:port} each, at least one.
 * @param properties      Kafka client properties shared with the Kafka source ({@code kafka.properties}), e.g.
 *                        {@code security.protocol}, {@code sasl.jaas.config}, {@code ssl.truststore.location}.
 * @param producer        producer-only properties ({@code kafka.sink.producer}), applied after {@code properties}.
 * @param topic           the topic alerts go to.
 * @param name            the sink's name: its progress records in the outbox are for endpoint {@code kafka:NAME}.
 * @param batchSize       most alerts in one batch: one progress record each; up to four batches are in flight.
 * @param retryBackoffMax longest wait between two rounds of re-sending records the producer gave up on.
 * @param closeTimeout    how long a graceful stop waits for the backlog to be acknowledged.
 */
public record KafkaSinkConfig(List<String> brokers, Map<String, String> properties, Map<String, String> producer,
    String topic, String name, int batchSize, Duration retryBackoffMax, Duration closeTimeout)
{
    /** Most alerts in one batch. */
    public static final int MAX_BATCH_SIZE = 10_000;

    /** Properties the sink sets itself; refused in the passthrough maps. */
    public static final List<String> FIXED_PROPERTIES = List.of("bootstrap.servers", "enable.idempotence", "acks",
        "key.serializer", "value.serializer", "transactional.id");

    /** Default {@code max.block.ms}: how long one {@code send} may wait for metadata while the brokers are away. */
    static final String DEFAULT_MAX_BLOCK_MS = "5000";

    /**
     * Checks the settings and copies the collections.
     *
     * @throws IllegalArgumentException naming the setting at fault.
     */
    public KafkaSinkConfig
    {
        if (brokers == null || brokers.isEmpty())
        {
            throw new IllegalArgumentException("kafka.brokers: expected at least one broker host:port");
        }
        brokers = List.copyOf(brokers);
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        producer = Map.copyOf(producer == null ? Map.of() : producer);
        checkNotFixed("kafka.properties", properties);
        checkNotFixed("kafka.sink.producer", producer);
        if (topic == null || topic.isBlank())
        {
            throw new IllegalArgumentException("kafka.sink.topic: expected a topic name");
        }
        Objects.requireNonNull(name, "name");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("kafka.sink.batch-size: expected 1.." + MAX_BATCH_SIZE + ", found " +
                batchSize);
        }
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /**
     * @param brokers bootstrap brokers.
     * @param topic   the topic.
     * @return a configuration with every other setting at its default.
     */
    public static KafkaSinkConfig of(final List<String> brokers, final String topic)
    {
        return new KafkaSinkConfig(brokers, Map.of(), Map.of(), topic, "default", 500, Duration.ofSeconds(30),
            Duration.ofSeconds(10));
    }

    private static void checkNotFixed(final String where, final Map<String, String> props)
    {
        for (final String key : props.keySet())
        {
            if (FIXED_PROPERTIES.contains(key))
            {
                throw new IllegalArgumentException(where + ": '" + key + "' is set by the sink (bootstrap.servers "
                    + "from kafka.brokers; an idempotent producer with acks=all, byte-array serializers, no "
                    + "transactions); remove it");
            }
        }
    }

    /** @return the endpoint name of this sink's records in the outbox's progress queue. */
    public String progressEndpoint()
    {
        return KafkaAlertSink.PROGRESS_ENDPOINT_PREFIX + name;
    }

    /** @return the producer's properties: defaults, then {@code properties}, {@code producer}, the fixed ones. */
    public Properties producerProperties()
    {
        final Map<String, String> all = new LinkedHashMap<>();
        all.put("client.id", "vigil-alert-sink-" + name);
        all.put("max.block.ms", DEFAULT_MAX_BLOCK_MS);
        all.put("linger.ms", "5");
        all.put("compression.type", "lz4");
        all.putAll(properties);
        all.putAll(producer);
        all.put("bootstrap.servers", String.join(",", brokers));
        all.put("enable.idempotence", "true");
        all.put("acks", "all");
        all.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        all.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        final Properties p = new Properties();
        p.putAll(all);
        return p;
    }

    /** @return the settings without the passthrough values (they may hold secrets). */
    @Override
    public String toString()
    {
        return "KafkaSinkConfig{brokers=" + brokers + ", topic=" + topic + ", name=" + name + ", batchSize=" +
            batchSize + ", properties=" + properties.keySet() + ", producer=" + producer.keySet() + '}';
    }
}
