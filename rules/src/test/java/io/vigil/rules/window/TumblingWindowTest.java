package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.SUM;
import static io.vigil.rules.window.Windows.alertsOnly;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static io.vigil.rules.window.Windows.windowEndMs;
import static io.vigil.rules.window.Windows.windowStartMs;
import static org.assertj.core.api.Assertions.assertThat;

class TumblingWindowTest
{
    private static final WindowSpec MINUTES = WindowSpec.tumbling(MINUTE);

    @Test
    void shouldPutAnEventExactlyAtTheWindowEndInTheNextWindow()
    {
        final RuleHarness harness = harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0, "c1", 100)
            .approved("t2", T0 + MINUTE - 1, "c1", 100)
            .approved("t3", T0 + MINUTE, "c1", 100)
            .endOfInput();

        final List<CapturedAlert> alerts = alertsOnly(harness);
        assertThat(alerts).extracting(Windows::windowStartMs).containsExactly(T0, T0 + MINUTE);
        assertThat(alerts).extracting(Windows::windowEndMs).containsExactly(T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(alerts).extracting(a -> figure(a, "count()")).containsExactly("2", "1");
        assertThat(alerts.get(0).node().get("tx_id").isNull()).isTrue();
        assertThat(alerts.get(0).eventTimeMs()).as("a close alert's time is the window end").isEqualTo(T0 + MINUTE);
        assertThat(alerts.get(0).node().get("alert_id").asText())
            .isNotEqualTo(alerts.get(1).node().get("alert_id").asText());
        assertThat(figure(alerts.get(0), "window_ms")).isEqualTo("60000");
    }

    @Test
    void shouldAlignWindowsOnTheEpoch()
    {
        final RuleHarness harness = harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0 + 25 * SECOND, "c1", 100)
            .approved("t2", T0 + 85 * SECOND, "c1", 100)
            .endOfInput();

        assertThat(alertsOnly(harness)).extracting(Windows::windowStartMs).containsExactly(T0, T0 + MINUTE);
    }

    @Test
    void shouldCloseExactlyWhenTheWatermarkReachesTheEndPlusTheAllowedLateness()
    {
        final RuleHarness harness =
            harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 5 * SECOND), 10 * SECOND)
                .approved("t1", T0 + SECOND, "c1", 100)
                .tick(T0 + MINUTE + 15 * SECOND - 1);
        assertThat(harness.alerts()).as("watermark one ms short of end + lateness").isEmpty();

        harness.tick(T0 + MINUTE + 15 * SECOND);
        assertThat(harness.alerts()).hasSize(1);
        assertThat(windowStartMs(harness.alerts().get(0))).isEqualTo(T0);
        assertThat(windowEndMs(harness.alerts().get(0))).isEqualTo(T0 + MINUTE);

        harness.endOfInput();
        assertThat(harness.alerts()).as("a window closes once").hasSize(1);
        assertThat(harness.shard(0).pendingTimers()).isZero();
    }

    @Test
    void shouldCloseOnAnEventThatMovesTheWatermark()
    {
        final RuleHarness harness = harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0 + SECOND, "c1", 100)
            .approved("t2", T0 + MINUTE, "c2", 100);

        assertThat(harness.alerts()).hasSize(1);
        assertThat(harness.alerts().get(0).key()).isEqualTo("c1");
    }

    @Test
    void shouldFireEarlyOnceOnTheEventThatFirstCrossesTheThreshold()
    {
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(COUNT, SUM), (tx, a) -> a.get(0) >= 3, FireMode.EARLY, 0, 0), 0);
        for (int i = 0; i < 5; i++)
        {
            harness.approved("a" + i, T0 + i * SECOND, "c1", 100);
        }
        for (int i = 0; i < 3; i++)
        {
            harness.approved("b" + i, T0 + MINUTE + i * SECOND, "c1", 250);
        }
        harness.endOfInput();

        assertThat(harness.alertTxIds(REF.id())).containsExactly("a2", "b2");
        final CapturedAlert second = harness.alerts().get(1);
        assertThat(figure(second, "count()")).isEqualTo("3");
        assertThat(figure(second, "sum(amount)")).isEqualTo("750");
        assertThat(figure(second, "window_start_ms")).isEqualTo(Long.toString(T0 + MINUTE));
        assertThat(figure(second, "window_end_ms")).isEqualTo(Long.toString(T0 + 2 * MINUTE));
    }

    @Test
    void shouldGiveAnEarlyAndAFinalAlertWhenAskedForBoth()
    {
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY_AND_ON_CLOSE, 0, 0), 0);
        for (int i = 0; i < 4; i++)
        {
            harness.approved("a" + i, T0 + i * SECOND, "c1", 100);
        }
        harness.endOfInput();

        assertThat(harness.alerts()).hasSize(2);
        assertThat(harness.alerts().get(0).txId()).isEqualTo("a1");
        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("2");
        assertThat(harness.alerts().get(1).node().get("tx_id").isNull()).isTrue();
        assertThat(figure(harness.alerts().get(1), "count()")).isEqualTo("4");
    }

    @Test
    void shouldNotFireOnCloseForWindowsWithoutEvents()
    {
        final WindowRule approvedOnly = new WindowRule(REF, tx -> tx.isApproved(), MINUTES, List.of(COUNT),
            (tx, a) -> a.get(0) >= 0, FireMode.ON_CLOSE, 0, 0);
        final RuleHarness harness = harness(approvedOnly, 0)
            .approved("t1", T0, "c1", 100)
            .declined("t2", T0 + MINUTE + SECOND, "c1", 100)
            .approved("t3", T0 + 2 * MINUTE, "c1", 100)
            .tick(T0 + 10 * MINUTE)
            .endOfInput();

        assertThat(harness.alerts()).extracting(Windows::windowStartMs).containsExactly(T0, T0 + 2 * MINUTE);
    }

    @Test
    void shouldNotFireOnCloseWhenTheFinalAggregatesMissTheCondition()
    {
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(SUM), (tx, a) -> tx == null && a.get(0) >= 1_000, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0, "c1", 600)
            .approved("t2", T0 + SECOND, "c1", 300)
            .approved("t3", T0 + MINUTE, "c1", 1_000)
            .endOfInput();

        assertThat(harness.alerts()).extracting(Windows::windowStartMs).containsExactly(T0 + MINUTE);
    }

    @Test
    void shouldKeepKeysApart()
    {
        final RuleHarness harness =
            harness(rule(MINUTES, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.ON_CLOSE, 0, 0), 0)
                .approved("t1", T0, "c1", 100)
                .approved("t2", T0 + SECOND, "c2", 100)
                .approved("t3", T0 + 2 * SECOND, "c1", 100)
                .endOfInput();

        assertThat(harness.alerts()).extracting(CapturedAlert::key).containsExactly("c1");
    }

    @Test
    void shouldTakeOutOfOrderEventsWithinTheBoundIntoTheirWindow()
    {
        final RuleHarness harness =
            harness(rule(MINUTES, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 30 * SECOND)
                .send(new Tx("t1", T0 + 70 * SECOND, "c1", 100, "USD", true))
                .send(new Tx("t2", T0 + 40 * SECOND, "c1", 100, "USD", true))
                .send(new Tx("t3", T0 + 50 * SECOND, "c1", 100, "USD", true))
                .endOfInput();

        assertThat(harness.alerts()).extracting(a -> figure(a, "count()")).containsExactly("2", "1");
    }

    @Test
    void shouldSeeOnlyTheEventsTheFilterAccepts()
    {
        final WindowRule bigOnly = new WindowRule(REF, tx -> tx.amountMinor() >= 1_000, MINUTES, List.of(COUNT),
            (tx, a) -> true, FireMode.ON_CLOSE, 0, 0);
        final RuleHarness harness = harness(bigOnly, 0)
            .approved("t1", T0, "c1", 100)
            .approved("t2", T0 + SECOND, "c1", 5_000)
            .endOfInput();

        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("1");
    }
}
