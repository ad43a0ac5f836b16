package io.vigil.rules.window;

import io.vigil.rules.expr.TxPredicate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowSpecTest
{
    @Test
    void shouldDescribeEachType()
    {
        assertThat(WindowSpec.sliding(MINUTE).extentMs()).isEqualTo(MINUTE);
        assertThat(WindowSpec.hopping(MINUTE, 20 * SECOND).windowsPerEvent()).isEqualTo(3);
        assertThat(WindowSpec.tumbling(MINUTE).windowsPerEvent()).isEqualTo(1);
        assertThat(new WindowSpec(WindowType.TUMBLING, MINUTE, 0, 0).advanceMs()).isEqualTo(MINUTE);
        assertThat(WindowSpec.session(30 * SECOND).extentMs()).isEqualTo(30 * SECOND);
        assertThat(WindowSpec.hopping(MINUTE, 20 * SECOND)).hasToString("hopping 60000 ms every 20000 ms");
    }

    @Test
    void shouldRejectInconsistentLengths()
    {
        assertThatThrownBy(() -> WindowSpec.sliding(0)).hasMessage(
            "window: sliding: expected size > 0, no advance, no gap (found size 0 ms, advance 0 ms, gap 0 ms)");
        assertThatThrownBy(() -> WindowSpec.hopping(MINUTE, 7 * SECOND))
            .hasMessageContaining("hopping: expected the size to be a multiple of the advance");
        assertThatThrownBy(() -> WindowSpec.hopping(MINUTE, 2 * MINUTE))
            .hasMessageContaining("hopping: expected 0 < advance <= size");
        assertThatThrownBy(() -> WindowSpec.hopping(MINUTE, 100))
            .hasMessageContaining("hopping: expected size / advance <= 64");
        assertThatThrownBy(() -> new WindowSpec(WindowType.SESSION, MINUTE, 0, SECOND))
            .hasMessageContaining("session: expected gap > 0, no size, no advance");
        assertThatThrownBy(() -> new WindowSpec(WindowType.TUMBLING, MINUTE, SECOND, 0))
            .hasMessageContaining("tumbling: expected size > 0, advance = size");
        assertThatThrownBy(() -> new WindowSpec(null, MINUTE, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldRejectInvalidRules()
    {
        final WindowSpec minutes = WindowSpec.tumbling(MINUTE);
        assertThatThrownBy(() -> new WindowRule(REF, TxPredicate.ALWAYS, minutes, List.of(COUNT), (tx, a) -> true,
            FireMode.EARLY, -1, 0)).hasMessage("w-rule: cooldown: expected >= 0 ms, found -1");
        assertThatThrownBy(() -> new WindowRule(REF, TxPredicate.ALWAYS, minutes, List.of(COUNT), (tx, a) -> true,
            FireMode.EARLY, 0, -5)).hasMessage("w-rule: allowed lateness: expected >= 0 ms, found -5");
    }

    @Test
    void shouldSayWhatItIs()
    {
        final WindowRule rule = new WindowRule(REF, TxPredicate.ALWAYS, WindowSpec.session(SECOND),
            List.of(COUNT, Windows.SUM), (tx, a) -> true, FireMode.EARLY_AND_ON_CLOSE, 5, 7);
        assertThat(rule).hasToString("w-rule@v1: session gap 1000 ms, count(), sum(amount), fire EARLY_AND_ON_CLOSE, "
            + "cooldown 5 ms, allowed lateness 7 ms");
        assertThat(rule.horizonMs()).isEqualTo(SECOND + 7 + 5);
        assertThat(FireMode.ON_CLOSE.firesEarly()).isFalse();
        assertThat(FireMode.EARLY_AND_ON_CLOSE.firesOnClose()).isTrue();
    }
}
