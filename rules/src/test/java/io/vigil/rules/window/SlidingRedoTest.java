package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.AVG;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out-of-order events on a sliding window: the key's later evaluations are redone, giving amended alerts and
 * retractions, while in-order events fire on arrival.
 */
class SlidingRedoTest
{
    private static final WindowSpec MINUTE_SLIDING = WindowSpec.sliding(MINUTE);
    private static final long BOUND_MS = 30 * SECOND;

    @Test
    void shouldFireOnArrivalOfTheCrossingEventWhenInOrder()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 3, FireMode.EARLY, 0, 0), BOUND_MS);
        harness.approved("a", T0, "c1", 100).approved("b", T0 + SECOND, "c1", 100);
        assertThat(harness.alerts()).isEmpty();

        harness.approved("c", T0 + 2 * SECOND, "c1", 100);

        assertThat(harness.alerts()).as("published while c is processed, no waiting for the watermark")
            .singleElement().satisfies(a ->
            {
                assertThat(a.txId()).isEqualTo("c");
                assertThat(NetAlerts.status(a)).isEmpty();
            });
    }

    @Test
    void shouldAmendALaterEventThatNowCrossesTheThreshold()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 3, FireMode.EARLY, 0, 0), BOUND_MS);
        harness.approved("a", T0, "c1", 100).approved("c", T0 + 10 * SECOND, "c1", 100);
        assertThat(harness.alerts()).isEmpty();

        harness.approved("b", T0 + 5 * SECOND, "c1", 100);

        // sorted: a, b, c: c is the third in its minute; b (second in its own window) does not fire
        final CapturedAlert amended = harness.alerts().get(0);
        assertThat(harness.alerts()).hasSize(1);
        assertThat(NetAlerts.status(amended)).isEqualTo("amended");
        assertThat(amended.txId()).isEqualTo("c");
        assertThat(amended.node().get("cause_tx_id").asText()).isEqualTo("b");
        assertThat(figure(amended, "count()")).isEqualTo("3");
        assertThat(amended.details().get("tx_ids")).extracting(n -> n.asText()).containsExactly("a", "b", "c");
        assertThat(amended.eventTimeMs()).isEqualTo(T0 + 10 * SECOND);
    }

    @Test
    void shouldRetractAnAlertThatACooldownFromAnEarlierEventNowSuppresses()
    {
        final RuleHarness harness = harness(
            rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY, MINUTE, 0), BOUND_MS);
        harness.approved("a", T0, "c1", 100).approved("c", T0 + 10 * SECOND, "c1", 100)
            .approved("d", T0 + 20 * SECOND, "c1", 100);
        assertThat(harness.alerts()).extracting(CapturedAlert::txId).containsExactly("c");
        final String cAlertId = harness.alerts().get(0).node().get("alert_id").asText();

        harness.approved("b", T0 + 5 * SECOND, "c1", 100);

        // sorted: a, b (fires: 2 in its minute), c and d suppressed by b's cooldown
        assertThat(harness.alerts()).hasSize(3);
        final CapturedAlert onB = harness.alerts().get(1);
        assertThat(onB.txId()).isEqualTo("b");
        assertThat(NetAlerts.status(onB)).as("b itself is evaluated for the first time").isEmpty();
        final CapturedAlert retraction = harness.alerts().get(2);
        assertThat(NetAlerts.status(retraction)).isEqualTo("retracted");
        assertThat(retraction.node().get("alert_id").asText()).isEqualTo(cAlertId);
        assertThat(retraction.txId()).isEqualTo("c");
        assertThat(retraction.node().get("cause_tx_id").asText()).isEqualTo("b");
        assertThat(retraction.details().get("reason").asText()).isEqualTo(WindowRule.REASON_COOLDOWN);
        assertThat(NetAlerts.net(harness.alerts())).extracting(CapturedAlert::txId).containsExactly("b");
    }

    @Test
    void shouldRetractWhenTheLaterEventsOwnAmountNoLongerBeatsTheAverage()
    {
        // amount > 1.5 * avg(): the condition reads the redone event's own amount
        final RuleHarness harness = harness(rule(MINUTE_SLIDING, List.of(AVG),
            (tx, a) -> tx.amountMinor() > 1.5 * a.get(0), FireMode.EARLY, 0, 0), BOUND_MS);
        harness.approved("a", T0, "c1", 100).approved("c", T0 + 10 * SECOND, "c1", 400);
        assertThat(harness.alerts()).extracting(CapturedAlert::txId).containsExactly("c");

        harness.approved("b", T0 + 5 * SECOND, "c1", 1_000);

        // sorted: a (100), b (1000 > 1.5 x 550: fires), c (400, not above 1.5 x 500)
        assertThat(harness.alerts()).extracting(a -> NetAlerts.status(a) + " " + a.txId())
            .containsExactly(" c", " b", "retracted c");
        assertThat(harness.alerts().get(2).details().get("reason").asText()).isEqualTo(WindowRule.REASON_NOT_MET);
        assertThat(NetAlerts.net(harness.alerts())).extracting(CapturedAlert::txId).containsExactly("b");
    }

    @Test
    void shouldAmendThenRetractAgainAsMoreOutOfOrderEventsArrive()
    {
        final RuleHarness harness = harness(
            rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY, MINUTE, 0), BOUND_MS);
        harness.approved("c", T0 + 20 * SECOND, "c1", 100);
        harness.approved("b", T0 + 10 * SECOND, "c1", 100);
        // sorted b, c: c fires
        assertThat(harness.alerts()).extracting(NetAlerts::status).containsExactly("amended");
        harness.approved("a", T0, "c1", 100);
        // sorted a, b, c: b fires, c is in its cooldown
        assertThat(harness.alerts()).extracting(a -> NetAlerts.status(a) + " " + a.txId())
            .containsExactly("amended c", "amended b", "retracted c");
        assertThat(NetAlerts.net(harness.alerts())).extracting(CapturedAlert::txId).containsExactly("b");
    }

    @Test
    void shouldGiveTheSortedStreamsAlertsWhenEventsArriveReversed()
    {
        final WindowRule rule = rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 3, FireMode.EARLY,
            15 * SECOND, 0);
        final RuleHarness sorted = harness(rule, BOUND_MS);
        final RuleHarness reversed = harness(rule, BOUND_MS);
        for (int i = 0; i < 8; i++)
        {
            sorted.send(new Tx("t" + i, T0 + i * 4 * SECOND, "c1", 100, "USD", true));
        }
        for (int i = 7; i >= 0; i--)
        {
            reversed.send(new Tx("t" + i, T0 + i * 4 * SECOND, "c1", 100, "USD", true));
        }
        assertThat(NetAlerts.net(reversed.alerts())).extracting(NetAlerts::content)
            .containsExactlyInAnyOrderElementsOf(sorted.alerts().stream().map(NetAlerts::content).toList());
        assertThat(sorted.alerts()).extracting(CapturedAlert::txId).containsExactly("t2", "t6");
    }
}
