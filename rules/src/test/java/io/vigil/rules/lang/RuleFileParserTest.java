package io.vigil.rules.lang;

import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleFileParserTest
{
    private static final String FILE = "rules.yaml";

    @Test
    void shouldReadEveryFieldOfARuleWithItsPosition()
    {
        final RuleFileSpec spec = RuleFileParser.parse(FILE, """
            rules:
              - id: device-spread.v2
                description: one device used by many cards
                version: 2
                key: device
                filter: device != "" && channel == "ecom"
                window:
                  type: hopping
                  size: 1h
                  advance: 10m
                  fire: early
                when: distinct(card) >= 5
                severity: low
                tags: [device, "card sharing"]
                cooldown: 30m
            """);

        assertThat(spec.errors()).isEmpty();
        final RuleSpec rule = spec.rules().get(0);
        assertThat(rule.ordinal()).isZero();
        assertThat(rule.id()).isEqualTo("device-spread.v2");
        assertThat(rule.description()).isEqualTo("one device used by many cards");
        assertThat(rule.version()).isEqualTo(2);
        assertThat(rule.keyType()).isEqualTo(KeyType.DEVICE);
        assertThat(rule.severity()).isEqualTo(Severity.LOW);
        assertThat(rule.tags()).containsExactly("device", "card sharing");
        assertThat(rule.cooldownMs()).isEqualTo(1_800_000);
        assertThat(rule.filter().text()).isEqualTo("device != \"\" && channel == \"ecom\"");
        assertThat(rule.filter().pos()).isEqualTo(new SourcePos(6, 13));
        final WindowSpec window = rule.window();
        assertThat(window.type()).isEqualTo(WindowType.HOPPING);
        assertThat(window.sizeMs()).isEqualTo(3_600_000);
        assertThat(window.advanceMs()).isEqualTo(600_000);
        assertThat(window.gapMs()).isZero();
        assertThat(window.fire()).isEqualTo(FireMode.EARLY);
        assertThat(window.when().text()).isEqualTo("distinct(card) >= 5");
        assertThat(window.pos()).isEqualTo(new SourcePos(8, 7));
        assertThat(rule.sequence()).isNull();
        assertThat(rule.absence()).isNull();
        assertThat(rule.pos()).isEqualTo(new SourcePos(2, 5));
        assertThat(rule.positionOf("severity")).isEqualTo(new SourcePos(13, 15));
        assertThat(rule.positionOf("nothing-here")).isEqualTo(rule.pos());
    }

    @Test
    void shouldApplyTheDefaults()
    {
        final RuleFileSpec spec = RuleFileParser.parse(FILE, """
            rules:
              - id: a
                key: account
                window: { type: tumbling, size: 1d }
                when: sum(amount) > 10000
                severity: medium
              - id: b
                key: ip
                window: { type: session, gap: 30m }
                when: count() > 100
                severity: high
              - id: c
                key: card
                window: { type: sliding, size: 500ms }
                when: count() > 3
                severity: high
            """);

        assertThat(spec.errors()).isEmpty();
        final RuleSpec a = spec.rules().get(0);
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.description()).isEmpty();
        assertThat(a.tags()).isEmpty();
        assertThat(a.cooldownMs()).isZero();
        assertThat(a.filter()).isNull();
        assertThat(a.window().fire()).isEqualTo(FireMode.ON_CLOSE);
        assertThat(a.window().advanceMs()).isEqualTo(86_400_000);
        final RuleSpec b = spec.rules().get(1);
        assertThat(b.window().fire()).isEqualTo(FireMode.ON_CLOSE);
        assertThat(b.window().gapMs()).isEqualTo(1_800_000);
        assertThat(b.window().sizeMs()).isZero();
        assertThat(b.ordinal()).isEqualTo(1);
        final RuleSpec c = spec.rules().get(2);
        assertThat(c.window().fire()).isEqualTo(FireMode.EARLY);
        assertThat(c.window().sizeMs()).isEqualTo(500);
        assertThat(c.window().advanceMs()).isZero();
    }

    @Test
    void shouldReadAnAbsence()
    {
        final CompiledRuleFile file = RulesCheck.load(FILE, """
            rules:
              - id: refund-without-purchase
                key: card
                absence:
                  first: { as: large, filter: amount >= 1000 }
                  then: { filter: status == "declined" }
                  within: 1h
                severity: medium
            """);

        assertThat(file.errors()).isEmpty();
        final CompiledAbsence absence = file.rules().get(0).absence();
        assertThat(absence.firstName()).isEqualTo("large");
        assertThat(absence.thenName()).isEqualTo("then");
        assertThat(absence.withinMs()).isEqualTo(3_600_000);
        assertThat(file.rules().get(0).filter()).isSameAs(io.vigil.rules.expr.TxPredicate.ALWAYS);
        assertThat(RuleSummary.of(file.rules().get(0))).isEqualTo("refund-without-purchase v1 medium by card: " +
            "absence: large not followed by then within 1h");
    }

    @Test
    void shouldPointIntoQuotedAndBlockExpressions()
    {
        final List<RuleError> errors = RulesCheck.check(FILE, """
            rules:
              - id: a
                key: card
                filter: '!(statu == "approved")'
                window: { type: sliding, size: 60s }
                when: |
                  count() >= 5
                    && amout > 10
                severity: high
              - id: b
                key: card
                filter: "stat == \\"approved\\""
                window: { type: sliding, size: 60s }
                when: >
                  count() >= 5 && amout > 10
                severity: high
              - id: c
                key: card
                filter: statuss == "approved"
                  && true
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
            """);

        // exact where the scalar holds the text as written (plain, quoted without escapes, literal block);
        // the scalar's start otherwise (escapes, plain scalars folded over two lines)
        assertThat(errors).extracting(e -> e.line() + ":" + e.column() + " " + e.message().split(";")[0])
            .containsExactly(
                "4:16 unknown field 'statu' (did you mean 'status'?)",
                "8:12 unknown field 'amout' (did you mean 'amount'?)",
                "12:13 unknown field 'stat'",
                "15:23 unknown field 'amout' (did you mean 'amount'?)",
                "19:13 unknown field 'statuss' (did you mean 'status'?)");
    }

    @Test
    void shouldRejectWhenWithinAndAbsenceMistakes()
    {
        final List<RuleError> errors = RulesCheck.check(FILE, """
            rules:
              - id: a
                key: card
                when: count() > 1
                within: 5m
                severity: high
              - id: b
                key: card
                absence: { first: { as: x, times: 2 }, within: 0s }
                within: 5m
                severity: high
            """);

        assertThat(errors).extracting(RuleError::toString).containsExactly(
            "rules.yaml:2:5: rule 'a' has no pattern: expected a window (with when), a sequence (with within) or an " +
                "absence",
            "rules.yaml:4:5: when belongs to a window rule: expected a window: with it",
            "rules.yaml:5:5: within belongs to a sequence: expected a sequence: with it",
            "rules.yaml:9:14: absence: missing required key 'then' (the event whose absence fires the rule)",
            "rules.yaml:9:32: unknown key 'times' in absence first; known keys: as, filter, event",
            "rules.yaml:9:52: expected a positive duration such as 60s, found '0s'",
            "rules.yaml:10:5: within belongs to a sequence: an absence takes its within inside absence: { ... }");
    }

    @Test
    void shouldRejectMistakesInTheFileStructure()
    {
        assertThat(RulesCheck.check(FILE, "")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:1:1: expected a mapping with a 'rules' list, found an empty file");
        assertThat(RulesCheck.check(FILE, "- id: a\n")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:1:1: expected a mapping with a 'rules' list at the top of the file, found a " +
                "list");
        assertThat(RulesCheck.check(FILE, "version: 1\n")).extracting(RuleError::toString).containsExactly(
            "rules.yaml:1:1: unknown key 'version' in the file (top level); known keys: rules",
            "rules.yaml:1:1: missing required key 'rules': expected a list of rules at the top level");
        assertThat(RulesCheck.check(FILE, "rules: []\n")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:1:8: expected at least one rule in 'rules', found an empty list");
        assertThat(RulesCheck.check(FILE, "rules:\n  id: a\n")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:2:3: expected a list of rules (each starting with -), found a mapping");
        assertThat(RulesCheck.check(FILE, "rules:\n  - card-velocity\n")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:2:5: expected a rule (a mapping with id, key, severity, ...), found " +
                "'card-velocity'");
        assertThat(RulesCheck.check(FILE, "rules: []\n---\nrules: []\n")).extracting(RuleError::toString)
            .containsExactly("rules.yaml:1:8: expected at least one rule in 'rules', found an empty list",
                "rules.yaml:3:1: a rule file holds one YAML document: expected the end of the file, found a second " +
                "document");
    }

    @Test
    void shouldRejectDuplicateKeysTagsAndAliases()
    {
        final List<RuleError> errors = RulesCheck.check(FILE, """
            rules:
              - id: a
                key: card
                window: &w { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
                severity: low
              - id: b
                key: card
                window: *w
                when: count() >= 5
                filter: !status
                severity: high
                version: 0
            """);

        assertThat(errors).extracting(RuleError::toString).containsExactly(
            "rules.yaml:7:5: duplicate key 'severity': expected each key once, found it already at 6:5",
            "rules.yaml:10:13: YAML aliases (*w) are not supported in rule files: write the value out",
            "rules.yaml:12:13: a value starting with '!' is a YAML tag (!status): put the value in single quotes, " +
                "e.g. filter: '!(status == \"approved\")'",
            "rules.yaml:14:14: expected a version number of at least 1, found 0");
    }

    @Test
    void shouldHintAtQuotingWhenAnExpressionBreaksTheYaml()
    {
        assertThat(RulesCheck.check(FILE, """
            rules:
              - id: a
                key: card
                filter: !(amount > 5)
            """)).extracting(RuleError::toString).singleElement().asString()
            .startsWith("rules.yaml:4:")
            .contains("YAML syntax error")
            .endsWith("a value that starts with '!' means something else in YAML: put it in single quotes");
    }
}
