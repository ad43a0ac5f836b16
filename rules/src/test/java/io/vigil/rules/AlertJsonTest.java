package io.vigil.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.rules.pack.DefaultRules;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AlertJsonTest
{
    @Test
    void shouldWriteAlertJsonThatParsesWithEveryField()
    {
        final RuleHarness harness = new RuleHarness();
        harness.approved("p1", T0, "card-\"7\"", 100).approved("p2", T0 + 1, "card-\"7\"", 100)
            .approved("p3", T0 + 2, "card-\"7\"", 100).approved("p4", T0 + 3, "card-\"7\"", 100)
            .approved("h1", T0 + 4, "card-\"7\"", 300_000);
        assertThat(harness.alerts()).hasSize(3);

        for (final CapturedAlert alert : harness.alerts())
        {
            final JsonNode json = alert.node();
            assertThat(json.fieldNames()).toIterable().containsExactly("alert_id", "rule", "rule_version",
                "severity", "key_type", "key", "tx_id", "event_time", "event_time_ms", "details");
            assertThat(json.get("alert_id").asText()).matches("[0-9a-f]{32}");
            assertThat(json.get("rule_version").asInt()).isEqualTo(1);
            assertThat(json.get("key_type").asText()).isEqualTo("card");
            assertThat(json.get("key").asText()).isEqualTo("card-\"7\"");
            assertThat(json.get("tx_id").asText()).isEqualTo("h1");
            assertThat(json.get("event_time").asText()).isEqualTo("2026-01-05T00:00:00.004Z");
            assertThat(json.get("event_time_ms").asLong()).isEqualTo(T0 + 4);
            assertThat(json.get("details").isObject()).isTrue();
        }
        assertThat(harness.alerts()).extracting(a -> a.node().get("rule").asText() + "/" +
            a.node().get("severity").asText())
            .containsExactly("card-velocity-60s/high", "card-amount-sum-1h/medium", "card-testing/critical");
        assertThat(harness.alerts().get(1).details().get("sum").isTextual()).isTrue();
        assertThat(harness.alerts().get(2).details().get("hit_amount").asText()).isEqualTo("3000.00");
    }

    @Test
    void shouldGiveTheSameAlertIdsWhateverTheShardCount()
    {
        final List<Tx> stream = RuleProgramTest.randomStream(new Random(7), 20, 2_000);
        final List<String> one = ids(new RuleHarness(DefaultRules.factory(), 1).sendAll(stream));
        final List<String> again = ids(new RuleHarness(DefaultRules.factory(), 1).sendAll(stream));
        final List<String> three = ids(new RuleHarness(DefaultRules.factory(), 3).sendAll(stream));

        assertThat(one).isNotEmpty().doesNotHaveDuplicates();
        assertThat(again).isEqualTo(one);
        assertThat(three).containsExactlyInAnyOrderElementsOf(one);
    }

    private static List<String> ids(final RuleHarness harness)
    {
        return harness.alerts().stream().map(a -> a.node().get("alert_id").asText()).collect(Collectors.toList());
    }
}
