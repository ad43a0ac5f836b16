package io.vigil.ops.kafka;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.OutboxEntry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an outbox alert becomes a record (key, value, headers), and what a round of sends gives back to send again
 * when the producer gave up on some records: each failed one, and every later record of a failed alert id, so the
 * last record of an id stays its latest state. Against Kafka's {@link MockProducer}, completing sends by hand.
 */
class KafkaAlertSinkRecordsTest
{
    private final KafkaAlertRecords records = new KafkaAlertRecords("alerts");

    @Test
    void shouldKeyByAlertIdWithTheJsonUnchangedAndTheRoutingFactsInHeaders()
    {
        final OutboxEntry amended = entry(7, 0x1234L, AlertDescriptor.KIND_AMENDED, Severity.CRITICAL);
        final ProducerRecord<byte[], byte[]> r = records.record(amended);
        assertThat(r.topic()).isEqualTo("alerts");
        assertThat(r.partition()).isNull();
        assertThat(new String(r.key(), StandardCharsets.US_ASCII)).isEqualTo("00000000000000000000000000001234")
            .isEqualTo(amended.alertId());
        assertThat(r.value()).isEqualTo(amended.json());
        assertThat(header(r, "kind")).isEqualTo("amended");
        assertThat(header(r, "rule")).isEqualTo("card-velocity-60s");
        assertThat(header(r, "severity")).isEqualTo("critical");
        assertThat(header(records.record(entry(1, 1, AlertDescriptor.KIND_RETRACTED, Severity.LOW)), "kind"))
            .isEqualTo("retracted");
        assertThat(header(records.record(entry(1, 1, AlertDescriptor.KIND_ALERT, Severity.HIGH)), "kind"))
            .isEqualTo("alert");
    }

    @Test
    void shouldSendAgainWhatFailedAndTheLaterRecordsOfItsAlertId()
    {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        final OutboxEntry a1 = entry(1, 0xA, AlertDescriptor.KIND_ALERT, Severity.HIGH);
        final OutboxEntry b = entry(2, 0xB, AlertDescriptor.KIND_ALERT, Severity.HIGH);
        final OutboxEntry a2 = entry(3, 0xA, AlertDescriptor.KIND_AMENDED, Severity.HIGH);
        final OutboxEntry c = entry(4, 0xC, AlertDescriptor.KIND_ALERT, Severity.HIGH);
        final KafkaAlertRecords.Round round = records.send(producer, List.of(a1, b, a2, c));
        assertThat(round.await(TimeUnit.MILLISECONDS.toNanos(10))).as("nothing acknowledged yet").isFalse();
        assertThat(producer.errorNext(new TimeoutException("expired"))).isTrue(); // a1
        assertThat(producer.completeNext()).isTrue(); // b
        assertThat(producer.completeNext()).isTrue(); // a2: acknowledged after its alert failed
        assertThat(producer.completeNext()).isTrue(); // c
        assertThat(round.await(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(round.failedCount()).isEqualTo(1);
        assertThat(round.toResend()).containsExactly(a1, a2);
        assertThat(round.firstError()).contains("expired");

        final KafkaAlertRecords.Round again = records.send(producer, round.toResend());
        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.completeNext()).isTrue();
        assertThat(again.await(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(again.toResend()).isEmpty();
        // every send, in order: the amendment comes again after its alert, so it is the id's last record
        assertThat(producer.history()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .containsExactly(a1.jsonText(), b.jsonText(), a2.jsonText(), c.jsonText(), a1.jsonText(), a2.jsonText());
    }

    @Test
    void shouldStopARoundAtASendTheProducerRefusesAndCountTheRestAsFailed()
    {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
        producer.close();
        final List<OutboxEntry> batch = List.of(entry(1, 1, AlertDescriptor.KIND_ALERT, Severity.LOW),
            entry(2, 2, AlertDescriptor.KIND_ALERT, Severity.LOW), entry(3, 3, AlertDescriptor.KIND_ALERT, Severity.LOW));
        final KafkaAlertRecords.Round round = records.send(producer, batch);
        assertThat(round.await(TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(round.failedCount()).isEqualTo(3);
        assertThat(round.toResend()).isEqualTo(batch);
    }

    private static OutboxEntry entry(final long seq, final long idLo, final byte kind, final Severity severity)
    {
        final String json = "{\"alert_id\":\"" + String.format("%032x", idLo) + "\",\"seq\":" + seq + "}";
        return new OutboxEntry(seq * 100, seq, 0, 0, idLo, seq, 0, kind, severity.code(), "card-velocity-60s",
            List.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(final ProducerRecord<byte[], byte[]> r, final String name)
    {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
