package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.AmountThreshold;
import io.vigil.rules.StatusFilter;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingWindowRuleTest
{
    private final TransactionFlyweight tx =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private final long[] published = new long[1];
    private final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> published[0]++);

    @Test
    void shouldRetainTheWindowPlusTheOutOfOrderRetentionOnly()
    {
        final SlidingWindowRule rule = new SlidingWindowRule(DefaultRules.CARD_AMOUNT_SUM_1H,
            StatusFilter.APPROVED_ONLY, 60_000, Aggregate.SUM, "3000.00", 0);
        final SlidingWindowState state = (SlidingWindowState)rule.newState(30_000);
        for (int i = 0; i < 1_000; i++)
        {
            rule.onEvent(state, event("t" + i, i * 1_000L, 100), i, alerts);
        }
        assertThat(state.ring().size()).as("(newest - 90 s, newest]").isEqualTo(90);
        assertThat(state.activeFrom()).as("(newest - 90 s, newest - 60 s] kept for late events").isEqualTo(30);
        assertThat(state.runSumMinor()).isEqualTo(60 * 100);
        assertThat(state.runCount()).isEqualTo(60);
        assertThat(state.ring().capacity()).isEqualTo(128);
        assertThat(published[0]).isZero();

        state.reset();
        assertThat(state.ring().size()).isZero();
        assertThat(state.runSumMinor()).isZero();
        assertThat(state.ring().capacity()).as("kept for the next key").isEqualTo(128);
    }

    @Test
    void shouldRoundAmountThresholdsUpToTheCurrencyMinorUnit()
    {
        final AmountThreshold threshold = AmountThreshold.of("2.50");
        assertThat(threshold.minor(0)).isEqualTo(3);
        assertThat(threshold.minor(2)).isEqualTo(250);
        assertThat(threshold.minor(3)).isEqualTo(2_500);
        assertThat(AmountThreshold.of("3000.00").minor(0)).isEqualTo(3_000);
        assertThat(AmountThreshold.of("3000").minor(3)).isEqualTo(3_000_000);
    }

    @Test
    void shouldDescribeItself()
    {
        assertThat(DefaultRules.rules().get(0).toString()).isEqualTo(
            "card-velocity-60s@v1: COUNT of APPROVED_ONLY in 60000 ms >= 5, cooldown 300000 ms");
        assertThat(DefaultRules.rules().get(1).toString()).isEqualTo(
            "card-amount-sum-1h@v1: SUM of APPROVED_ONLY in 3600000 ms >= 3000.00, cooldown 3600000 ms");
    }

    private TransactionFlyweight event(final String id, final long tsMs, final long amountMinor)
    {
        return tx.clear().id(id).tsMs(tsMs).card("c1").merchant("m").amountMinor(amountMinor).currency("USD")
            .status(TxStatus.APPROVED);
    }
}
