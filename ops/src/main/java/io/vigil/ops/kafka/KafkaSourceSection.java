package io.vigil.ops.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kafka:} section of the service YAML as the Kafka source reads it, bound by Jackson inside
 * {@code ServiceConfig} (so a wrong value names {@code FILE:LINE:COLUMN}):
 * <pre>
 * kafka:
 *   brokers: [kafka-1:9092, kafka-2:9092]   # or "kafka-1:9092,kafka-2:9092"
 *   properties:                             # client properties for every Kafka client (SASL, TLS), as is
 *     security.protocol: SASL_SSL
 *   source:                                 # see KafkaSourceConfig
 *     topics: [transactions]
 *     group: vigil
 * </pre>
 * {@code brokers} and {@code properties} are shared with the Kafka alert sink ({@code kafka.sink}), whose reader
 * of this section reads them the same way; merged, one class binds {@code kafka:} with both {@code source} and
 * {@code sink}.
 * <p>
 * Thread contract: bound and read on one thread at start.
 */
public final class KafkaSourceSection
{
    private static final Pattern BROKER = Pattern.compile("\\[?[A-Za-z0-9._:-]+]?:(\\d{1,5})");

    private List<String> brokers = List.of();
    private Map<String, String> properties = Map.of();
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
        this.properties = KafkaSourceConfig.clientProperties(node);
    }

    /** @return bootstrap brokers, {@code host:port}; empty when the section gives none. */
    public List<String> brokers()
    {
        return brokers;
    }

    /** @return the passthrough client properties (SASL, TLS, timeouts), applied to every Kafka client. */
    public Map<String, String> properties()
    {
        return properties;
    }

    /**
     * @return the Kafka source's settings, checked across keys, or null when {@code kafka.source} is absent.
     * @throws IllegalArgumentException naming the key that is missing or inconsistent.
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
}
