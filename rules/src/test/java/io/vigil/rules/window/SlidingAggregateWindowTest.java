package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.ALL;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingAggregateWindowTest
{
    private static final WindowSpec MINUTE_SLIDING = WindowSpec.sliding(MINUTE);

    @Test
    void shouldFireOnTheFifthEventWithinAMinuteAndLeaveOutAnEventExactlyAMinuteOld()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> a.get(0) >= 5, FireMode.EARLY, 0, 0), 0);
        for (int i = 0; i < 4; i++)
        {
            harness.approved("a" + i, T0 + i * 15 * SECOND, "c1", 100);
        }
        harness.approved("a4", T0 + MINUTE, "c1", 100);
        assertThat(harness.alerts()).as("a0 is exactly 60 s old").isEmpty();

        harness.approved("a5", T0 + MINUTE + 1, "c1", 100);
        assertThat(harness.alertTxIds(REF.id())).containsExactly("a5");
        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("5");
        assertThat(figure(harness.alerts().get(0), "window_ms")).isEqualTo("60000");
        assertThat(harness.alerts().get(0).node().get("details").has("window_start_ms")).isFalse();
    }

    @Test
    void shouldKeepEveryAggregateRightAsEventsLeaveTheWindow()
    {
        final RuleHarness harness = harness(rule(MINUTE_SLIDING, ALL, (tx, a) -> true, FireMode.EARLY, 0, 0), 0);
        final long[] amounts = {500, 100, 900, 300, 700};
        final String[] merchants = {"m-1", "m-2", "m-1", "m-3", "m-3"};
        for (int i = 0; i < amounts.length; i++)
        {
            harness.send(new Tx("t" + i, T0 + i * 20 * SECOND, "c1", amounts[i], "USD", i != 2), merchants[i], "US");
        }

        // t4 at 80 s: (20 s, 80 s] holds t2, t3, t4.
        final CapturedAlert last = harness.alerts().get(4);
        assertThat(last.txId()).isEqualTo("t4");
        assertThat(figure(last, "count()")).isEqualTo("3");
        assertThat(figure(last, "count(declined)")).isEqualTo("1");
        assertThat(figure(last, "sum(amount)")).isEqualTo("1900");
        assertThat(figure(last, "min(amount)")).isEqualTo("300");
        assertThat(figure(last, "max(amount)")).isEqualTo("900");
        assertThat(figure(last, "avg(amount)")).isEqualTo(Windows.decimal(1900.0 / 3));
        assertThat(figure(last, "distinct(merchant)")).isEqualTo("2");
        assertThat(figure(last, "ratio(declined)")).isEqualTo(Windows.decimal(1.0 / 3));

        // t3 at 60 s: (0, 60 s] holds t1, t2, t3: the max 900 is t2's, the min 100 t1's.
        final CapturedAlert third = harness.alerts().get(3);
        assertThat(figure(third, "min(amount)")).isEqualTo("100");
        assertThat(figure(third, "max(amount)")).isEqualTo("900");
        assertThat(figure(third, "distinct(merchant)")).isEqualTo("3");
    }

    @Test
    void shouldEvaluateAnOutOfOrderEventAgainstTheEventsBeforeItAndAmendTheLaterOnes()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_SLIDING, List.of(COUNT, Windows.MAX), (tx, a) -> true, FireMode.EARLY, 0, 0), MINUTE)
                .approved("t1", T0, "c1", 100)
                .approved("t3", T0 + 40 * SECOND, "c1", 300)
                .approved("t2", T0 + 20 * SECOND, "c1", 900)
                .approved("t4", T0 + 70 * SECOND, "c1", 200);

        final List<CapturedAlert> alerts = harness.alerts();
        assertThat(alerts).extracting(a -> NetAlerts.status(a) + " " + a.txId())
            .containsExactly(" t1", " t3", " t2", "amended t3", " t4");
        assertThat(figure(alerts.get(2), "count()")).as("t2 sees t1 and itself").isEqualTo("2");
        assertThat(figure(alerts.get(2), "max(amount)")).isEqualTo("900");
        assertThat(figure(alerts.get(3), "count()")).as("t3 now sees t1, t2 and itself").isEqualTo("3");
        assertThat(figure(alerts.get(3), "max(amount)")).isEqualTo("900");
        assertThat(figure(alerts.get(4), "count()")).as("(10 s, 70 s]: t2, t3, t4").isEqualTo("3");
        assertThat(figure(alerts.get(4), "max(amount)")).isEqualTo("900");
    }

    @Test
    void shouldBreakTiesInEventTimeById()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> true, FireMode.EARLY, 0, 0), MINUTE)
                .approved("b", T0, "c1", 100)
                .approved("a", T0, "c1", 100)
                .approved("c", T0, "c1", 100);

        assertThat(harness.alerts()).extracting(a -> NetAlerts.status(a) + " " + a.txId() + "=" + figure(a, "count()"))
            .containsExactly(" b=1", " a=1", "amended b=2", " c=3");
    }

    @Test
    void shouldKeepTheWholeWindowOfTheOldestEventThatIsNotLate()
    {
        final WindowRule rule = rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> tx.idLength() == 1, FireMode.EARLY,
            0, 10 * SECOND);
        final RuleHarness harness = harness(rule, 20 * SECOND);
        for (int i = 0; i < 200; i++)
        {
            harness.approved("t" + i, T0 + i * SECOND, "c1", 100);
        }
        // Watermark 179 s, lateness 10 s: 170 s is not late and needs (110 s, 170 s], 60 events before it.
        harness.approved("x", T0 + 170 * SECOND, "c1", 100).approved("y", T0 + 168 * SECOND, "c1", 100);

        assertThat(Windows.alertsOnly(harness)).extracting(a -> a.txId() + "=" + figure(a, "count()"))
            .containsExactly("x=61");
        assertThat(Windows.lateRecords(harness)).extracting(CapturedAlert::txId).containsExactly("y");
        assertThat(rule.lateEvents()).isEqualTo(1);
        assertThat(rule.horizonMs()).isEqualTo(MINUTE + 10 * SECOND);
        assertThat(rule.droppedEvents()).isZero();
    }

    @Test
    void shouldFireOnlyEarly()
    {
        assertThatThrownBy(() -> rule(MINUTE_SLIDING, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0))
            .hasMessageContaining("w-rule: a sliding window fires early only");
    }
}
