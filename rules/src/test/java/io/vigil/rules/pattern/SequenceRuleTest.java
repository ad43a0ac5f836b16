package io.vigil.rules.pattern;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.AmountPredicate;
import io.vigil.rules.StatusFilter;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceRuleTest
{
    private final TransactionFlyweight tx =
        new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> { });
    private final SequenceRule rule = new SequenceRule(DefaultRules.CARD_TESTING, StatusFilter.ANY,
        AmountPredicate.below("2.00"), 3, AmountPredicate.atLeast("500.00"), 600_000, 600_000, "probe", "hit");

    @Test
    void shouldKeepOnlyStepsThatCanStillMatch()
    {
        final SequenceState state = (SequenceState)rule.newState(60_000);
        for (int i = 0; i < 1_000; i++)
        {
            rule.onEvent(state, probe("p" + i, i * 10_000L), i, alerts);
        }
        assertThat(state.steps().size()).as("(newest - 10 min - 1 min, newest] at one probe per 10 s").isEqualTo(66);
        assertThat(state.newestTsMs()).isEqualTo(9_990_000L);

        state.reset();
        assertThat(state.steps().size()).isZero();
        assertThat(state.hasAlerted()).isFalse();
    }

    @Test
    void shouldDescribeItselfAndRejectBadParameters()
    {
        assertThat(rule.toString()).isEqualTo(
            "card-testing@v1: 3+ x (amount < 2.00) then (amount >= 500.00) within 600000 ms, cooldown 600000 ms");
        assertThatThrownBy(() -> new SequenceRule(DefaultRules.CARD_TESTING, StatusFilter.ANY,
            AmountPredicate.below("2.00"), 0, AmountPredicate.atLeast("500.00"), 1, 0, "a", "b"))
            .hasMessage("card-testing: repeats: expected >= 1, found 0");
        assertThatThrownBy(() -> new SequenceRule(DefaultRules.CARD_TESTING, StatusFilter.ANY,
            AmountPredicate.below("2.00"), 1, AmountPredicate.atLeast("500.00"), 0, 0, "a", "b"))
            .hasMessage("card-testing: within: expected > 0 ms, found 0");
        assertThatThrownBy(() -> AmountPredicate.below("2.00001")).hasMessageContaining("amount threshold");
    }

    private TransactionFlyweight probe(final String id, final long tsMs)
    {
        return tx.clear().id(id).tsMs(tsMs).card("c1").merchant("m").amountMinor(100).currency("USD")
            .status(TxStatus.APPROVED);
    }
}
