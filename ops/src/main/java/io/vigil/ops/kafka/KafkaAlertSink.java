package io.vigil.ops.kafka;

import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.delivery.OutboxReaderThread;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends every alert of the durable {@link AlertOutbox} to a Kafka topic, on its own thread,
 * {@code vigil-kafka-sink-<name>}: a reader of the outbox beside webhook delivery and the PostgreSQL sink. The
 * engine only appends to the outbox; this thread reads on and sends batches of up to {@code batch-size} alerts
 * through an idempotent producer ({@code enable.idempotence=true}, {@code acks=all}), up to
 * {@value #MAX_BATCHES_IN_FLIGHT} batches before the first is acknowledged, and records progress batch by batch,
 * in order. Records: the alert id (32 hex digits) as the key, the alert's JSON unchanged as the value, and headers
 * {@code kind}, {@code rule}, {@code severity} ({@link KafkaAlertRecords}). Amendments and retractions keep their
 * alert's id, so they land in the same partition after it and a compacted topic keeps each alert's latest state.
 * <p>
 * <b>Outages.</b> The producer retries on its own until its {@code delivery.timeout.ms}; when it gives up on
 * records (the brokers stayed away longer), the sink lets the batches in flight finish, counts the failed records,
 * and sends them again in outbox order after a backoff that doubles up to {@code retry-backoff-max}, each followed
 * by any later record of its alert id that was acknowledged meanwhile, so the last record of an id on the topic
 * stays its latest state. Nothing is skipped: progress never passes an alert the brokers have not acknowledged.
 * Meanwhile the backlog waits in the outbox, on disk, and the engine never waits.
 * <p>
 * <b>Resuming.</b> Once a batch and every batch before it are acknowledged, the sink appends a {@code DELIVERED}
 * record for endpoint {@code kafka:<name>} (the outbox sequences covered and the index of the last alert) to the
 * outbox's progress queue. At start it resumes after the last such record: an alert appended before a crash but not
 * acknowledged is sent now. A crash (or a stop that gave up at {@code close-timeout}) with batches sent but not
 * recorded sends them again: at most {@value #MAX_BATCHES_IN_FLIGHT} batches of duplicates, each with the same key
 * and value as its first copy. So delivery is at-least-once, exactly once when nothing crashes; consumers that must
 * not see a repeat keep the last (key, kind, value) they saw.
 * <p>
 * Thread contract: {@link #start} and {@link #close} from one controlling thread; {@link #close} once the engine
 * has stopped appending; counters from any thread.
 */
public final class KafkaAlertSink extends OutboxReaderThread implements AutoCloseable
{
    /** Prefix of the endpoint name of this sink's records in the outbox's progress queue. */
    public static final String PROGRESS_ENDPOINT_PREFIX = "kafka:";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlertSink.class);
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FIRST_BACKOFF_MS = 200;
    /** Batches sent before the first of them is acknowledged: hides the round trip of each. */
    static final int MAX_BATCHES_IN_FLIGHT = 4;

    private final KafkaSinkConfig config;
    private final Producer<byte[], byte[]> producer;
    private final KafkaAlertRecords records;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long unsent;
    private volatile long sendNanos;

    private KafkaAlertSink(final KafkaSinkConfig config, final AlertOutbox outbox,
        final Producer<byte[], byte[]> producer)
    {
        super(outbox, "vigil-kafka-sink-" + config.name());
        this.config = config;
        this.producer = producer;
        this.records = new KafkaAlertRecords(config.topic());
    }

    /**
     * Creates the producer (it connects lazily: brokers away at start are waited for, not an error), finds where
     * the last run stopped and starts the sending thread.
     *
     * @param config the sink's configuration.
     * @param outbox the open outbox to read; owned by the caller, closed after this sink.
     * @return the running sink.
     * @throws org.apache.kafka.common.KafkaException for client properties the producer refuses.
     */
    public static KafkaAlertSink start(final KafkaSinkConfig config, final AlertOutbox outbox)
    {
        final KafkaAlertSink sink = new KafkaAlertSink(config, outbox, new KafkaProducer<>(config.producerProperties()));
        sink.startAndAwaitResume(); // the resume point is known when start returns
        return sink;
    }

    @Override
    protected String describe()
    {
        return "the Kafka sink '" + config.name() + "'";
    }

    @Override
    protected void resume(final AlertCursor cursor)
    {
        final String endpoint = config.progressEndpoint();
        long lastSeq = 0;
        long lastIndex = -1;
        try (ProgressCursor progress = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = progress.next(); r != null; r = progress.next())
            {
                if (r.type() == DeliveryRecord.Type.DELIVERED && r.endpoint().equals(endpoint) && r.toSeq() > lastSeq)
                {
                    lastSeq = r.toSeq();
                    lastIndex = r.outboxIndex();
                }
            }
        }
        cursor.toStart();
        doneSeq = 0;
        if (lastSeq == 0)
        {
            return;
        }
        final OutboxEntry at = cursor.read(lastIndex);
        if (at != null && at.seq() == lastSeq)
        {
            doneSeq = lastSeq;
            resumed = true;
            LOG.info("Kafka sink '{}': resuming after outbox alert {} (the {}th), as its last progress record says",
                config.name(), at.alertId(), lastSeq);
            return;
        }
        LOG.warn("Kafka sink '{}': its last progress record names the {}th alert at outbox index {}, which the outbox "
            + "{} does not hold there; sending the outbox from its start", config.name(), lastSeq,
            Long.toHexString(lastIndex), outbox.dir());
        cursor.toStart();
    }

    @Override
    protected void loop(final AlertCursor cursor)
    {
        final int batchSize = config.batchSize();
        final ArrayDeque<KafkaAlertRecords.Round> inFlight = new ArrayDeque<>(MAX_BATCHES_IN_FLIGHT);
        long busySinceNs = 0;
        while (true)
        {
            while (inFlight.size() < MAX_BATCHES_IN_FLIGHT)
            {
                final List<OutboxEntry> batch = new ArrayList<>(Math.min(batchSize, 1024));
                for (OutboxEntry e = null; batch.size() < batchSize && (e = cursor.next()) != null; )
                {
                    batch.add(e);
                }
                if (batch.isEmpty())
                {
                    break;
                }
                if (inFlight.isEmpty())
                {
                    busySinceNs = System.nanoTime();
                }
                inFlight.add(records.send(producer, batch));
            }
            if (inFlight.isEmpty())
            {
                if (closing)
                {
                    return; // appends have stopped and everything is acknowledged
                }
                LockSupport.parkNanos(IDLE_PARK_NS);
                continue;
            }
            final KafkaAlertRecords.Round head = inFlight.peek();
            if (!head.await(IDLE_PARK_NS))
            {
                if (giveUp())
                {
                    return; // the batches in flight stay in the outbox
                }
                continue; // meanwhile, read and send on while there is room
            }
            final List<KafkaAlertRecords.Round> done = new ArrayList<>();
            int attempts = 1;
            if (head.failedCount() == 0)
            {
                done.add(inFlight.poll());
            }
            else
            {
                // the brokers refused or timed out: let the rest in flight finish, then send again what must be
                for (final KafkaAlertRecords.Round r : inFlight)
                {
                    while (!r.await(IDLE_PARK_NS))
                    {
                        if (giveUp())
                        {
                            return;
                        }
                    }
                }
                done.addAll(inFlight);
                inFlight.clear();
                attempts = sendAgainUntilAcknowledged(done);
                if (attempts == 0)
                {
                    return; // gave up at close: the batches stay in the outbox
                }
            }
            acknowledged(done, attempts);
            if (inFlight.isEmpty())
            {
                sendNanos += System.nanoTime() - busySinceNs;
            }
        }
    }

    private void acknowledged(final List<KafkaAlertRecords.Round> done, final int attempts)
    {
        final List<OutboxEntry> firstBatch = done.get(0).batch();
        final List<OutboxEntry> lastBatch = done.get(done.size() - 1).batch();
        final OutboxEntry first = firstBatch.get(0);
        final OutboxEntry last = lastBatch.get(lastBatch.size() - 1);
        final long count = last.seq() - first.seq() + 1;
        doneSeq = last.seq();
        sent.addAndGet(count);
        batches.addAndGet(done.size());
        outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.DELIVERED, config.progressEndpoint(),
            first.seq(), last.seq(), last.index(), attempts, System.currentTimeMillis(),
            "acknowledged " + count + " record(s) on topic " + config.topic()));
    }

    /**
     * @param rounds completed rounds, at least one with records the producer gave up on.
     * @return the rounds it took in all, or 0 when it gave up because the sink is closing and close-timeout passed.
     */
    private int sendAgainUntilAcknowledged(final List<KafkaAlertRecords.Round> rounds)
    {
        List<KafkaAlertRecords.Round> last = rounds;
        long backoffMs = FIRST_BACKOFF_MS;
        for (int round = 2; ; round++)
        {
            final List<OutboxEntry> again = KafkaAlertRecords.toResend(last);
            if (again.isEmpty())
            {
                return round - 1;
            }
            int failed = 0;
            int tried = 0;
            for (final KafkaAlertRecords.Round r : last)
            {
                failed += r.failedCount();
                tried += r.batch().size();
            }
            failedAttempts.addAndGet(failed);
            LOG.warn("Kafka sink '{}': {} of {} record(s) not acknowledged by topic {} at {} ({}); sending them again "
                + "({} with the later records of their alert ids) in {} ms (they stay in the outbox meanwhile)",
                config.name(), failed, tried, config.topic(), config.brokers(), last.get(0).firstError(),
                again.size(), backoffMs);
            final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            for (long left = untilNs - System.nanoTime(); left > 0; left = untilNs - System.nanoTime())
            {
                if (giveUp())
                {
                    return 0;
                }
                LockSupport.parkNanos(Math.min(left, IDLE_PARK_NS));
            }
            backoffMs = Math.min(backoffMs * 2, config.retryBackoffMax().toMillis());
            final KafkaAlertRecords.Round r = records.send(producer, again);
            while (!r.await(IDLE_PARK_NS))
            {
                if (giveUp())
                {
                    return 0;
                }
            }
            last = List.of(r);
        }
    }

    /**
     * Sends the rest of the outbox (waiting at most {@code close-timeout} for brokers that are away), stops the
     * thread and closes the producer. Call once the engine has stopped appending. Alerts left unacknowledged are
     * counted in {@link #unsent()} and logged; they stay in the outbox and the next start sends them. Idempotent.
     */
    @Override
    public void close()
    {
        // one send may still wait max.block.ms for metadata after close-timeout
        if (!stopReader(config.closeTimeout().toNanos(), config.closeTimeout().toMillis() + maxBlockMs() + 5_000))
        {
            return;
        }
        unsent = Math.max(0, outbox.lastSeq() - doneSeq);
        producer.close(Duration.ZERO); // what is still in flight is not acknowledged: the next start sends it again
        if (unsent > 0)
        {
            LOG.error("{} alert(s) were not acknowledged by Kafka topic {} at {} (away for close-timeout {} ms{}); "
                + "they stay in the outbox {} and the next start sends them", unsent, config.topic(),
                config.brokers(), config.closeTimeout().toMillis(), failure() == null ? "" : ", or the sink failed",
                outbox.dir());
        }
    }

    private long maxBlockMs()
    {
        final Object v = config.producerProperties().get("max.block.ms");
        try
        {
            return Long.parseLong(String.valueOf(v).strip());
        }
        catch (final NumberFormatException ex)
        {
            return 60_000;
        }
    }

    /** @return the configuration. */
    public KafkaSinkConfig config()
    {
        return config;
    }

    /** @return records acknowledged by the brokers since start (a re-sent record counts once). */
    public long sent()
    {
        return sent.get();
    }

    /** @return batches acknowledged since start. */
    public long batches()
    {
        return batches.get();
    }

    /** @return records the producer gave up on and the sink sent again, since start. */
    public long failedAttempts()
    {
        return failedAttempts.get();
    }

    /** @return nanoseconds spent between a batch's first send and its last acknowledgement, summed. */
    public long sendNanos()
    {
        return sendNanos;
    }

    /** @return alerts left in the outbox at close because the brokers stayed away (or the sink failed). */
    public long unsent()
    {
        return unsent;
    }

}
