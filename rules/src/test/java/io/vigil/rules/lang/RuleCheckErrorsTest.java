package io.vigil.rules.lang;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per kind of mistake in a rule file: each asserts the line, the column and the message.
 */
class RuleCheckErrorsTest
{
    private static final String FILE = "rules.yaml";

    @Test
    void shouldRejectAnUnknownTopLevelKey()
    {
        assertErrors("""
            rules:
              - id: a
                key: card
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
            rulez: []
            """, error(7, 1, "unknown key 'rulez' in the file (top level) (did you mean 'rules'?); known keys: rules"));
    }

    @Test
    void shouldRejectAnUnknownRuleKeyListingTheKnownKeys()
    {
        assertErrors(ruleWith("severity: high", "severty: high"), error(2, 5,
            "rule 'a': missing required key 'severity' " +
            "(low, medium, high or critical)"), error(6, 5, "unknown key 'severty' in a rule (did you mean " +
            "'severity'?); known keys: id, description, version, key, filter, window, when, sequence, within, " +
            "absence, severity, tags, cooldown"));
    }

    @Test
    void shouldRejectARuleWithoutId()
    {
        assertErrors("""
            rules:
              - key: card
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
            """, error(2, 5, "missing required key 'id': every rule needs an id such as card-velocity-60s"));
    }

    @Test
    void shouldRejectADuplicateId()
    {
        assertErrors("""
            rules:
              - id: velocity
                key: card
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
              - id: velocity
                key: card
                window: { type: sliding, size: 60s }
                when: count() >= 9
                severity: critical
            """, error(7, 9, "duplicate rule id 'velocity': expected ids unique in the file, found it already at 2:9"));
    }

    @Test
    void shouldRejectABadId()
    {
        assertErrors(ruleWith("id: a", "id: Card Velocity"), error(2, 9, "bad rule id 'Card Velocity': expected " +
            "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters"));
    }

    @Test
    void shouldRejectAnUnknownKeyType()
    {
        assertErrors(ruleWith("key: card", "key: cards"), error(3, 10,
            "unknown key type 'cards' (did you mean 'card'?): expected one of card, account, merchant, device, ip"));
    }

    @Test
    void shouldRejectAnUnknownSeverity()
    {
        assertErrors(ruleWith("severity: high", "severity: urgent"), error(6, 15,
            "unknown severity 'urgent': expected one of low, medium, high, critical"));
    }

    @Test
    void shouldRejectAMissingSeverity()
    {
        assertErrors(ruleWith("    severity: high\n", ""), error(2, 5,
            "rule 'a': missing required key 'severity' (low, medium, high or critical)"));
    }

    @Test
    void shouldRejectAStringWhereAListBelongs()
    {
        assertErrors(rule("    tags: velocity\n"), error(7, 11,
            "expected a list of tags such as [velocity, card], found 'velocity'"));
    }

    @Test
    void shouldRejectABadDuration()
    {
        assertErrors(rule("    cooldown: 5 minutes\n"), error(7, 15,
            "expected a duration such as 60s (a whole number and ms, s, m, h or d), found '5 minutes'"));
        assertErrors(rule("    cooldown: 300\n"), error(7, 15,
            "expected a duration such as 60s, found the number 300 without a unit: add ms, s, m, h or d"));
        assertErrors(rule("    cooldown: [5m]\n"), error(7, 15, "expected a duration such as 60s, found a list"));
        assertErrors(ruleWith("size: 60s", "size: 0s"), error(4, 36,
            "expected a positive duration such as 60s, found '0s'"));
    }

    @Test
    void shouldRejectAnUnknownWindowType()
    {
        assertErrors(ruleWith("type: sliding", "type: rolling"), error(4, 21,
            "unknown window type 'rolling': expected one of sliding, tumbling, hopping, session"));
    }

    @Test
    void shouldRejectAHoppingWindowWhoseAdvanceIsLargerThanItsSize()
    {
        assertErrors(ruleWith("{ type: sliding, size: 60s }", "{ type: hopping, size: 1m, advance: 5m }"),
            error(4, 49, "window size 1m is smaller than its advance 5m: expected advance <= size, or events " +
                "between windows are never counted"));
    }

    @Test
    void shouldRejectAHoppingWindowWhoseSizeIsNotAWholeNumberOfAdvances()
    {
        assertErrors(ruleWith("{ type: sliding, size: 60s }", "{ type: hopping, size: 5m, advance: 2m }"),
            error(4, 49, "hopping window of size 5m and advance 2m: expected a size that is a whole multiple of " +
                "the advance, at most 64 times it (each event belongs to size/advance windows)"));
        assertErrors(ruleWith("{ type: sliding, size: 60s }", "{ type: hopping, size: 1h, advance: 10s }"),
            error(4, 49, "hopping window of size 1h and advance 10s: expected a size that is a whole multiple of " +
                "the advance, at most 64 times it (each event belongs to size/advance windows)"));
    }

    @Test
    void shouldRejectASessionWindowWithoutGap()
    {
        assertErrors(ruleWith("{ type: sliding, size: 60s }", "{ type: session }"),
            error(4, 13, "a session window needs a gap: add gap: 30m (the quiet time that ends a session)"));
    }

    @Test
    void shouldRejectASlidingWindowThatFiresOnClose()
    {
        assertErrors(ruleWith("size: 60s }", "size: 60s, fire: on-close }"), error(4, 47,
            "a sliding window fires early only, on the event that makes when true: expected fire: early, found " +
            "on-close (a tumbling or hopping window can fire on close)"));
    }

    @Test
    void shouldRejectAWindowWithoutWhen()
    {
        assertErrors(ruleWith("    when: count() >= 5\n", ""), error(4, 5,
            "a window needs a condition: expected when: beside it, such as when: count() >= 5"));
    }

    @Test
    void shouldRejectASequenceWithoutWithin()
    {
        assertErrors("""
            rules:
              - id: card-testing
                key: card
                sequence:
                  - { as: probe, filter: amount < 2.00, times: 3+ }
                  - { as: hit, filter: amount >= 500.00 }
                severity: critical
            """, error(4, 5, "a sequence needs a time bound: add within: 10m"));
    }

    @Test
    void shouldRejectASequenceWithOneStep()
    {
        assertErrors(sequence("      - { as: probe, filter: amount < 2.00, times: 3+ }\n"), error(5, 7,
            "a sequence needs at least 2 steps, found 1 (for one kind of event, use a window with count())"));
    }

    @Test
    void shouldRejectABadRepeatCount()
    {
        assertErrors(sequence("""
                  - { as: probe, filter: amount < 2.00, times: 3++ }
                  - { as: hit, filter: amount >= 500.00 }
            """), error(5, 52, "expected a repeat count such as 3 (exactly 3) or 3+ (3 or more), from 1 to 9999, " +
            "found '3++'"));
    }

    @Test
    void shouldRejectADuplicateStepName()
    {
        assertErrors(sequence("""
                  - { as: probe, filter: amount < 2.00, times: 3+ }
                  - { as: probe, filter: amount >= 500.00 }
            """), error(6, 15, "duplicate step name 'probe': expected names unique in the pattern, found it " +
            "already at 5:15"));
    }

    @Test
    void shouldRejectARuleWithBothWindowAndSequence()
    {
        assertErrors("""
            rules:
              - id: a
                key: card
                window: { type: sliding, size: 60s }
                when: count() >= 5
                sequence:
                  - { as: probe, filter: amount < 2.00 }
                  - { as: hit, filter: amount >= 500.00 }
                within: 10m
                severity: high
            """, error(6, 5, "rule 'a' has more than one pattern: expected one of window, sequence or absence, " +
            "found both window (at 4:5) and sequence"));
    }

    @Test
    void shouldRejectAnUnknownFieldInAnExpressionAtItsColumn()
    {
        assertErrors(ruleWith("key: card", "key: card\n    filter: status == \"approved\" && amout > 5"),
            error(4, 37, "unknown field 'amout' (did you mean 'amount'?); known fields: id, card, account, merchant, " +
                "device, ip, currency, country, channel, status, amount, ts, mcc, lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk"));
    }

    @Test
    void shouldRejectAnUnknownAggregate()
    {
        assertErrors(ruleWith("when: count() >= 5", "when: count() >= 5 && median(amount) > 10"), error(5, 27,
            "unknown function 'median'; known aggregates: count, sum, min, max, avg, distinct, ratio, prev, seen; " +
            "scalar functions: distance_km(lat1, lon1, lat2, lon2), max(a, b), min(a, b)"));
    }

    @Test
    void shouldRejectAnAggregateInAFilter()
    {
        assertErrors(ruleWith("key: card", "key: card\n    filter: sum(amount) > 100"), error(4, 13,
            "aggregate sum() is not allowed in a filter: a filter tests one event; aggregates belong in a window's " +
            "when"));
    }

    @Test
    void shouldRejectComparingAStringWithANumber()
    {
        assertErrors(ruleWith("key: card", "key: card\n    filter: 'status == 1'"), error(4, 24,
            "cannot compare a string with a number using '==': expected a string, found the number 1"));
    }

    @Test
    void shouldRejectAnUnexpectedTokenAtItsColumn()
    {
        assertErrors(ruleWith("when: count() >= 5", "when: count() >= >= 5"), error(5, 22,
            "expected a value (a field, number, string, function call or '('), found '>='"));
    }

    @Test
    void shouldRejectAnUnterminatedString()
    {
        assertErrors(ruleWith("key: card", "key: card\n    filter: status == \"approved"), error(4, 23,
            "unterminated string: expected a closing '\"' before the end of the expression"));
    }

    @Test
    void shouldRejectAnEventFieldInTheWhenOfAnOnCloseWindow()
    {
        assertErrors(ruleWith("{ type: sliding, size: 60s }", "{ type: tumbling, size: 5m }")
            .replace("when: count() >= 5", "when: count() >= 5 && amount > 100"), error(5, 27,
            "when of an on-close window may use only aggregates: expected an aggregate such as count() or " +
            "sum(amount), found the event field 'amount' (there is no current event when a window closes)"));
    }

    @Test
    void shouldRejectAYamlSyntaxError()
    {
        assertErrors("""
            rules:
              - id: a
                key: card
               severity: high
            """, error(4, 4, "YAML syntax error: expected <block end>, but found '<block mapping start>' " +
            "(while parsing a block collection that starts at 2:3)"));
    }

    @Test
    void shouldReportEveryErrorOfAFileInFileOrder()
    {
        final List<RuleError> errors = RulesCheck.check(FILE, """
            rules:
              - id: card-velocity
                key: cards
                filter: status == "aproved"
                window: { type: sliding, size: 60 }
                when: count() >= 5
                severity: high
              - id: ok-rule
                key: card
                window: { type: hopping, size: 1m, advance: 5m }
                when: count() >= 5 && amount > 1
                severity: medium
              - id: merchant-burst
                key: merchant
                window: { type: tumbling, size: 5m }
                when: count() >= 20 && ratio(status == "declined") > 0.5 && avg(mcc) > 5000
                severity: low
                cooldwn: 5m
              - id: testing
                key: card
                sequence:
                  - { as: probe, filter: amount < 2.00 }
                  - { as: hit, filter: amount >= 500.00 && country == "germany" }
                within: 10m
                severity: critical
            """);

        assertThat(errors).extracting(RuleError::toString).containsExactly(
            "rules.yaml:3:10: unknown key type 'cards' (did you mean 'card'?): expected one of card, account, " +
                "merchant, device, ip",
            "rules.yaml:4:23: unknown status \"aproved\": expected one of \"approved\", \"declined\"",
            "rules.yaml:5:36: expected a duration such as 60s, found the number 60 without a unit: add ms, s, m, h " +
                "or d",
            "rules.yaml:10:49: window size 1m is smaller than its advance 5m: expected advance <= size, or events " +
                "between windows are never counted",
            "rules.yaml:11:27: when of an on-close window may use only aggregates: expected an aggregate such as " +
                "count() or sum(amount), found the event field 'amount' (there is no current event when a window " +
                "closes)",
            "rules.yaml:18:5: unknown key 'cooldwn' in a rule (did you mean 'cooldown'?); known keys: id, " +
                "description, version, key, filter, window, when, sequence, within, absence, severity, tags, cooldown",
            "rules.yaml:23:59: expected a country code of two upper-case letters such as \"DE\", found \"germany\"");
    }

    private static RuleError error(final int line, final int column, final String message)
    {
        return new RuleError(FILE, line, column, message);
    }

    private static void assertErrors(final String yaml, final RuleError... expected)
    {
        assertThat(RulesCheck.check(FILE, yaml)).containsExactly(expected);
    }

    /** A valid sliding-window rule (lines 2-6), plus extra lines at the end (line 7 on). */
    private static String rule(final String extra)
    {
        return """
            rules:
              - id: a
                key: card
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
            """ + extra;
    }

    /** The valid rule with one piece of text replaced. */
    private static String ruleWith(final String text, final String replacement)
    {
        final String yaml = rule("");
        assertThat(yaml).contains(text);
        return yaml.replace(text, replacement);
    }

    /** A valid sequence rule's first lines; the steps start on line 5. */
    private static String sequence(final String steps)
    {
        return """
            rules:
              - id: card-testing
                key: card
                sequence:
            """ + steps + """
                within: 10m
                severity: critical
            """;
    }
}
