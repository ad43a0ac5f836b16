package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleProgramChangeTest
{
    private final List<String> alerts = new ArrayList<>();
    private final AlertPublisher publisher = new AlertPublisher((buffer, offset, length) ->
        alerts.add(new AlertView().wrap(buffer, offset).json()));
    private final TransactionFlyweight tx = new TransactionFlyweight()
        .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);

    @Test
    void shouldKeepTheWindowOfARuleThatIsInBothRuleSets()
    {
        final List<CompiledRule> rules = DefaultRules.rules();
        ShardProgram program = new RuleProgram(0, 1, rules);
        for (int i = 0; i < 4; i++)
        {
            send(program, "a-" + i, i * 1000L);
        }

        program = program.replaceWith(new RuleProgram(0, 1, List.of(rules.get(0))));
        send(program, "a-4", 4000);

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).contains("\"rule\":\"card-velocity-60s\"", "\"tx_id\":\"a-4\"", "\"count\":5");
        assertThat(((RuleProgram)program).liveKeyCount()).isEqualTo(1);
        assertThat(((RuleProgram)program).maxEventTimeMs()).isEqualTo(RuleHarness.T0 + 4000);
    }

    @Test
    void shouldStartARuleWhoseDefinitionChangedEmpty()
    {
        ShardProgram program = new RuleProgram(0, 1, DefaultRules.rules());
        for (int i = 0; i < 4; i++)
        {
            send(program, "a-" + i, i * 1000L);
        }

        final CompiledRule rebuilt = new io.vigil.rules.window.SlidingWindowRule(DefaultRules.CARD_VELOCITY_60S,
            StatusFilter.APPROVED_ONLY, 60_000, io.vigil.rules.window.Aggregate.COUNT, "5", 300_000);
        program = program.replaceWith(new RuleProgram(0, 1, List.of(rebuilt)));
        send(program, "a-4", 4000);

        assertThat(alerts).isEmpty();
        send(program, "a-5", 5000);
        send(program, "a-6", 6000);
        send(program, "a-7", 7000);
        send(program, "a-8", 8000);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).contains("\"tx_id\":\"a-8\"");
    }

    private void send(final ShardProgram program, final String id, final long offsetMs)
    {
        tx.clear().id(id).tsMs(RuleHarness.T0 + offsetMs).card("card-1").account("acc").merchant("m").mcc(5411)
            .amountMinor(1_000).currency("USD").country("US").channel(Channel.POS).status(TxStatus.APPROVED);
        program.onTransaction(tx, 0, publisher);
    }
}
