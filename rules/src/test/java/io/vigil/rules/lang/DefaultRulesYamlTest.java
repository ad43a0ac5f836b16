package io.vigil.rules.lang;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.KeyType;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.pack.DefaultRules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultRulesYamlTest
{
    @Test
    void shouldCompileTheDefaultPackWrittenInYamlWithoutErrors() throws IOException
    {
        final CompiledRuleFile file = RulesCheck.load("default-rules.yaml", resource("default-rules.yaml"));

        assertThat(file.errors()).isEmpty();
        final List<CompiledRuleSpec> rules = file.requireValid();
        assertThat(rules).hasSize(3);
        for (int i = 0; i < 3; i++)
        {
            final RuleRef expected = DefaultRules.ruleRefs().get(i);
            final RuleRef actual = rules.get(i).ref();
            assertThat(actual.ordinal()).isEqualTo(expected.ordinal());
            assertThat(actual.id()).isEqualTo(expected.id());
            assertThat(actual.version()).isEqualTo(expected.version());
            assertThat(actual.severity()).isEqualTo(expected.severity());
            assertThat(actual.keyType()).isEqualTo(KeyType.CARD);
        }

        final CompiledWindow velocity = rules.get(0).window();
        assertThat(velocity.type()).isEqualTo(WindowType.SLIDING);
        assertThat(velocity.sizeMs()).isEqualTo(60_000);
        assertThat(velocity.fire()).isEqualTo(FireMode.EARLY);
        assertThat(velocity.aggregates()).singleElement()
            .satisfies(a -> assertThat(a.kind()).isEqualTo(AggregateKind.COUNT));
        assertThat(rules.get(0).cooldownMs()).isEqualTo(300_000);
        assertThat(rules.get(0).filterText()).isEqualTo("status == \"approved\"");

        final CompiledWindow sum = rules.get(1).window();
        assertThat(sum.sizeMs()).isEqualTo(3_600_000);
        assertThat(sum.aggregates()).singleElement()
            .satisfies(a -> assertThat(a.text()).isEqualTo("sum(amount)"));
        assertThat(sum.condition().test(null, i -> 3000.00)).isTrue();
        assertThat(sum.condition().test(null, i -> 2999.99)).isFalse();

        final CompiledSequence testing = rules.get(2).sequence();
        assertThat(testing.withinMs()).isEqualTo(600_000);
        assertThat(testing.steps()).extracting(CompiledStep::name).containsExactly("probe", "hit");
        assertThat(testing.steps().get(0).minTimes()).isEqualTo(3);
        assertThat(testing.steps().get(0).orMore()).isTrue();
        assertThat(testing.steps().get(1).minTimes()).isEqualTo(1);
        assertThat(testing.steps().get(1).orMore()).isFalse();
        assertThat(rules.get(2).cooldownMs()).isEqualTo(600_000);
        assertThat(rules.get(2).tags()).containsExactly("card-testing");
    }

    @Test
    void shouldCompileTheExampleOfTheRuleLanguageIssue() throws IOException
    {
        final CompiledRuleFile file = RulesCheck.load("issue-example.yaml", resource("issue-example.yaml"));

        assertThat(file.errors()).isEmpty();
        assertThat(file.rules()).extracting(r -> r.ref().id())
            .containsExactly("card-velocity-60s", "merchant-decline-burst", "card-testing");
        final CompiledWindow burst = file.rules().get(1).window();
        assertThat(burst.type()).isEqualTo(WindowType.TUMBLING);
        assertThat(burst.fire()).isEqualTo(FireMode.ON_CLOSE);
        assertThat(burst.sizeMs()).isEqualTo(300_000);
        assertThat(burst.advanceMs()).isEqualTo(300_000);
        assertThat(burst.aggregates()).extracting(a -> a.kind())
            .containsExactly(AggregateKind.COUNT, AggregateKind.RATIO);
        assertThat(file.rules().get(1).keyType()).isEqualTo(KeyType.MERCHANT);
        assertThat(file.rules().get(1).cooldownMs()).isZero();
        assertThat(RuleSummary.of(file.rules().get(1))).isEqualTo("merchant-decline-burst v1 medium by merchant: " +
            "5m tumbling window, fires on-close, when count() >= 20 && ratio(status == \"declined\") > 0.5");
        assertThat(RuleSummary.of(file.rules().get(2))).isEqualTo("card-testing v1 critical by card: " +
            "sequence probe x3+ then hit within 10m");
        assertThat(RuleSummary.of(file.rules().get(0))).isEqualTo("card-velocity-60s v1 high by card: " +
            "1m sliding window, when count() >= 5; filter status == \"approved\"; cooldown 5m");
    }

    static String resource(final String name) throws IOException
    {
        try (InputStream in = DefaultRulesYamlTest.class.getResourceAsStream(name))
        {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
