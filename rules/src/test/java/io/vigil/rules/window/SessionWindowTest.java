package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.DISTINCT_MERCHANTS;
import static io.vigil.rules.window.Windows.MAX;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;

class SessionWindowTest
{
    private static final long GAP_MS = 30 * SECOND;
    private static final WindowSpec SESSIONS = WindowSpec.session(GAP_MS);

    @Test
    void shouldJoinEventsLessThanTheGapApartAndSplitAtExactlyTheGap()
    {
        final RuleHarness harness = harness(rule(SESSIONS, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
            .approved("t1", T0, "c1", 100)
            .approved("t2", T0 + GAP_MS - 1, "c1", 100)
            .approved("t3", T0 + 2 * GAP_MS - 1, "c1", 100)
            .endOfInput();

        final List<CapturedAlert> alerts = harness.alerts();
        assertThat(alerts).extracting(a -> figure(a, "count()")).containsExactly("2", "1");
        assertThat(alerts).extracting(Windows::windowStartMs).containsExactly(T0, T0 + 2 * GAP_MS - 1);
        assertThat(alerts).as("a session ends at its last event + gap").extracting(Windows::windowEndMs)
            .containsExactly(T0 + 2 * GAP_MS - 1, T0 + 3 * GAP_MS - 1);
        assertThat(figure(alerts.get(0), "gap_ms")).isEqualTo("30000");
    }

    @Test
    void shouldCloseExactlyWhenTheWatermarkReachesLastEventPlusGapPlusLateness()
    {
        final RuleHarness harness =
            harness(rule(SESSIONS, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 5 * SECOND), 0)
                .approved("t1", T0, "c1", 100)
                .approved("t2", T0 + 10 * SECOND, "c1", 100)
                .tick(T0 + 45 * SECOND - 1);
        assertThat(harness.alerts()).isEmpty();

        harness.tick(T0 + 45 * SECOND);
        assertThat(harness.alerts()).hasSize(1);
        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("2");
    }

    @Test
    void shouldExtendASessionWhileEventsKeepComing()
    {
        final RuleHarness harness =
            harness(rule(SESSIONS, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0);
        for (int i = 0; i < 10; i++)
        {
            harness.approved("t" + i, T0 + i * 20 * SECOND, "c1", 100);
        }
        harness.tick(T0 + 200 * SECOND);
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.shard(0).pendingTimers()).as("one pending timer, not one per event").isEqualTo(1);

        harness.tick(T0 + 210 * SECOND);
        assertThat(harness.alerts()).hasSize(1);
        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("10");
    }

    @Test
    void shouldMergeTwoSessionsThatAnOutOfOrderEventBridges()
    {
        final RuleHarness harness = harness(
            rule(SESSIONS, List.of(COUNT, MAX, DISTINCT_MERCHANTS), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), MINUTE);
        harness.send(new io.vigil.rules.Tx("t1", T0, "c1", 100, "USD", true), "m-1", "US")
            .send(new io.vigil.rules.Tx("t2", T0 + 50 * SECOND, "c1", 700, "USD", true), "m-2", "US")
            .send(new io.vigil.rules.Tx("t3", T0 + 25 * SECOND, "c1", 300, "USD", true), "m-1", "US")
            .endOfInput();

        final List<CapturedAlert> alerts = harness.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(Windows.windowStartMs(alerts.get(0))).isEqualTo(T0);
        assertThat(Windows.windowEndMs(alerts.get(0))).isEqualTo(T0 + 80 * SECOND);
        assertThat(figure(alerts.get(0), "count()")).isEqualTo("3");
        assertThat(figure(alerts.get(0), "max(amount)")).isEqualTo("700");
        assertThat(figure(alerts.get(0), "distinct(merchant)")).isEqualTo("2");
    }

    @Test
    void shouldMoveASessionStartBackForAnEarlierEventWithinTheGap()
    {
        final RuleHarness harness =
            harness(rule(SESSIONS, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), MINUTE)
                .approved("t1", T0 + MINUTE, "c1", 100)
                .approved("t2", T0 + 31 * SECOND, "c1", 100)
                .approved("t3", T0, "c1", 100)
                .endOfInput();

        assertThat(harness.alerts()).extracting(Windows::windowStartMs).containsExactly(T0, T0 + 31 * SECOND);
        assertThat(harness.alerts()).extracting(a -> figure(a, "count()")).containsExactly("1", "2");
    }

    @Test
    void shouldFireEarlyOncePerSessionEvenAfterAMerge()
    {
        final RuleHarness harness =
            harness(rule(SESSIONS, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY, 0, 0), MINUTE)
                .approved("t1", T0, "c1", 100)
                .approved("t2", T0 + 10 * SECOND, "c1", 100)
                .approved("t3", T0 + 60 * SECOND, "c1", 100)
                .approved("t4", T0 + 35 * SECOND, "c1", 100)
                .approved("t5", T0 + 65 * SECOND, "c1", 100)
                .endOfInput();

        assertThat(harness.alertTxIds(Windows.REF.id())).as("t4 bridges into a session that fired on t2")
            .containsExactly("t2");
        assertThat(figure(harness.alerts().get(0), "window_start_ms")).isEqualTo(Long.toString(T0));
        assertThat(figure(harness.alerts().get(0), "window_end_ms")).isEqualTo(Long.toString(T0 + 40 * SECOND));
    }
}
