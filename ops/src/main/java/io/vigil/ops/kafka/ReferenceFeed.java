package io.vigil.ops.kafka;

import io.vigil.core.event.EventKind;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.InputException;
import io.vigil.ops.ingest.TransactionJsonParser;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * One partition engine's reader of the reference topics ({@code kafka.source.reference-topics}): replicated
 * events (merchant profiles, reference list entries, account profiles) that every partition engine applies, so a
 * rule in any partition sees them. Its own consumer, outside the group ({@code assign} of every partition of the
 * reference topics), starts each reference partition after the offset this partition engine last journaled (or
 * refused) from it, so a partition that moves to another node neither applies a reference record twice nor skips
 * one. Each record is journaled in the partition engine with its reference position
 * ({@link io.vigil.core.engine.EventSlot#referencePosition}); a record that does not parse, or whose kind is not
 * a replicated one, is refused into the partition's {@code reference-rejects.jsonl} and counted.
 * <p>
 * Thread contract: the Kafka source's consumer thread (which also feeds the partition engine).
 */
final class ReferenceFeed implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Integer> topicIds;
    private final Map<TopicPartition, long[]> nextOffsets;
    private final PartitionRejects rejects;

    private ReferenceFeed(
        final KafkaConsumer<byte[], byte[]> consumer, final Map<String, Integer> topicIds,
        final Map<TopicPartition, long[]> nextOffsets, final PartitionRejects rejects)
    {
        this.consumer = consumer;
        this.topicIds = topicIds;
        this.nextOffsets = nextOffsets;
        this.rejects = rejects;
    }

    /**
     * @param topic a topic name.
     * @return its id in a reference position: the CRC-32 of its UTF-8 name.
     */
    static int topicId(final String topic)
    {
        final CRC32 crc = new CRC32();
        crc.update(topic.getBytes(StandardCharsets.UTF_8));
        return (int)crc.getValue();
    }

    /**
     * @param groupProperties the source's consumer properties.
     * @param clientId        this feed's client id.
     * @return the same, without what makes a group member: this consumer assigns its partitions itself.
     */
    static Properties consumerProperties(final Properties groupProperties, final String clientId)
    {
        final Properties props = new Properties();
        props.putAll(groupProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        props.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * Opens the feed of one partition engine: every partition of every reference topic, each positioned after
     * the newest offset the engine's journal holds from it (or its rejects file), from the beginning if none.
     *
     * @param topics       the reference topics.
     * @param props        {@link #consumerProperties} of this feed.
     * @param partitionDir the partition engine's directory (journal, {@code reference-rejects.jsonl}).
     * @param timeout      longest wait for the topics' metadata.
     * @return the open feed.
     * @throws IOException if the rejects file cannot be read or opened.
     */
    static ReferenceFeed open(final List<String> topics, final Properties props, final Path partitionDir,
        final Duration timeout) throws IOException
    {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        try
        {
            final Map<String, Integer> ids = new HashMap<>();
            final List<TopicPartition> all = new ArrayList<>();
            final Set<Long> keys = new HashSet<>();
            for (final String topic : topics)
            {
                final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos == null || infos.isEmpty())
                {
                    throw new IllegalStateException("kafka.source.reference-topics: topic '" + topic +
                        "' not found (or it has no partitions)");
                }
                ids.put(topic, topicId(topic));
                for (final PartitionInfo info : infos)
                {
                    all.add(new TopicPartition(topic, info.partition()));
                    keys.add(SourcePositionTail.referenceKey(topicId(topic), info.partition()));
                }
            }
            final Map<Long, Long> journaled =
                SourcePositionTail.lastReferenceOffsets(partitionDir.resolve("journal"), keys);
            final Map<Long, Long> refused =
                PartitionRejects.lastOffsetsByPartition(partitionDir.resolve(PartitionRejects.REFERENCE_FILE));
            consumer.assign(all);
            final Map<TopicPartition, long[]> next = new HashMap<>();
            final List<TopicPartition> fromStart = new ArrayList<>();
            for (final TopicPartition tp : all)
            {
                final long key = SourcePositionTail.referenceKey(ids.get(tp.topic()), tp.partition());
                final long last = Math.max(journaled.getOrDefault(key, SourcePositionTail.NONE),
                    refused.getOrDefault(key, SourcePositionTail.NONE));
                next.put(tp, new long[] {last + 1});
                if (last >= 0)
                {
                    consumer.seek(tp, last + 1);
                }
                else
                {
                    fromStart.add(tp);
                }
            }
            if (!fromStart.isEmpty())
            {
                consumer.seekToBeginning(fromStart);
            }
            LOG.info("event=reference_feed_opened dir={} reference_partitions={} journaled={} resume_from={}",
                partitionDir, all.size(), journaled.size(), positions(next));
            return new ReferenceFeed(consumer, ids, next,
                PartitionRejects.open(partitionDir, PartitionRejects.REFERENCE_FILE));
        }
        catch (final IOException | RuntimeException ex)
        {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
            throw ex;
        }
    }

    private static Map<String, Long> positions(final Map<TopicPartition, long[]> next)
    {
        final Map<String, Long> out = new java.util.TreeMap<>();
        next.forEach((tp, n) -> out.put(tp.toString(), n[0]));
        return out;
    }

    /**
     * Takes what the feed's consumer has fetched (waiting at most {@code timeout} for it) into the engine.
     *
     * @return records taken (journaled or refused).
     * @throws IOException if a refused record cannot be recorded.
     */
    int poll(final Duration timeout, final PartitionEngine engine, final TransactionJsonParser parser,
        final TransactionFlyweight scratch, final KafkaSourceMetrics metrics) throws IOException
    {
        final ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        int taken = 0;
        for (final ConsumerRecord<byte[], byte[]> record : records)
        {
            final TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            final long[] next = nextOffsets.get(tp);
            if (next == null || record.offset() < next[0])
            {
                continue; // already journaled or refused (a fetch from before the seek)
            }
            next[0] = record.offset() + 1;
            taken++;
            final String error = parse(record, parser, scratch);
            if (error != null)
            {
                rejects.record(record.topic(), record.partition(), record.offset(),
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8), error);
                metrics.rejectReference(record.topic());
                continue;
            }
            engine.feedReference(scratch, record.offset(), record.partition(), topicIds.get(record.topic()));
            metrics.applyReference(record.topic());
        }
        return taken;
    }

    private static String parse(final ConsumerRecord<byte[], byte[]> record, final TransactionJsonParser parser,
        final TransactionFlyweight scratch)
    {
        if (record.value() == null)
        {
            return "an empty record (no value): expected a JSON event";
        }
        try
        {
            parser.parse(new String(record.value(), StandardCharsets.UTF_8), scratch);
        }
        catch (final InputException ex)
        {
            return ex.getMessage();
        }
        final byte kind = scratch.kind();
        if (kind != TransactionDescriptor.KIND_MERCHANT_PROFILE && kind != TransactionDescriptor.KIND_REFERENCE &&
            kind != TransactionDescriptor.KIND_ACCOUNT_PROFILE)
        {
            final EventKind k = EventKind.fromCode(kind == 0 ? TransactionDescriptor.KIND_TRANSACTION : kind);
            return "field 'type': a " + (k == null ? "kind " + kind : k.wireName()) + " event on a reference " +
                "topic: expected merchant_profile, reference or account_profile (the replicated kinds); write it " +
                "to a topic of kafka.source.topics";
        }
        return null;
    }

    /**
     * Reads until every reference partition is at its end as of now (the reference data that exists when the
     * partition engine opens is applied before any of the partition's own records), or until {@code timeoutNs}.
     *
     * @return whether it caught up.
     * @throws IOException if a refused record cannot be recorded.
     */
    boolean catchUp(final long timeoutNs, final PartitionEngine engine, final TransactionJsonParser parser,
        final TransactionFlyweight scratch, final KafkaSourceMetrics metrics) throws IOException
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        final Map<TopicPartition, Long> ends = consumer.endOffsets(nextOffsets.keySet(), Duration.ofNanos(timeoutNs));
        while (true)
        {
            boolean caughtUp = true;
            for (final Map.Entry<TopicPartition, Long> end : ends.entrySet())
            {
                if (consumer.position(end.getKey(), Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime()))) <
                    end.getValue())
                {
                    caughtUp = false;
                    break;
                }
            }
            if (caughtUp)
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            poll(Duration.ofMillis(100), engine, parser, scratch, metrics);
        }
    }

    /**
     * @param out per reference partition, this feed's lag (records after its position) is merged in as the
     *            largest seen.
     */
    void lags(final Map<TopicPartition, Long> out)
    {
        for (final TopicPartition tp : nextOffsets.keySet())
        {
            final OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent())
            {
                out.merge(tp, lag.getAsLong(), Math::max);
            }
        }
    }

    @Override
    public void close()
    {
        try
        {
            rejects.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("event=reference_rejects_close_failed file={} error={}", rejects.file(), ex.toString());
        }
        try
        {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("event=reference_consumer_close_failed error={}", ex.toString());
        }
    }
}
