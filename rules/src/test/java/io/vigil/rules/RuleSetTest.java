package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetTest
{
    private static final String VELOCITY = "rules:\n" +
        "  - id: v\n" +
        "    key: card\n" +
        "    filter: status == \"approved\"\n" +
        "    window: { type: sliding, size: 60s }\n" +
        "    when: count() >= 5\n" +
        "    severity: high\n";

    private final List<String> alerts = new ArrayList<>();
    private final AlertPublisher publisher = new AlertPublisher((buffer, offset, length) ->
        alerts.add(new AlertView().wrap(buffer, offset).json()));
    private final TransactionFlyweight tx = new TransactionFlyweight()
        .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);

    @Test
    void shouldCompileTheDefaultPackWithAtLeastEightRules()
    {
        final RuleSet pack = RuleSet.defaultPack();

        assertThat(pack.rules()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(pack.ruleRefs()).extracting(r -> r.id())
            .contains("card-velocity-60s", "card-testing", "merchant-decline-burst", "device-many-cards");
        for (int i = 0; i < pack.ruleRefs().size(); i++)
        {
            assertThat(pack.ruleRefs().get(i).ordinal()).isEqualTo(i);
        }
    }

    @Test
    void shouldRefuseAFileWithErrorsListingEveryOne()
    {
        assertThatThrownBy(() -> RuleSet.fromSource("bad.yaml", VELOCITY.replace("count()", "cnt()")
            .replace("severity: high", "severity: urgent")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("2 errors in bad.yaml")
            .hasMessageContaining("bad.yaml:6:")
            .hasMessageContaining("bad.yaml:7:");
    }

    @Test
    void shouldKeepStateWhenTheSameRuleComesBackInANewFileAndDropItWhenItChanged()
    {
        ShardProgram program = RuleSet.fromSource("a.yaml", VELOCITY).factory().create(0, 1);
        for (int i = 0; i < 4; i++)
        {
            send(program, "a-" + i, i);
        }
        program = program.replaceWith(RuleSet.fromSource("b.yaml", VELOCITY).factory().create(0, 1));
        send(program, "a-4", 4);
        assertThat(alerts).hasSize(1);

        program = program.replaceWith(RuleSet.fromSource("c.yaml", VELOCITY.replace(">= 5", ">= 6"))
            .factory().create(0, 1));
        send(program, "a-5", 5);
        assertThat(alerts).as("a changed rule starts empty").hasSize(1);
    }

    @Test
    void shouldListTheTransactionsOfTheSlidingWindowThatFired()
    {
        final ShardProgram program = RuleSet.fromSource("two.yaml", VELOCITY.replace(">= 5", ">= 2"))
            .factory().create(0, 1);
        send(program, "a-0", 0);
        assertThat(alerts).isEmpty();
        send(program, "a-1", 60);
        assertThat(alerts).as("an event exactly 60 s old is out of the window").isEmpty();
        send(program, "a-2", 61);

        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).contains("\"tx_id\":\"a-2\"", "\"tx_ids\":[\"a-1\",\"a-2\"]",
            "\"tx_ids_omitted\":0", "\"count()\":2");
    }

    @Test
    void shouldFireEarlyAndAgainOnCloseWhenTheRuleSaysBoth()
    {
        final ShardProgram program = RuleSet.fromSource("both.yaml", VELOCITY
            .replace("    filter: status == \"approved\"\n", "")
            .replace("{ type: sliding, size: 60s }", "{ type: tumbling, size: 1m, fire: early-and-on-close }")
            .replace(">= 5", ">= 2")).factory().create(0, 1);
        send(program, "a-0", 0);
        send(program, "a-1", 10);
        send(program, "a-2", 20);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).contains("\"tx_id\":\"a-1\"", "\"count()\":2");

        program.onTick(Long.MAX_VALUE, 1, publisher);

        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(1)).contains("\"tx_id\":null", "\"count()\":3", "\"window_start\":");
    }

    @Test
    void shouldRefuseEarlyAndOnCloseWhenTheConditionReadsTheEvent()
    {
        assertThatThrownBy(() -> RuleSet.fromSource("both.yaml", VELOCITY
            .replace("{ type: sliding, size: 60s }", "{ type: tumbling, size: 1m, fire: early-and-on-close }")
            .replace("count() >= 5", "count() >= 5 && amount > 1")))
            .hasMessageContaining("both.yaml:6:")
            .hasMessageContaining("only aggregates");
    }

    private void send(final ShardProgram program, final String id, final long seconds)
    {
        tx.clear().id(id).tsMs(RuleHarness.T0 + seconds * 1000).card("card-1").account("acc").merchant("m")
            .mcc(5411).amountMinor(1_000).currency("USD").country("US").channel(Channel.POS)
            .status(TxStatus.APPROVED);
        program.onTransaction(tx, 0, publisher);
    }
}
