package io.vigil.rules.window;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.alertsOnly;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.lateRecords;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;

/** Lateness, cooldown and idle-key expiry, the parts every window type shares. */
class WindowLifecycleTest
{
    private static final long HOUR = 60 * MINUTE;
    private static final WindowSpec MINUTES = WindowSpec.tumbling(MINUTE);

    @Test
    void shouldCountAndRecordALateEventAndLeaveTheClosedWindowAsItWas()
    {
        final WindowRule rule = rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 15 * SECOND);
        final RuleHarness harness = harness(rule, 0)
            .approved("t1", T0 + 50 * SECOND, "c1", 100)
            .approved("t2", T0 + 70 * SECOND, "c1", 100)
            .approved("t3", T0 + 58 * SECOND, "c1", 100)
            .tick(T0 + 75 * SECOND);
        assertThat(alertsOnly(harness)).as("t3 was within the allowed lateness").extracting(a -> figure(a, "count()"))
            .containsExactly("2");

        harness.approved("t4", T0 + 59 * SECOND, "c1", 100).endOfInput();

        assertThat(alertsOnly(harness)).extracting(a -> Windows.windowStartMs(a) + "=" + figure(a, "count()"))
            .containsExactly(T0 + "=2", (T0 + MINUTE) + "=1");
        final List<CapturedAlert> late = lateRecords(harness);
        assertThat(late).hasSize(1);
        final JsonNode record = late.get(0).node();
        assertThat(record.get("tx_id").asText()).isEqualTo("t4");
        assertThat(record.get("rule").asText()).isEqualTo(REF.id());
        assertThat(record.get("key").asText()).isEqualTo("c1");
        assertThat(record.has("alert_id")).isFalse();
        assertThat(record.get("details").get("watermark_ms").asLong()).isEqualTo(T0 + 75 * SECOND);
        assertThat(record.get("details").get("allowed_lateness_ms").asLong()).isEqualTo(15 * SECOND);
        assertThat(rule.lateEvents()).isEqualTo(1);
    }

    @Test
    void shouldCallAnEventLateOnlyBelowTheWatermarkMinusTheLateness()
    {
        final WindowRule rule = rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 5 * SECOND);
        final RuleHarness harness = harness(rule, 10 * SECOND)
            .approved("t1", T0 + 100 * SECOND, "c1", 100)
            .approved("t2", T0 + 85 * SECOND, "c1", 100)
            .approved("t3", T0 + 85 * SECOND - 1, "c1", 100);

        assertThat(lateRecords(harness)).extracting(CapturedAlert::txId).containsExactly("t3");
        assertThat(rule.lateEvents()).isEqualTo(1);
    }

    @Test
    void shouldSuppressEarlyAlertsOfLaterWindowsDuringTheCooldown()
    {
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY, 90 * SECOND, 0), 0);
        final long[] secondsAt = {0, 10, 60, 70, 80, 120, 130};
        for (final long s : secondsAt)
        {
            harness.approved("t" + s, T0 + s * SECOND, "c1", 100);
        }

        assertThat(harness.alertTxIds(REF.id())).as("t70 crossed 60 s after t10; its window's early alert is used up")
            .containsExactly("t10", "t130");
    }

    @Test
    void shouldMeasureTheCooldownOfCloseAlertsFromTheWindowEnd()
    {
        final RuleHarness harness =
            harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 90 * SECOND, 0), 0);
        for (int w = 0; w < 3; w++)
        {
            harness.approved("t" + w, T0 + w * MINUTE + SECOND, "c1", 100);
        }
        harness.endOfInput();

        assertThat(harness.alerts()).extracting(CapturedAlert::eventTimeMs)
            .containsExactly(T0 + MINUTE, T0 + 3 * MINUTE);
    }

    @Test
    void shouldLetAnEarlyAlertSuppressTheCloseAlertOfItsWindow()
    {
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(COUNT), (tx, a) -> a.get(0) >= 1, FireMode.EARLY_AND_ON_CLOSE, MINUTE, 0), 0)
            .approved("t1", T0 + 10 * SECOND, "c1", 100)
            .approved("t2", T0 + 20 * SECOND, "c1", 100)
            .approved("t3", T0 + 75 * SECOND, "c1", 100)
            .endOfInput();

        assertThat(harness.alerts()).extracting(a -> Windows.isClose(a) ? "close@" + (a.eventTimeMs() - T0) : a.txId())
            .as("the close alert at 60 s falls in t1's cooldown, t3 at 75 s does not, the close at 120 s in t3's")
            .containsExactly("t1", "t3");
    }

    @Test
    void shouldCloseAnIdleKeysWindowWhenAnotherKeyJumpsFarAhead()
    {
        final RuleHarness harness = harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0 + SECOND, "c1", 100)
            .approved("t2", T0 + 2 * HOUR, "c2", 100);

        assertThat(harness.alerts()).extracting(CapturedAlert::key).containsExactly("c1");
        assertThat(harness.shard(0).liveKeyCount()).as("c1 expired once its window closed").isEqualTo(1);
        assertThat(harness.shard(0).droppedTimers()).isZero();

        harness.approved("t3", T0 + 2 * HOUR + SECOND, "c3", 100).endOfInput();
        assertThat(harness.alerts()).extracting(a -> a.key() + "=" + figure(a, "count()"))
            .containsExactlyInAnyOrder("c1=1", "c2=1", "c3=1");
    }

    @Test
    void shouldKeepAnIdleKeyUntilItsLastWindowHasClosed()
    {
        final WindowRule rule = rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 30 * SECOND);
        final RuleHarness harness = harness(rule, 0)
            .approved("t1", T0, "c1", 100)
            .approved("t2", T0 + 90 * SECOND - 1, "c2", 100);
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.shard(0).liveKeyCount()).isEqualTo(2);

        harness.approved("t3", T0 + 90 * SECOND, "c2", 100);
        assertThat(harness.alerts()).extracting(CapturedAlert::key).containsExactly("c1");

        harness.approved("t4", T0 + 90 * SECOND + 1, "c2", 100);
        assertThat(harness.shard(0).liveKeyCount()).as("idle for longer than window + lateness").isEqualTo(1);
        assertThat(rule.horizonMs()).isEqualTo(90 * SECOND);
    }

    @Test
    void shouldWriteAggregateTextsAsValidJsonNames()
    {
        final WindowRule rule = rule(MINUTES, List.of(new io.vigil.rules.expr.AggregateSpec(
            io.vigil.rules.expr.AggregateKind.COUNT, null, tx -> !tx.isApproved(), null,
            "count(status == \"declined\")")),
            (tx, a) -> true, FireMode.ON_CLOSE, 0, 0);
        final RuleHarness harness = harness(rule, 0).declined("t1", T0, "c1", 100).endOfInput();

        assertThat(figure(harness.alerts().get(0), "count(status == \"declined\")")).isEqualTo("1");
    }
}
