package io.vigil.ops.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kafka.source:} consuming transactions (and every other event kind the JSON parser knows) from Kafka
 * topics partitioned by card, one engine per owned partition:
 * <pre>
 * kafka:
 *   source:
 *     topics: [transactions]          # required
 *     reference-topics: [reference]   # optional: replicated tables (merchant_profile, reference, account_profile)
 *                                     # read in full by every partition engine
 *     group: vigil-engines            # required: the consumer group the nodes form
 *     partitions-dir: /shared/vigil   # default DATA/partitions: each partition's journal and checkpoints, on
 *                                     # storage every node of the group reaches
 *     auto-offset-reset: earliest     # earliest | latest: where a partition with nothing journaled starts
 *     shards: 1                       # shard threads of each partition's engine
 *     ring-size: 4096                 # input ring slots of each partition's engine
 *     max-poll-records: 500
 *     commit-interval: 5s             # how often journaled offsets are committed to Kafka (for tooling)
 *     lock-wait: 60s                  # longest wait for a partition's previous owner to let go of it
 *     reference-catch-up: 60s         # longest wait, when a partition opens, to read the reference topics to
 *                                     # their end before the partition's own records
 *     rejects: DATA/kafka-rejects.jsonl
 *     consumer:                       # consumer-only properties, after kafka.properties
 *       fetch.min.bytes: 1
 * </pre>
 * Thread contract: bound and read on one thread at start.
 */
public final class KafkaSourceConfig
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private List<String> topics = List.of();
    private List<String> referenceTopics = List.of();
    private String group;
    private Path partitionsDir;
    private String autoOffsetReset = "earliest";
    private int shards = 1;
    private int ringSize = 4096;
    private int maxPollRecords = 500;
    private Duration commitInterval = Duration.ofSeconds(5);
    private Duration lockWait = Duration.ofSeconds(60);
    private Duration referenceCatchUp = Duration.ofSeconds(60);
    private Path rejects;
    private Map<String, String> consumer = Map.of();

    @JsonProperty("topics")
    void topics(final JsonNode node)
    {
        this.topics = topicList(node, false);
    }

    @JsonProperty("reference-topics")
    void referenceTopics(final JsonNode node)
    {
        this.referenceTopics = topicList(node, true);
    }

    private static List<String> topicList(final JsonNode node, final boolean mayBeEmpty)
    {
        final List<String> list = new ArrayList<>();
        if (node.isTextual())
        {
            list.add(topic(node.asText().strip()));
        }
        else if (node.isArray())
        {
            for (final JsonNode n : node)
            {
                if (!n.isTextual())
                {
                    throw new IllegalArgumentException("expected a list of topic names");
                }
                list.add(topic(n.asText().strip()));
            }
        }
        else
        {
            throw new IllegalArgumentException("expected a list of topic names");
        }
        if (list.isEmpty() && !mayBeEmpty)
        {
            throw new IllegalArgumentException("expected at least one topic");
        }
        return List.copyOf(list);
    }

    private static String topic(final String name)
    {
        if (!TOPIC.matcher(name).matches() || ".".equals(name) || "..".equals(name))
        {
            throw new IllegalArgumentException("expected a topic name of letters, digits, '.', '_' or '-', found '" +
                name + "'");
        }
        return name;
    }

    @JsonProperty("group")
    void group(final String group)
    {
        if (group == null || group.isBlank())
        {
            throw new IllegalArgumentException("expected a consumer group id");
        }
        this.group = group.strip();
    }

    @JsonProperty("partitions-dir")
    void partitionsDir(final String dir)
    {
        this.partitionsDir = Path.of(dir);
    }

    @JsonProperty("auto-offset-reset")
    void autoOffsetReset(final String value)
    {
        final String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!"earliest".equals(v) && !"latest".equals(v))
        {
            throw new IllegalArgumentException("expected earliest or latest, found '" + value + "'");
        }
        this.autoOffsetReset = v;
    }

    @JsonProperty("shards")
    void shards(final int n)
    {
        this.shards = inRange(n, 1, io.vigil.core.engine.EngineConfig.MAX_SHARDS);
    }

    @JsonProperty("ring-size")
    void ringSize(final int slots)
    {
        if (slots < 8 || Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("expected a power of two >= 8, found " + slots);
        }
        this.ringSize = slots;
    }

    @JsonProperty("max-poll-records")
    void maxPollRecords(final int n)
    {
        this.maxPollRecords = inRange(n, 1, 100_000);
    }

    @JsonProperty("commit-interval")
    void commitInterval(final String text)
    {
        this.commitInterval = duration(text);
    }

    @JsonProperty("lock-wait")
    void lockWait(final String text)
    {
        this.lockWait = duration(text);
    }

    @JsonProperty("reference-catch-up")
    void referenceCatchUp(final String text)
    {
        this.referenceCatchUp = duration(text);
    }

    @JsonProperty("rejects")
    void rejects(final String path)
    {
        this.rejects = Path.of(path);
    }

    @JsonProperty("consumer")
    void consumer(final JsonNode node)
    {
        this.consumer = clientProperties(node);
    }

    /**
     * @param node a YAML mapping of Kafka client property names to scalar values.
     * @return the properties as text, in the file's order.
     * @throws IllegalArgumentException if it is not a mapping of scalars.
     */
    static Map<String, String> clientProperties(final JsonNode node)
    {
        if (!node.isObject())
        {
            throw new IllegalArgumentException("expected a mapping of Kafka client properties (name: value)");
        }
        final Map<String, String> map = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> e : node.properties())
        {
            if (!e.getValue().isValueNode() || e.getValue().isNull())
            {
                throw new IllegalArgumentException("property '" + e.getKey() + "': expected a scalar value");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return Map.copyOf(map);
    }

    private static int inRange(final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("expected " + min + ".." + max + ", found " + value);
        }
        return value;
    }

    private static Duration duration(final String text)
    {
        final Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches())
        {
            throw new IllegalArgumentException("expected a duration such as 500ms, 20s, 5m or 1h, found '" + text + "'");
        }
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2))
        {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    void check()
    {
        if (topics.isEmpty())
        {
            throw new IllegalArgumentException("kafka.source.topics: required (the topics to consume)");
        }
        if (group == null)
        {
            throw new IllegalArgumentException("kafka.source.group: required (the consumer group the nodes form)");
        }
        final Map<Integer, String> ids = new java.util.HashMap<>();
        for (final String topic : referenceTopics)
        {
            if (topics.contains(topic))
            {
                throw new IllegalArgumentException("kafka.source.reference-topics: '" + topic + "' is also in " +
                    "kafka.source.topics: a topic is either partitioned (topics) or read in full by every partition " +
                    "(reference-topics)");
            }
            final String other = ids.put(ReferenceFeed.topicId(topic), topic);
            if (other != null)
            {
                throw new IllegalArgumentException("kafka.source.reference-topics: '" + topic + "' and '" + other +
                    "' are listed twice or share a topic id (CRC-32 of the name): rename one");
            }
        }
    }

    /**
     * Resolves relative paths against the configuration file's directory.
     *
     * @param base the directory.
     */
    public void resolveAgainst(final Path base)
    {
        if (partitionsDir != null)
        {
            partitionsDir = base.resolve(partitionsDir).normalize();
        }
        if (rejects != null)
        {
            rejects = base.resolve(rejects).normalize();
        }
    }

    /** @return the topics consumed. */
    public List<String> topics()
    {
        return topics;
    }

    /**
     * @return the reference topics: replicated events every partition engine reads in full (empty: none).
     */
    public List<String> referenceTopics()
    {
        return referenceTopics;
    }

    /** @return the consumer group id. */
    public String group()
    {
        return group;
    }

    /**
     * @param dataDir the node's data directory.
     * @return where each partition's journal and checkpoints live ({@code DIR/<topic>-<partition>}).
     */
    public Path partitionsDir(final Path dataDir)
    {
        return partitionsDir != null ? partitionsDir : dataDir.resolve("partitions");
    }

    /**
     * @param dataDir the node's data directory.
     * @return the file records that fail parsing are appended to.
     */
    public Path rejects(final Path dataDir)
    {
        return rejects != null ? rejects : dataDir.resolve("kafka-rejects.jsonl");
    }

    /** @return {@code earliest} or {@code latest}. */
    public String autoOffsetReset()
    {
        return autoOffsetReset;
    }

    /** @return shard threads of each partition's engine. */
    public int shards()
    {
        return shards;
    }

    /** @return input ring slots of each partition's engine. */
    public int ringSize()
    {
        return ringSize;
    }

    /** @return most records one poll returns. */
    public int maxPollRecords()
    {
        return maxPollRecords;
    }

    /** @return how often journaled offsets are committed to Kafka. */
    public Duration commitInterval()
    {
        return commitInterval;
    }

    /** @return longest wait for a partition's lock held by its previous owner. */
    public Duration lockWait()
    {
        return lockWait;
    }

    /** @return longest wait, at a partition's opening, to read the reference topics to their end. */
    public Duration referenceCatchUp()
    {
        return referenceCatchUp;
    }

    /** @return consumer-only client properties, applied after {@code kafka.properties}. */
    public Map<String, String> consumer()
    {
        return consumer;
    }
}
