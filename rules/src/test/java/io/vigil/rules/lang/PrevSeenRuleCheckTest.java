package io.vigil.rules.lang;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrevSeenRuleCheckTest
{
    private static final String FILE = "rules.yaml";

    @Test
    void shouldAcceptPrevAndSeenInASlidingWindow()
    {
        assertThat(RulesCheck.check(FILE, rule("{ type: sliding, size: 1h }",
            "count() >= 5 && seen(country) == 0 && ts - prev(ts) > 60000"))).isEmpty();
    }

    @Test
    void shouldRejectPrevAndSeenInOtherWindowsAtTheirPlace()
    {
        assertThat(RulesCheck.check(FILE, rule("{ type: tumbling, size: 1h }", "count() >= 5 && seen(country) == 0")))
            .containsExactly(new RuleError(FILE, 5, 27, "seen() reads the key's earlier events one by one, which " +
                "only a sliding window keeps: expected it in the when of a sliding window, found a tumbling window"));
        assertThat(RulesCheck.check(FILE, rule("{ type: hopping, size: 1h, advance: 10m, fire: early }",
            "prev(ts) > 0")))
            .containsExactly(new RuleError(FILE, 5, 11, "prev() reads the key's earlier events one by one, which " +
                "only a sliding window keeps: expected it in the when of a sliding window, found a hopping window"));
    }

    @Test
    void shouldStillReportTheWindowTypeWhenTheRuleHasOtherErrors()
    {
        assertThat(RulesCheck.check(FILE, rule("{ type: session, gap: 30m }", "prev(ts) > 0")
            .replace("severity: high", "severity: urgent")))
            .containsExactly(
                new RuleError(FILE, 5, 11, "prev() reads the key's earlier events one by one, which only a sliding " +
                    "window keeps: expected it in the when of a sliding window, found a session window"),
                new RuleError(FILE, 6, 15, "unknown severity 'urgent': expected one of low, medium, high, critical"));
    }

    private static String rule(final String window, final String when)
    {
        return """
            rules:
              - id: a
                key: card
                window: %s
                when: %s
                severity: high
            """.formatted(window, when);
    }
}
