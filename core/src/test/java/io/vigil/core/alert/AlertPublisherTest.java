package io.vigil.core.alert;

import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPublisherTest
{
    private static final RuleRef RULE = new RuleRef(3, "merchant-decline-burst", 2, Severity.MEDIUM, KeyType.MERCHANT);

    private final List<String> json = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final AlertPublisher publisher = new AlertPublisher((buffer, offset, length) ->
    {
        final AlertView view = new AlertView().wrap(buffer, offset);
        json.add(view.json());
        ids.add(view.alertId());
    });

    @Test
    void shouldWriteAWindowAlertWithoutTriggerButWithTheWindow()
    {
        final UnsafeBuffer key = new UnsafeBuffer("m-\"7\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        publisher.onEvent(11, 0);
        publisher.beginWindow(RULE, key, 0, key.capacity(), 1_767_571_200_000L, 1_767_571_500_000L, 42)
            .detail("count", 21).detailFixed("ratio", 571, 3).publish();

        assertThat(json).hasSize(1);
        assertThat(json.get(0)).isEqualTo("{\"alert_id\":\"" + ids.get(0) + "\",\"rule\":\"merchant-decline-burst\"," +
            "\"rule_version\":2,\"severity\":\"medium\",\"key_type\":\"merchant\",\"key\":\"m-\\\"7\\\"\"," +
            "\"tx_id\":null,\"window_start\":\"2026-01-05T00:00:00.000Z\",\"window_end\":\"2026-01-05T00:05:00.000Z\"," +
            "\"event_time\":\"2026-01-05T00:05:00.000Z\",\"event_time_ms\":1767571500000," +
            "\"details\":{\"count\":21,\"ratio\":0.571}}");
    }

    @Test
    void shouldDeriveTheSameIdForTheSameWindowAndADifferentOneForAnotherWindowOrATransaction()
    {
        final UnsafeBuffer key = new UnsafeBuffer("m-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        publisher.beginWindow(RULE, key, 0, 3, 0, 300_000, 1).publish();
        publisher.beginWindow(RULE, key, 0, 3, 0, 300_000, 99).publish();
        publisher.beginWindow(RULE, key, 0, 3, 300_000, 600_000, 2).publish();
        final TransactionFlyweight tx = new TransactionFlyweight()
            .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0).clear()
            .id("0").card("c").merchant("m-1").tsMs(0).status(TxStatus.APPROVED);
        publisher.begin(RULE, tx, 3).publish();

        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
        assertThat(ids.get(3)).isNotEqualTo(ids.get(0)).hasSize(32);
    }
}
