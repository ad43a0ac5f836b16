package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.recovery.DurableConfig;
import io.vigil.journal.recovery.DurableEngine;
import io.vigil.journal.recovery.RecoveryReport;
import io.vigil.journal.snapshot.CheckpointManifest;
import io.vigil.ops.recovery.RuleSetCompiler;
import io.vigil.ops.service.ServiceConfig;
import io.vigil.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The engine of one Kafka partition: a {@link DurableEngine} with its own data directory
 * ({@code PARTITIONS/<topic>-<partition>/}: journal, checkpoints, rejects, the owner's lock) on storage the whole
 * consumer group reaches. Opening it takes the partition's lock ({@link PartitionLock}), recovers its state
 * (newest checkpoint, then the journal after it) and finds where its input resumes: after the newest journaled
 * source offset or the newest refused one, whichever is later ({@link #nextOffset()}). Each record fed is
 * journaled with its offset ({@link EventSlot#sourcePosition}), so the journal alone says where to resume.
 * Closing drains the ring, takes a checkpoint and releases the lock: the next owner starts from that checkpoint.
 * <p>
 * Keys of one partition stay in this one engine (and, within it, each key on one shard), so the partition's
 * state moves between nodes as a unit. Its watermark is its own: the partition's events alone move it.
 * <p>
 * Thread contract: opened, fed and closed on the Kafka source's consumer thread (the engine's one producer).
 */
final class PartitionEngine implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PartitionEngine.class);

    private final String topic;
    private final int partition;
    private final Path dir;
    private final PartitionLock lock;
    private final DurableEngine durable;
    private final PartitionRejects rejects;
    private final long journaledOffsetAtOpen;
    private long lastOffset;
    private long lastSequence = -1;
    private long fed;
    private long newestEventTimeMs = Long.MIN_VALUE;
    private long lastFedNs = System.nanoTime();
    private long lastTickMs = Long.MIN_VALUE;
    private long ticks;
    private ReferenceFeed references;

    private PartitionEngine(
        final String topic, final int partition, final Path dir, final PartitionLock lock, final DurableEngine durable,
        final PartitionRejects rejects, final long journaledOffset)
    {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
        this.lock = lock;
        this.durable = durable;
        this.rejects = rejects;
        this.journaledOffsetAtOpen = journaledOffset;
        this.lastOffset = Math.max(journaledOffset, rejects.lastOffset());
    }

    /**
     * @param topic  a topic name.
     * @param partition its partition.
     * @return the partition's directory name, {@code <topic>-<partition>}.
     */
    static String dirName(final String topic, final int partition)
    {
        return topic + "-" + partition;
    }

    /**
     * Takes the partition's lock and recovers its engine.
     *
     * @param topic         the topic.
     * @param partition     the partition.
     * @param partitionsDir the shared directory of every partition.
     * @param service       engine, rules and checkpoint settings.
     * @param source        the source's settings (shards, ring size, lock wait).
     * @param rules         the node's running rules (journaled into the partition when they differ from those it
     *                      recovered, and on a new journal).
     * @param sink          where this partition's alerts go (not closed by this engine).
     * @param owner         who takes the lock, for the lock file and logs.
     * @return the live engine.
     * @throws IOException if the directory cannot be made or the lock not taken within {@code lock-wait}.
     */
    static PartitionEngine open(
        final String topic, final int partition, final Path partitionsDir, final ServiceConfig service,
        final KafkaSourceConfig source, final RuleSet rules, final AlertSink sink, final String owner) throws IOException
    {
        final Path dir = partitionsDir.resolve(dirName(topic, partition));
        Files.createDirectories(dir);
        final PartitionLock lock = PartitionLock.acquire(dir, owner, source.lockWait().toNanos());
        DurableEngine durable = null;
        try
        {
            final long outOfOrderMs = service.rules().outOfOrder().toMillis();
            final long startNs = System.nanoTime();
            final long journaled = SourcePositionTail.lastOffset(dir.resolve("journal"), partition);
            final ServiceConfig.Checkpoints cp = service.checkpoints();
            durable = DurableEngine.open(new DurableConfig()
                .dataDir(dir)
                .engine(new EngineConfig()
                    .shardCount(source.shards())
                    .ringSize(source.ringSize())
                    .waitStrategy(service.engine().waitStrategy())
                    .multiProducer(false)
                    .alertSink(sink)
                    .programFactory(rules.factory(outOfOrderMs, service.tables().limits()))
                    .programSource(rules.source().getBytes(StandardCharsets.UTF_8)))
                .compiler(new RuleSetCompiler(outOfOrderMs, service.tables().limits(), null))
                .checkpointIntervalEvents(cp.everyEvents())
                .checkpointIntervalEventTimeMs(cp.everyEventTime().toMillis())
                .checkpointsKept(cp.kept())
                .journalInitialRules(true)
                .progressEveryEntries(100_000));
            final PartitionRejects rejects = PartitionRejects.open(dir);
            final PartitionEngine engine = new PartitionEngine(topic, partition, dir, lock, durable, rejects, journaled);
            final RecoveryReport report = durable.recovery();
            LOG.info("event=partition_opened topic={} partition={} dir={} checkpoint_id={} replayed_entries={} " +
                    "last_journaled_offset={} last_rejected_offset={} next_offset={} open_ms={}", topic, partition, dir,
                report.checkpointId(), report.entriesReplayed(), journaled, rejects.lastOffset(), engine.nextOffset(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            return engine;
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            if (durable != null)
            {
                durable.engine().config().checkpointOnClose(false);
                durable.close();
            }
            lock.close();
            throw ex;
        }
    }

    /**
     * Journals one event with its offset: claims a ring slot (waiting while the ring is full), copies the event,
     * stamps the source position and publishes.
     *
     * @param tx     the parsed event.
     * @param offset its record's offset.
     */
    void feed(final TransactionFlyweight tx, final long offset)
    {
        final Engine engine = durable.engine();
        final long sequence = engine.claim();
        final EventSlot slot = engine.slot(sequence);
        tx.copyTo(slot.buffer(), 0);
        slot.transaction(System.nanoTime());
        slot.sourcePosition(offset, partition);
        engine.publish(sequence);
        lastSequence = sequence;
        lastOffset = offset;
        fed++;
        newestEventTimeMs = Math.max(newestEventTimeMs, tx.tsMs());
        lastFedNs = System.nanoTime();
    }

    /**
     * Journals one event of a reference topic with its reference position (see
     * {@link EventSlot#referencePosition}). It moves neither the partition's offset nor its idle-tick clock: a
     * reference event's time is an administrative one, and the partition's own records alone say how far its
     * stream has come.
     *
     * @param tx        the parsed event (a replicated kind).
     * @param offset    its record's offset in the reference partition.
     * @param partition the reference partition.
     * @param topicId   the reference topic's id ({@link ReferenceFeed#topicId}).
     */
    void feedReference(final TransactionFlyweight tx, final long offset, final int partition, final int topicId)
    {
        final Engine engine = durable.engine();
        final long sequence = engine.claim();
        final EventSlot slot = engine.slot(sequence);
        tx.copyTo(slot.buffer(), 0);
        slot.transaction(System.nanoTime());
        slot.referencePosition(offset, partition, topicId);
        engine.publish(sequence);
        lastSequence = sequence;
    }

    /** @param feed this partition's reader of the reference topics; closed with the engine. */
    void attach(final ReferenceFeed feed)
    {
        this.references = feed;
    }

    /** @return this partition's reader of the reference topics, or null when there are none. */
    ReferenceFeed references()
    {
        return references;
    }

    /**
     * The partition's idle-source tick (as {@code ingest.idle-tick} does for HTTP ingest): when nothing was fed
     * for {@code idleNs}, moves event time on from the newest event time fed by the wall time elapsed, through a
     * journaled tick, so windows that fire on close and absences still close on a quiet partition; replay sees
     * the same ticks. Nothing happens before the first event since open.
     *
     * @param nowNs  {@code System.nanoTime()}.
     * @param idleNs how long the partition must have been quiet; 0 or less: never.
     * @return whether a tick was published.
     */
    boolean tickIfIdle(final long nowNs, final long idleNs)
    {
        if (idleNs <= 0 || newestEventTimeMs == Long.MIN_VALUE || nowNs - lastFedNs < idleNs)
        {
            return false;
        }
        final long tickMs = newestEventTimeMs + (nowNs - lastFedNs) / 1_000_000L;
        if (tickMs <= lastTickMs)
        {
            return false;
        }
        durable.engine().publishTick(tickMs);
        lastTickMs = tickMs;
        ticks++;
        return true;
    }

    /** @return idle-source ticks published since open. */
    long ticks()
    {
        return ticks;
    }

    /**
     * Changes the partition's rules through its journal (unchanged rules keep their state).
     *
     * @param rules        the new rules.
     * @param outOfOrderMs the out-of-orderness bound.
     */
    void changeRules(final RuleSet rules, final long outOfOrderMs)
    {
        durable.engine().changeProgram(rules.source().getBytes(StandardCharsets.UTF_8), rules.factory(outOfOrderMs));
    }

    /**
     * Records a refused record (it still counts as processed).
     *
     * @throws IOException if the rejects file cannot be written.
     */
    void reject(final long offset, final String key, final String value, final String error) throws IOException
    {
        rejects.record(topic, partition, offset, key, value, error);
        lastOffset = offset;
    }

    /** @return the offset to consume next: after the last journaled or refused one; -1 if there is none. */
    long nextOffset()
    {
        return lastOffset < 0 ? -1 : lastOffset + 1;
    }

    /** @return the newest journaled source offset found at open (-1: none). */
    long journaledOffsetAtOpen()
    {
        return journaledOffsetAtOpen;
    }

    /** @return the ring sequence of the last event fed, -1 if none since open. */
    long lastSequence()
    {
        return lastSequence;
    }

    /** @return whether every event fed so far is in the journal. */
    boolean journaledUpTo(final long sequence)
    {
        return sequence < 0 || durable.engine().journaledSequence() >= sequence;
    }

    /** @return events fed since open. */
    long fed()
    {
        return fed;
    }

    /** @return the live engine (tests and metrics). */
    Engine engine()
    {
        return durable.engine();
    }

    /** @return the partition. */
    int partition()
    {
        return partition;
    }

    /** @return the topic. */
    String topic()
    {
        return topic;
    }

    /** @return the partition's directory. */
    Path dir()
    {
        return dir;
    }

    /**
     * Drains, checkpoints, stops the engine and releases the lock: what a leaving owner does, so the next one
     * starts from this checkpoint with nothing to replay.
     */
    @Override
    public void close()
    {
        if (references != null)
        {
            references.close();
        }
        final Engine engine = durable.engine();
        final boolean drained = engine.awaitDrained(30, TimeUnit.SECONDS);
        try
        {
            durable.close();
        }
        finally
        {
            try
            {
                rejects.close();
            }
            catch (final IOException ex)
            {
                LOG.warn("event=partition_rejects_close_failed dir={} error={}", dir, ex.toString());
            }
            lock.close();
        }
        final CheckpointManifest last = durable.checkpoints().lastCompleted();
        LOG.info("event=partition_closed topic={} partition={} drained={} fed={} last_offset={} last_checkpoint_id={}",
            topic, partition, drained, fed, lastOffset, last == null ? -1 : last.id());
    }
}
