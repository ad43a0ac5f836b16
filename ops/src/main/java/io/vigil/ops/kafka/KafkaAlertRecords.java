package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.OutboxEntry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How an outbox alert becomes a Kafka record, and one round of sending a batch of them.
 * <p>
 * Record layout: key = the alert id as 32 lower-case hex digits (UTF-8); value = the alert's JSON exactly as the
 * engine wrote it; headers {@code kind} ({@code alert}, {@code amended} or {@code retracted}), {@code rule} (the
 * rule id) and {@code severity} ({@code low} .. {@code critical}), all UTF-8, so consumers can route without
 * parsing the value.
 * <p>
 * Thread contract: {@link #send} on the sink's thread; a {@link Round}'s results are filled by the producer's I/O
 * thread and read by the sink's thread after {@link Round#await} returned true.
 */
final class KafkaAlertRecords
{
    /** Header names. */
    static final String KIND = "kind";
    static final String RULE = "rule";
    static final String SEVERITY = "severity";

    private final String topic;

    KafkaAlertRecords(final String topic)
    {
        this.topic = topic;
    }

    /**
     * @param e an outbox alert.
     * @return its record.
     */
    ProducerRecord<byte[], byte[]> record(final OutboxEntry e)
    {
        final Severity severity = Severity.fromCode(e.severityCode());
        final Header[] headers = {
            new RecordHeader(KIND, kindName(e.kind()).getBytes(StandardCharsets.UTF_8)),
            new RecordHeader(RULE, e.ruleId().getBytes(StandardCharsets.UTF_8)),
            new RecordHeader(SEVERITY, (severity == null ? "unknown" : severity.wireName()).getBytes(StandardCharsets.UTF_8)),
        };
        return new ProducerRecord<>(topic, null, e.alertId().getBytes(StandardCharsets.US_ASCII), e.json(),
            List.of(headers));
    }

    /**
     * @param kind an {@code AlertDescriptor.KIND_*} code.
     * @return its name in the {@code kind} header.
     */
    static String kindName(final byte kind)
    {
        switch (kind)
        {
            case AlertDescriptor.KIND_ALERT:
                return "alert";
            case AlertDescriptor.KIND_AMENDED:
                return "amended";
            case AlertDescriptor.KIND_RETRACTED:
                return "retracted";
            case AlertDescriptor.KIND_LATE:
                return "late";
            default:
                return "unknown";
        }
    }

    /**
     * Sends each alert, in order. When the producer cannot even take a record (it waited {@code max.block.ms} for
     * metadata: the brokers are away), the rest of the batch is not tried this round and counts as failed.
     *
     * @param producer the producer.
     * @param batch    the alerts, in outbox order.
     * @return the round, to wait for.
     */
    Round send(final Producer<byte[], byte[]> producer, final List<OutboxEntry> batch)
    {
        final Round round = new Round(batch);
        for (int i = 0; i < batch.size(); i++)
        {
            final int at = i;
            try
            {
                producer.send(record(batch.get(i)), (metadata, ex) -> round.complete(at, ex));
            }
            catch (final RuntimeException ex) // the producer is closed or refuses the record
            {
                round.complete(at, ex);
            }
            if (round.errors[at] != null)
            {
                for (int j = at + 1; j < batch.size(); j++)
                {
                    round.complete(j, round.errors[at]);
                }
                break;
            }
        }
        return round;
    }

    /**
     * As {@link Round#toResend()} over consecutive rounds: a failed record's later records of the same id count
     * in the rounds after it too.
     *
     * @param rounds completed rounds, in the order they were sent.
     * @return the records to send again, in outbox order.
     */
    static List<OutboxEntry> toResend(final List<Round> rounds)
    {
        final List<OutboxEntry> again = new ArrayList<>();
        final Set<String> failedIds = new HashSet<>();
        for (final Round r : rounds)
        {
            r.collectResend(failedIds, again);
        }
        return again;
    }

    /** The outcome of sending a batch once. */
    static final class Round
    {
        private final List<OutboxEntry> batch;
        private final Exception[] errors;
        private final CountDownLatch left;

        Round(final List<OutboxEntry> batch)
        {
            this.batch = batch;
            this.errors = new Exception[batch.size()];
            this.left = new CountDownLatch(batch.size());
        }

        private void complete(final int i, final Exception ex)
        {
            errors[i] = ex;
            left.countDown(); // publishes errors[i] to the thread that awaits
        }

        /**
         * @param timeoutNs how long to wait at most.
         * @return whether every record is acknowledged or failed.
         */
        boolean await(final long timeoutNs)
        {
            try
            {
                return left.await(timeoutNs, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return left.getCount() == 0;
            }
        }

        /** @return how many records the producer gave up on; call after {@link #await} returned true. */
        int failedCount()
        {
            int n = 0;
            for (final Exception ex : errors)
            {
                n += ex == null ? 0 : 1;
            }
            return n;
        }

        /**
         * The records to send again, in outbox order: each one the producer gave up on, and after it every later
         * record of the same alert id even if that one was acknowledged, so the last record of each id on the topic
         * is still its latest state (an amendment acknowledged while its alert's first record failed is sent again
         * after it). Call after {@link #await} returned true.
         *
         * @return the records, empty when every one was acknowledged.
         */
        List<OutboxEntry> toResend()
        {
            return KafkaAlertRecords.toResend(List.of(this));
        }

        private void collectResend(final Set<String> failedIds, final List<OutboxEntry> again)
        {
            for (int i = 0; i < errors.length; i++)
            {
                final OutboxEntry e = batch.get(i);
                if (errors[i] != null)
                {
                    failedIds.add(e.alertId());
                    again.add(e);
                }
                else if (!failedIds.isEmpty() && failedIds.contains(e.alertId()))
                {
                    again.add(e);
                }
            }
        }

        /** @return the alerts of this round, in outbox order. */
        List<OutboxEntry> batch()
        {
            return batch;
        }

        /** @return the first error's text, for the log. */
        String firstError()
        {
            for (final Exception ex : errors)
            {
                if (ex != null)
                {
                    return ex.toString();
                }
            }
            return "none";
        }
    }
}
