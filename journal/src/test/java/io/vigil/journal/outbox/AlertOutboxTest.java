package io.vigil.journal.outbox;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.Severity;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertOutboxTest
{
    @TempDir
    Path dir;

    static AlertView alert(final long hi, final long lo, final byte kind, final String json)
    {
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AlertDescriptor.HEADER_LENGTH + body.length]);
        buffer.putLong(AlertDescriptor.JOURNAL_INDEX_OFFSET, 77);
        buffer.putLong(AlertDescriptor.EVENT_TIME_OFFSET, 1_767_571_204_000L);
        buffer.putLong(AlertDescriptor.ALERT_ID_HI_OFFSET, hi);
        buffer.putLong(AlertDescriptor.ALERT_ID_LO_OFFSET, lo);
        buffer.putByte(AlertDescriptor.SEVERITY_OFFSET, Severity.HIGH.code());
        buffer.putByte(AlertDescriptor.KIND_OFFSET, kind);
        buffer.putInt(AlertDescriptor.JSON_LENGTH_OFFSET, body.length);
        buffer.putBytes(AlertDescriptor.HEADER_LENGTH, body);
        return new AlertView().wrap(buffer, 0);
    }

    @Test
    void shouldReadBackWhatWasAppendedWithItsRoutingFacts()
    {
        try (AlertOutbox outbox = AlertOutbox.open(dir);
            AlertCursor cursor = outbox.newAlertCursor())
        {
            assertThat(outbox.append(alert(1, 2, AlertDescriptor.KIND_ALERT, "{\"a\":1}"), "r-1",
                List.of("velocity", "card"), 1000)).isEqualTo(1);
            assertThat(outbox.append(alert(3, 4, AlertDescriptor.KIND_ALERT, "{\"a\":2}"), "r-2", List.of(), 2000))
                .isEqualTo(2);
            final OutboxEntry first = cursor.next();
            assertThat(first.seq()).isEqualTo(1);
            assertThat(first.alertId()).isEqualTo("00000000000000010000000000000002");
            assertThat(first.ruleId()).isEqualTo("r-1");
            assertThat(first.tags()).containsExactly("velocity", "card");
            assertThat(first.severityCode()).isEqualTo(Severity.HIGH.code());
            assertThat(first.journalIndex()).isEqualTo(77);
            assertThat(first.appendedAtMs()).isEqualTo(1000);
            assertThat(first.jsonText()).isEqualTo("{\"a\":1}");
            final OutboxEntry second = cursor.next();
            assertThat(second.seq()).isEqualTo(2);
            assertThat(cursor.next()).isNull();
            cursor.after(first.index());
            assertThat(cursor.next().seq()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepItsIdAcrossReopeningAndGiveAnotherOutboxAnother()
    {
        final String id;
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("a")))
        {
            id = outbox.id();
        }
        try (AlertOutbox again = AlertOutbox.open(dir.resolve("a"));
            AlertOutbox other = AlertOutbox.open(dir.resolve("b")))
        {
            assertThat(again.id()).isEqualTo(id).matches("[0-9a-f-]{36}");
            assertThat(other.id()).isNotEqualTo(id);
        }
    }

    @Test
    void shouldSkipARepeatedAlertAlsoAfterReopeningButNotItsRetraction()
    {
        try (AlertOutbox outbox = AlertOutbox.open(dir))
        {
            outbox.append(alert(1, 2, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0);
            assertThat(outbox.append(alert(1, 2, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isZero();
        }
        try (AlertOutbox outbox = AlertOutbox.open(dir);
            AlertCursor cursor = outbox.newAlertCursor())
        {
            assertThat(outbox.lastSeq()).isEqualTo(1);
            assertThat(outbox.append(alert(1, 2, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isZero();
            assertThat(outbox.append(alert(1, 2, (byte)9, "{}"), "r", List.of(), 0)).isEqualTo(2);
            assertThat(outbox.append(alert(1, 3, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isEqualTo(3);
            assertThat(outbox.duplicatesSkipped()).isEqualTo(1);
            final List<Long> seqs = new ArrayList<>();
            for (OutboxEntry e = cursor.next(); e != null; e = cursor.next())
            {
                seqs.add(e.seq());
            }
            assertThat(seqs).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void shouldKeepEachAmendmentAndRetractionOfOneAlertButSkipTheirReplays()
    {
        final String amendedByB = "{\"alert_id\":\"x\",\"status\":\"amended\",\"cause_tx_id\":\"b\"}";
        final String retractedByC = "{\"alert_id\":\"x\",\"status\":\"retracted\",\"cause_tx_id\":\"c\"}";
        final String amendedByD = "{\"alert_id\":\"x\",\"status\":\"amended\",\"cause_tx_id\":\"d\"}";
        final String retractedByE = "{\"alert_id\":\"x\",\"status\":\"retracted\",\"cause_tx_id\":\"e\"}";
        try (AlertOutbox outbox = AlertOutbox.open(dir))
        {
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_AMENDED, amendedByB), "r", List.of(), 0))
                .isEqualTo(1);
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_RETRACTED, retractedByC), "r", List.of(), 0))
                .isEqualTo(2);
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_AMENDED, amendedByD), "r", List.of(), 0))
                .isEqualTo(3);
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_AMENDED, amendedByD), "r", List.of(), 0))
                .isZero();
        }
        try (AlertOutbox outbox = AlertOutbox.open(dir))
        {
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_AMENDED, amendedByB), "r", List.of(), 0))
                .isZero();
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_RETRACTED, retractedByC), "r", List.of(), 0))
                .isZero();
            assertThat(outbox.append(alert(5, 6, AlertDescriptor.KIND_RETRACTED, retractedByE), "r", List.of(), 0))
                .isEqualTo(4);
            assertThat(outbox.duplicatesSkipped()).isEqualTo(2);
        }
    }

    @Test
    void shouldForgetOnlyBeyondTheDedupeHorizon()
    {
        try (AlertOutbox outbox = AlertOutbox.open(dir, 3))
        {
            for (int i = 1; i <= 4; i++)
            {
                outbox.append(alert(i, i, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0);
            }
            assertThat(outbox.append(alert(2, 2, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isZero();
            assertThat(outbox.append(alert(1, 1, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isEqualTo(5);
        }
        try (AlertOutbox outbox = AlertOutbox.open(dir, 3))
        {
            // the last three: 3, 4 and 1 again
            assertThat(outbox.append(alert(4, 4, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isZero();
            assertThat(outbox.append(alert(2, 2, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isEqualTo(6);
        }
    }

    @Test
    void shouldRememberExactlyTheHorizonAsItGrows()
    {
        try (AlertOutbox outbox = AlertOutbox.open(dir, 10_000))
        {
            for (int i = 1; i <= 12_000; i++)
            {
                outbox.append(alert(i, -i, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0);
            }
            assertThat(outbox.append(alert(2_001, -2_001, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0)).isZero();
            assertThat(outbox.append(alert(12_000, -12_000, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0))
                .isZero();
            assertThat(outbox.append(alert(2_000, -2_000, AlertDescriptor.KIND_ALERT, "{}"), "r", List.of(), 0))
                .isEqualTo(12_001);
        }
    }

    @Test
    void shouldKeepProgressRecordsInOrderAcrossReopening()
    {
        try (AlertOutbox outbox = AlertOutbox.open(dir))
        {
            outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.ATTEMPT_FAILED, "a", 1, 2, 99, 1, 5, "HTTP 500"));
            outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.DELIVERED, "a", 1, 2, 99, 2, 6, "HTTP 200"));
        }
        try (AlertOutbox outbox = AlertOutbox.open(dir);
            ProgressCursor cursor = outbox.newProgressCursor())
        {
            assertThat(cursor.next()).isEqualTo(
                new DeliveryRecord(DeliveryRecord.Type.ATTEMPT_FAILED, "a", 1, 2, 99, 1, 5, "HTTP 500"));
            assertThat(cursor.next().type()).isEqualTo(DeliveryRecord.Type.DELIVERED);
            assertThat(cursor.next()).isNull();
            outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.DEAD_LETTERED, "b", 3, 3, 7, 10, 8, "x"));
            assertThat(cursor.next().endpoint()).isEqualTo("b");
        }
    }
}
