package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.SUM;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;

class HoppingWindowTest
{
    private static final WindowSpec MINUTE_EVERY_20_S = WindowSpec.hopping(MINUTE, 20 * SECOND);

    @Test
    void shouldPutAnEventInSizeOverAdvanceWindows()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_EVERY_20_S, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
                .approved("t1", T0 + 25 * SECOND, "c1", 100)
                .endOfInput();

        assertThat(harness.alerts()).extracting(Windows::windowStartMs)
            .containsExactly(T0 - 20 * SECOND, T0, T0 + 20 * SECOND);
        assertThat(harness.alerts()).extracting(Windows::windowEndMs)
            .containsExactly(T0 + 40 * SECOND, T0 + MINUTE, T0 + 80 * SECOND);
    }

    @Test
    void shouldStartAWindowAtAnEventOnItsStartAndLeaveTheOneEndingThere()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_EVERY_20_S, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
                .approved("t1", T0 + 40 * SECOND, "c1", 100)
                .endOfInput();

        assertThat(harness.alerts()).extracting(Windows::windowStartMs)
            .containsExactly(T0, T0 + 20 * SECOND, T0 + 40 * SECOND);
    }

    @Test
    void shouldCountEachEventInEveryWindowThatHoldsIt()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_EVERY_20_S, List.of(COUNT, SUM), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
                .approved("t1", T0 + 5 * SECOND, "c1", 100)
                .approved("t2", T0 + 25 * SECOND, "c1", 200)
                .approved("t3", T0 + 45 * SECOND, "c1", 400)
                .endOfInput();

        assertThat(harness.alerts()).extracting(a -> Windows.windowStartMs(a) - T0 + ":" + figure(a, "sum(amount)"))
            .containsExactly("-40000:100", "-20000:300", "0:700", "20000:600", "40000:400");
    }

    @Test
    void shouldFireEarlyOncePerWindowWithOneAlertPerEvent()
    {
        final RuleHarness harness = harness(
            rule(MINUTE_EVERY_20_S, List.of(COUNT), (tx, a) -> a.get(0) >= 2, FireMode.EARLY, 0, 0), 0)
            .approved("t1", T0 + 45 * SECOND, "c1", 100)
            .approved("t2", T0 + 50 * SECOND, "c1", 100)
            .approved("t3", T0 + 55 * SECOND, "c1", 100)
            .approved("t4", T0 + 65 * SECOND, "c1", 100)
            .approved("t5", T0 + 70 * SECOND, "c1", 100)
            .endOfInput();

        // t2 crosses in the three windows holding t1 and t2: one alert, with the oldest window's figures; t3 and
        // t4 cross nowhere new; t5 crosses in [60 s, 120 s).
        final List<CapturedAlert> alerts = harness.alerts();
        assertThat(alerts).extracting(CapturedAlert::txId).containsExactly("t2", "t5");
        assertThat(figure(alerts.get(0), "window_start_ms")).isEqualTo(Long.toString(T0));
        assertThat(figure(alerts.get(1), "window_start_ms")).isEqualTo(Long.toString(T0 + MINUTE));
        assertThat(figure(alerts.get(1), "count()")).isEqualTo("2");
        assertThat(alerts).extracting(CapturedAlert::rule).containsOnly(REF.id());
    }

    @Test
    void shouldCloseOverlappingWindowsInEndOrder()
    {
        final RuleHarness harness =
            harness(rule(MINUTE_EVERY_20_S, List.of(COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0)
                .approved("t1", T0 + 5 * SECOND, "c1", 100)
                .approved("t2", T0 + 45 * SECOND, "c1", 100);
        assertThat(harness.alerts()).as("[-40 s, 20 s) closed at watermark 45 s").extracting(Windows::windowStartMs)
            .containsExactly(T0 - 40 * SECOND, T0 - 20 * SECOND);

        harness.tick(T0 + MINUTE);
        assertThat(harness.alerts()).extracting(Windows::windowStartMs)
            .containsExactly(T0 - 40 * SECOND, T0 - 20 * SECOND, T0);
    }
}
