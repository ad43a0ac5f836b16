package io.vigil.ops.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code kafka:} section of the service YAML as far as the alert sink needs it, bound by Jackson inside
 * {@code ServiceConfig} (so every error names {@code FILE:LINE:COLUMN}):
 * <pre>
 * kafka:
 *   brokers: [kafka-1:9092, kafka-2:9092]   # or "kafka-1:9092,kafka-2:9092"
 *   properties:                             # client properties for every Kafka client (SASL, TLS), as is
 *     security.protocol: SASL_SSL
 *   sink:
 *     topic: vigil-alerts                   # required: the sink is on when this section is present
 *     name: default                         # progress records in the outbox: endpoint kafka:NAME
 *     batch-size: 500
 *     retry-backoff-max: 30s
 *     close-timeout: 10s
 *     producer:                             # producer-only properties, after kafka.properties
 *       linger.ms: 10
 * </pre>
 * {@code brokers} and {@code properties} are shared with the Kafka source ({@code kafka.source}, bound here too and
 * read by {@link KafkaSourceConfig}).
 * <p>
 * Thread contract: bound and read on one thread at start.
 */
public final class KafkaSinkSection
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern BROKER = Pattern.compile("\\[?[A-Za-z0-9._:-]+]?:(\\d{1,5})");

    private List<String> brokers = List.of();
    private Map<String, String> properties = Map.of();
    private Sink sink;
    @JsonProperty("source")
    private KafkaSourceConfig source;

    @JsonProperty("brokers")
    void brokers(final JsonNode node)
    {
        final List<String> list = new ArrayList<>();
        if (node.isTextual())
        {
            for (final String part : node.asText().split(","))
            {
                list.add(broker(part.strip()));
            }
        }
        else if (node.isArray())
        {
            for (final JsonNode n : node)
            {
                if (!n.isValueNode())
                {
                    throw new IllegalArgumentException("expected a list of host:port, found a nested " +
                        n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
                }
                list.add(broker(n.asText().strip()));
            }
        }
        else
        {
            throw new IllegalArgumentException("expected a list of host:port or one comma-separated string");
        }
        if (list.isEmpty())
        {
            throw new IllegalArgumentException("expected at least one broker host:port");
        }
        this.brokers = List.copyOf(list);
    }

    private static String broker(final String text)
    {
        final Matcher m = BROKER.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535)
        {
            throw new IllegalArgumentException("expected a broker as host:port (port 1..65535), found '" + text + "'");
        }
        return text;
    }

    @JsonProperty("properties")
    void properties(final JsonNode node)
    {
        final Map<String, String> map = scalars(node);
        for (final String key : map.keySet())
        {
            if (KafkaSinkConfig.FIXED_PROPERTIES.contains(key))
            {
                throw new IllegalArgumentException("'" + key + "' is set by Vigil (bootstrap.servers from "
                    + "kafka.brokers; the alert sink's producer is idempotent with acks=all and byte-array "
                    + "serializers); remove it");
            }
        }
        this.properties = map;
    }

    @JsonProperty("sink")
    void sink(final Sink sink)
    {
        this.sink = sink;
    }

    static Map<String, String> scalars(final JsonNode node)
    {
        if (!node.isObject())
        {
            throw new IllegalArgumentException("expected a mapping of Kafka client properties (name: value)");
        }
        final Map<String, String> map = new LinkedHashMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull())
            {
                throw new IllegalArgumentException("property '" + e.getKey() + "': expected a single value (text, "
                    + "number or true/false)");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    static Duration duration(final String text)
    {
        final Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches())
        {
            throw new IllegalArgumentException("expected a duration such as 500ms, 20s, 5m or 1h, found '" + text + "'");
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2))
        {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            default:
                return Duration.ofHours(n);
        }
    }

    /** @return the bootstrap brokers (empty when not configured). */
    public List<String> brokers()
    {
        return brokers;
    }

    /** @return the passthrough client properties. */
    public Map<String, String> properties()
    {
        return properties;
    }

    /**
     * @return the Kafka source's settings ({@code kafka.source}, see {@link KafkaSourceConfig}), checked across keys,
     * or null when absent.
     * @throws IllegalArgumentException naming the key that is missing.
     */
    public KafkaSourceConfig source()
    {
        if (source != null)
        {
            if (brokers.isEmpty())
            {
                throw new IllegalArgumentException("kafka.brokers: required when kafka.source is given");
            }
            source.check();
        }
        return source;
    }

    /**
     * @return the sink's configuration, or null when {@code kafka.sink} is absent.
     * @throws IllegalArgumentException if the sink is configured without brokers or with a fixed property.
     */
    public KafkaSinkConfig sinkConfig()
    {
        if (sink == null)
        {
            return null;
        }
        if (brokers.isEmpty())
        {
            throw new IllegalArgumentException("kafka.sink is set but kafka.brokers is not: expected a list of "
                + "host:port");
        }
        return new KafkaSinkConfig(brokers, properties, sink.producer, sink.topic, sink.name, sink.batchSize,
            sink.retryBackoffMax, sink.closeTimeout);
    }

    /** {@code kafka.sink:} the alert sink's own settings. */
    public static final class Sink
    {
        private String topic;
        private String name = "default";
        private int batchSize = 500;
        private Duration retryBackoffMax = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Map<String, String> producer = Map.of();

        @JsonProperty("topic")
        void topic(final String topic)
        {
            // Kafka's own rule: 1..249 characters of ASCII letters, digits, '.', '_', '-'
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals(".."))
            {
                throw new IllegalArgumentException("expected a Kafka topic name (1..249 of A-Z a-z 0-9 . _ -), found '"
                    + topic + "'");
            }
            this.topic = topic;
        }

        @JsonProperty("name")
        void name(final String name)
        {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}"))
            {
                throw new IllegalArgumentException("expected a sink name of 1..64 of A-Z a-z 0-9 . _ -, found '" + name
                    + "'");
            }
            this.name = name;
        }

        @JsonProperty("batch-size")
        void batchSize(final int n)
        {
            if (n < 1 || n > KafkaSinkConfig.MAX_BATCH_SIZE)
            {
                throw new IllegalArgumentException("expected 1.." + KafkaSinkConfig.MAX_BATCH_SIZE + ", found " + n);
            }
            this.batchSize = n;
        }

        @JsonProperty("retry-backoff-max")
        void retryBackoffMax(final String text)
        {
            final Duration d = duration(text);
            if (d.toMillis() < 100)
            {
                throw new IllegalArgumentException("expected at least 100ms, found '" + text + "'");
            }
            this.retryBackoffMax = d;
        }

        @JsonProperty("close-timeout")
        void closeTimeout(final String text)
        {
            this.closeTimeout = duration(text);
        }

        @JsonProperty("producer")
        void producer(final JsonNode node)
        {
            this.producer = scalars(node);
            for (final String key : producer.keySet())
            {
                if (KafkaSinkConfig.FIXED_PROPERTIES.contains(key))
                {
                    throw new IllegalArgumentException("'" + key + "' is set by the sink (an idempotent producer "
                        + "with acks=all, byte-array serializers; brokers from kafka.brokers); remove it");
                }
            }
        }
    }
}
