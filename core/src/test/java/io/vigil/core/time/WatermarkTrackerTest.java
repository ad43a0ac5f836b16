package io.vigil.core.time;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatermarkTrackerTest
{
    @Test
    void shouldTrailTheHighestEventTimeByTheBound()
    {
        final WatermarkTracker wm = new WatermarkTracker(5_000, 0);
        assertThat(wm.watermarkMs()).isEqualTo(WatermarkTracker.NO_WATERMARK);

        wm.onEvent(100_000);
        wm.onEvent(90_000);
        assertThat(wm.watermarkMs()).isEqualTo(95_000);
        wm.onEvent(120_000);
        assertThat(wm.watermarkMs()).isEqualTo(115_000);
    }

    @Test
    void shouldCallAnEventLateOnlyBelowWatermarkMinusLateness()
    {
        final WatermarkTracker wm = new WatermarkTracker(5_000, 1_000);
        wm.onEvent(100_000);

        assertThat(wm.isLate(94_000)).isFalse();
        assertThat(wm.isLate(93_999)).isTrue();
        assertThat(wm.onEvent(10)).isTrue();
        assertThat(wm.maxEventTimeMs()).isEqualTo(100_000);
    }
}
