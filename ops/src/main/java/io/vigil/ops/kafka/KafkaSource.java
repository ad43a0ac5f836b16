package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.InputException;
import io.vigil.ops.ingest.TransactionJsonParser;
import io.vigil.ops.service.ServiceConfig;
import io.vigil.rules.RuleSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil run}'s Kafka source: one consumer in the group {@code kafka.source.group}, one engine per owned
 * partition ({@link PartitionEngine}). Each record's value is a JSON event, parsed by the same parser as HTTP and
 * NDJSON ingest; it is journaled in its partition's engine with its offset. A record that does not parse is
 * refused into the partition's {@code rejects.jsonl}, counted, and its offset passed.
 * <p>
 * Rebalances ({@link ConsumerRebalanceListener}, cooperative-sticky assignment unless configured otherwise): a
 * revoked (or lost) partition stops being fed, drains, checkpoints and closes; an assigned one is opened from the
 * shared partitions directory (newest checkpoint, journal replay) and the consumer is moved to the offset after
 * its last journaled (or refused) record before anything of it is processed. Offsets are committed to Kafka for
 * tooling (lag in {@code kafka-consumer-groups}), only ever up to what is journaled; the journal decides where a
 * partition resumes.
 * <p>
 * Thread contract: {@link #start} and {@link #close} on the service's control thread; everything else, the
 * consumer and every partition engine's production, on the source's one consumer thread.
 */
public final class KafkaSource implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    private final ServiceConfig service;
    private final KafkaSourceConfig config;
    private RuleSet rules;
    private final java.util.concurrent.atomic.AtomicReference<RuleSet> pendingRules =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final AlertSink sink;
    private final Path partitionsDir;
    private final String owner;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Properties groupProperties;
    private final KafkaSourceMetrics metrics = new KafkaSourceMetrics();
    private final Map<TopicPartition, PartitionEngine> engines = new HashMap<>();
    private final Map<TopicPartition, long[]> pendingCommits = new HashMap<>();
    private final TransactionJsonParser parser = new TransactionJsonParser();
    private final TransactionFlyweight scratch =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long nextCommitNs;

    private KafkaSource(
        final ServiceConfig service, final List<String> brokers, final Map<String, String> properties,
        final KafkaSourceConfig config, final RuleSet rules, final AlertSink sink)
    {
        this.service = service;
        this.config = config;
        this.rules = rules;
        this.sink = sink;
        this.partitionsDir = config.partitionsDir(service.data().dir());
        this.owner = ManagementFactory.getRuntimeMXBean().getName();
        this.groupProperties = consumerProperties(brokers, properties, config, owner);
        this.consumer = new KafkaConsumer<>(groupProperties);
        this.thread = new Thread(this::run, "vigil-kafka-source");
    }

    /**
     * Joins the group and starts consuming on a thread of its own.
     *
     * @param service    the service's configuration (data dir, engine, rules, checkpoints).
     * @param brokers    {@code kafka.brokers}.
     * @param properties {@code kafka.properties}, passed to the consumer.
     * @param config     {@code kafka.source}, checked.
     * @param rules   the rules each partition's engine runs.
     * @param sink    the node's alert output, shared with the service's own engine (each partition's engine
     *                calls it from its own thread, through {@link SharedAlertSink#forPartition()}).
     * @return the running source.
     */
    public static KafkaSource start(
        final ServiceConfig service, final List<String> brokers, final Map<String, String> properties,
        final KafkaSourceConfig config, final RuleSet rules, final SharedAlertSink sink)
    {
        final KafkaSource source = new KafkaSource(service, brokers, properties, config, rules, sink.forPartition());
        source.thread.start();
        LOG.info("event=kafka_source_started brokers={} topics={} group={} partitions_dir={} owner={}",
            brokers, source.config.topics(), source.config.group(), source.partitionsDir, source.owner);
        return source;
    }

    static Properties consumerProperties(
        final List<String> brokers, final Map<String, String> properties, final KafkaSourceConfig config,
        final String owner)
    {
        final Properties props = new Properties();
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-source-" + owner.replaceAll("[^A-Za-z0-9._-]", "_"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.maxPollRecords()));
        // records of aborted producer transactions never reach the engine (overridable)
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(properties);
        props.putAll(config.consumer());
        if ("consumer".equalsIgnoreCase(props.getProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "")) &&
            !config.consumer().containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG) &&
            !properties.containsKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
        {
            props.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG); // the broker assigns
        }
        // what the source's guarantees rest on: not overridable
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    private void run()
    {
        try
        {
            consumer.subscribe(config.topics(), new Rebalance());
            nextCommitNs = System.nanoTime() + config.commitInterval().toNanos();
            while (running)
            {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                // after the poll: a record written after a rule change returned is evaluated under the new rules
                applyRuleChange();
                // reference records as they arrive: what each partition's reference feed has fetched goes in
                // before the partition's records of this poll (the journal keeps the order for replay)
                pollReferences(Duration.ZERO);
                for (final TopicPartition tp : records.partitions())
                {
                    final PartitionEngine engine = engines.get(tp);
                    if (engine == null)
                    {
                        LOG.warn("event=kafka_records_unowned topic={} partition={}", tp.topic(), tp.partition());
                        continue;
                    }
                    for (final ConsumerRecord<byte[], byte[]> record : records.records(tp))
                    {
                        take(engine, record);
                    }
                }
                afterPoll();
            }
        }
        catch (final WakeupException ex)
        {
            if (running)
            {
                fail(ex);
            }
        }
        catch (final Throwable ex)
        {
            fail(ex);
        }
        finally
        {
            closeEngines(engines.keySet().toArray(new TopicPartition[0]), true);
            try
            {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("event=kafka_consumer_close_failed error={}", ex.toString());
            }
            metrics.stopped();
        }
    }

    private void applyRuleChange()
    {
        final RuleSet changed = pendingRules.getAndSet(null);
        if (changed == null)
        {
            return;
        }
        rules = changed;
        final long outOfOrderMs = service.rules().outOfOrder().toMillis();
        for (final PartitionEngine engine : engines.values())
        {
            engine.changeRules(changed, outOfOrderMs);
        }
        LOG.info("event=kafka_partitions_rules_changed partitions={} rules={}", engines.size(), changed.ruleRefs().size());
    }

    /**
     * Changes the rules of every owned partition's engine (journaled in each partition, so replay and the next
     * owner see the change at the same position) and of the partitions opened from now on. Applied by the
     * consumer thread before its next poll.
     *
     * @param changed the new rules, already checked and compiled.
     */
    public void changeRules(final RuleSet changed)
    {
        pendingRules.set(changed);
    }

    private void fail(final Throwable ex)
    {
        failure = ex;
        LOG.error("event=kafka_source_failed error=\"{}\"", ex.toString(), ex);
    }

    private void take(final PartitionEngine engine, final ConsumerRecord<byte[], byte[]> record) throws IOException
    {
        if (record.offset() < engine.nextOffset())
        {
            return; // already journaled or refused (a fetch from before the seek): never applied twice
        }
        final byte[] value = record.value();
        final String json = value == null ? null : new String(value, StandardCharsets.UTF_8);
        String error = null;
        if (json == null)
        {
            error = "an empty record (no value): expected a JSON event";
        }
        else
        {
            try
            {
                parser.parse(json, scratch);
            }
            catch (final InputException ex)
            {
                error = ex.getMessage();
            }
        }
        if (error != null)
        {
            engine.reject(record.offset(), record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                json, error);
            metrics.reject();
            return;
        }
        engine.feed(scratch, record.offset());
        metrics.consume();
    }

    private void pollReferences(final Duration timeout) throws IOException
    {
        for (final PartitionEngine engine : engines.values())
        {
            if (engine.references() != null)
            {
                engine.references().poll(timeout, engine, parser, scratch, metrics);
            }
        }
    }

    private void openReferences(final TopicPartition tp, final PartitionEngine engine) throws IOException
    {
        final String clientId = groupProperties.getProperty(ConsumerConfig.CLIENT_ID_CONFIG) + "-ref-" + tp;
        final ReferenceFeed feed = ReferenceFeed.open(config.referenceTopics(),
            ReferenceFeed.consumerProperties(groupProperties, clientId), engine.dir(), config.referenceCatchUp());
        engine.attach(feed);
        final long startNs = System.nanoTime();
        final boolean caughtUp = feed.catchUp(config.referenceCatchUp().toNanos(), engine, parser, scratch, metrics);
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        if (caughtUp)
        {
            LOG.info("event=reference_caught_up topic={} partition={} took_ms={}", tp.topic(), tp.partition(), tookMs);
        }
        else
        {
            LOG.warn("event=reference_catch_up_incomplete topic={} partition={} took_ms={}: the rest is applied " +
                "as it arrives", tp.topic(), tp.partition(), tookMs);
        }
    }

    private void referenceLags()
    {
        final Map<TopicPartition, Long> lags = new HashMap<>();
        for (final PartitionEngine engine : engines.values())
        {
            if (engine.references() != null)
            {
                engine.references().lags(lags);
            }
        }
        final Map<String, Long> byLabel = new HashMap<>();
        lags.forEach((tp, lag) -> byLabel.put(KafkaSourceMetrics.label(tp.topic(), tp.partition()), lag));
        metrics.referenceLags(byLabel);
    }

    private void afterPoll()
    {
        if (!config.referenceTopics().isEmpty())
        {
            referenceLags();
        }
        final long idleTickNs = service.ingest().idleTick().toNanos();
        final long nowNs = System.nanoTime();
        for (final PartitionEngine engine : engines.values())
        {
            if (engine.tickIfIdle(nowNs, idleTickNs))
            {
                metrics.tick();
            }
            final TopicPartition tp = new TopicPartition(engine.topic(), engine.partition());
            final OptionalLong lag = consumer.currentLag(tp);
            metrics.position(engine.topic(), engine.partition(), lag.isPresent() ? lag.getAsLong() : -1,
                engine.nextOffset() - 1);
        }
        final long now = System.nanoTime();
        if (now - nextCommitNs < 0)
        {
            return;
        }
        nextCommitNs = now + config.commitInterval().toNanos();
        // commit an offset only once every event before it is journaled: the one noted a commit interval ago
        final Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (final Map.Entry<TopicPartition, PartitionEngine> e : engines.entrySet())
        {
            final PartitionEngine engine = e.getValue();
            final long[] pending = pendingCommits.get(e.getKey());
            if (pending != null && pending[1] >= 0 && engine.journaledUpTo(pending[0]))
            {
                commits.put(e.getKey(), new OffsetAndMetadata(pending[1]));
            }
            pendingCommits.put(e.getKey(), new long[] {engine.lastSequence(), engine.nextOffset()});
        }
        if (!commits.isEmpty())
        {
            consumer.commitAsync(commits, (offsets, ex) ->
            {
                if (ex != null)
                {
                    LOG.warn("event=kafka_commit_failed error={}", ex.toString());
                }
            });
        }
    }

    private void closeEngines(final TopicPartition[] partitions, final boolean commit)
    {
        final Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (final TopicPartition tp : partitions)
        {
            final PartitionEngine engine = engines.remove(tp);
            pendingCommits.remove(tp);
            if (engine == null)
            {
                continue;
            }
            try
            {
                engine.close();
                if (engine.nextOffset() >= 0)
                {
                    commits.put(tp, new OffsetAndMetadata(engine.nextOffset()));
                }
            }
            catch (final RuntimeException ex)
            {
                LOG.error("event=partition_close_failed topic={} partition={} error=\"{}\"", tp.topic(), tp.partition(),
                    ex.toString(), ex);
            }
            metrics.released(tp.topic(), tp.partition());
        }
        if (commit && !commits.isEmpty())
        {
            try
            {
                consumer.commitSync(commits, Duration.ofSeconds(5));
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("event=kafka_commit_failed error={}", ex.toString());
            }
        }
    }

    /** Called inside {@code poll} on the consumer thread. */
    private final class Rebalance implements ConsumerRebalanceListener
    {
        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions)
        {
            if (!partitions.isEmpty())
            {
                metrics.rebalance();
                LOG.info("event=kafka_partitions_revoked partitions={}", partitions);
                closeEngines(partitions.toArray(new TopicPartition[0]), true);
            }
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions)
        {
            if (!partitions.isEmpty())
            {
                metrics.rebalance();
                LOG.warn("event=kafka_partitions_lost partitions={}", partitions);
                closeEngines(partitions.toArray(new TopicPartition[0]), false);
            }
        }

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions)
        {
            if (partitions.isEmpty())
            {
                return;
            }
            metrics.rebalance();
            LOG.info("event=kafka_partitions_assigned partitions={}", partitions);
            for (final TopicPartition tp : partitions)
            {
                final PartitionEngine engine;
                try
                {
                    engine = PartitionEngine.open(tp.topic(), tp.partition(), partitionsDir, service, config, rules,
                        sink, owner);
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException("partition " + tp + ": cannot open", ex);
                }
                engines.put(tp, engine);
                metrics.owned(tp.topic(), tp.partition());
                if (!config.referenceTopics().isEmpty())
                {
                    try
                    {
                        openReferences(tp, engine);
                    }
                    catch (final IOException ex)
                    {
                        throw new java.io.UncheckedIOException("partition " + tp + ": cannot open its reference feed",
                            ex);
                    }
                }
                final long next = engine.nextOffset();
                if (next >= 0)
                {
                    consumer.seek(tp, next);
                }
                else if ("earliest".equals(config.autoOffsetReset()))
                {
                    consumer.seekToBeginning(List.of(tp));
                }
                else
                {
                    consumer.seekToEnd(List.of(tp));
                }
            }
        }
    }

    /** @return the source's figures. */
    public KafkaSourceMetrics metrics()
    {
        return metrics;
    }

    /** @return why the consumer stopped, or null while it runs (or after a clean stop). */
    public Throwable failure()
    {
        return failure;
    }

    /**
     * Stops consuming: every owned partition drains, checkpoints and closes, its journaled offset is committed,
     * and the consumer leaves the group (its partitions go to the other nodes). Idempotent.
     */
    @Override
    public void close()
    {
        running = false;
        consumer.wakeup();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            LOG.warn("event=kafka_source_close_timeout");
        }
        LOG.info("event=kafka_source_stopped consumed={} rejected={} rebalances={}", metrics.consumed(),
            metrics.rejectedCount(), metrics.rebalances());
    }
}
