package io.vigil.rules.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.alert.RuleRef;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.expr.TxPredicate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.pattern.PatternFixtures.MINUTE;
import static io.vigil.rules.pattern.PatternFixtures.SECOND;
import static io.vigil.rules.pattern.PatternFixtures.amountIs;
import static io.vigil.rules.pattern.PatternFixtures.atLeast;
import static io.vigil.rules.pattern.PatternFixtures.below;
import static io.vigil.rules.pattern.PatternFixtures.fired;
import static io.vigil.rules.pattern.PatternFixtures.firedTxIds;
import static io.vigil.rules.pattern.PatternFixtures.harness;
import static io.vigil.rules.pattern.PatternFixtures.ids;
import static io.vigil.rules.pattern.PatternFixtures.lateTxIds;
import static io.vigil.rules.pattern.PatternFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepSequenceRuleTest
{
    private static final RuleRef CARD_TESTING = ref(0, "card-testing");
    private static final long WITHIN_MS = 10 * MINUTE;
    private static final long PROBE = 150;
    private static final long HIT = 60_000;
    private static final long NORMAL = 2_500;

    /** The example: 3+ probes under 2.00, then a hit of 500.00 or more, within 10 minutes. */
    private static StepSequenceRule cardTesting(final long cooldownMs)
    {
        return new StepSequenceRule(CARD_TESTING, TxPredicate.ALWAYS, List.of(
            new SequenceStep("probe", below(200), 3, true),
            SequenceStep.once("hit", atLeast(50_000))), WITHIN_MS, cooldownMs);
    }

    @Test
    void shouldFireOnTheHitAfterThreeProbesWithinTheBound()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p1", T0, "c1", PROBE).approved("p2", T0 + MINUTE, "c1", PROBE)
            .approved("p3", T0 + 2 * MINUTE, "c1", PROBE);
        assertThat(fired(h, "card-testing")).isEmpty();

        h.approved("h1", T0 + 3 * MINUTE, "c1", HIT);

        assertThat(firedTxIds(h, "card-testing")).containsExactly("h1");
        final JsonNode d = fired(h, "card-testing").get(0).details();
        assertThat(d.toString()).isEqualTo("{\"probe_count\":3,\"probe_tx_ids\":[\"p1\",\"p2\",\"p3\"]," +
            "\"probe_tx_ids_omitted\":0,\"hit_count\":1,\"hit_tx_ids\":[\"h1\"],\"hit_tx_ids_omitted\":0," +
            "\"hit_amount\":\"600.00\"}");
        assertThat(fired(h, "card-testing").get(0).eventTimeMs()).isEqualTo(T0 + 3 * MINUTE);
    }

    @Test
    void shouldNotFireWithTwoProbesOrWithoutAHit()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p1", T0, "c1", PROBE).approved("p2", T0 + MINUTE, "c1", PROBE)
            .approved("h1", T0 + 2 * MINUTE, "c1", HIT)
            .approved("p3", T0 + 3 * MINUTE, "c1", PROBE).approved("x", T0 + 4 * MINUTE, "c1", 49_999);
        assertThat(fired(h, "card-testing")).isEmpty();
    }

    @Test
    void shouldLeaveOutAProbeExactlyWithinBeforeTheHit()
    {
        final RuleHarness edge = harness(0, cardTesting(0));
        edge.approved("p1", T0, "c1", PROBE).approved("p2", T0 + MINUTE, "c1", PROBE)
            .approved("p3", T0 + 2 * MINUTE, "c1", PROBE).approved("h1", T0 + WITHIN_MS, "c1", HIT);
        assertThat(fired(edge, "card-testing")).as("p1 is exactly 10 minutes old").isEmpty();

        final RuleHarness inside = harness(0, cardTesting(0));
        inside.approved("p1", T0 + 1, "c1", PROBE).approved("p2", T0 + MINUTE, "c1", PROBE)
            .approved("p3", T0 + 2 * MINUTE, "c1", PROBE).approved("h1", T0 + WITHIN_MS, "c1", HIT);
        assertThat(firedTxIds(inside, "card-testing")).containsExactly("h1");
    }

    @Test
    void shouldAllowOtherEventsBetweenSteps()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p1", T0, "c1", PROBE).approved("n1", T0 + 1, "c1", NORMAL)
            .approved("p2", T0 + 2, "c1", PROBE).declined("n2", T0 + 3, "c1", NORMAL)
            .approved("p3", T0 + 4, "c2", PROBE).approved("p4", T0 + 5, "c1", PROBE)
            .approved("n3", T0 + 6, "c1", NORMAL).approved("h1", T0 + 7, "c1", HIT);
        assertThat(firedTxIds(h, "card-testing")).containsExactly("h1");
        assertThat(ids(fired(h, "card-testing").get(0).details().get("probe_tx_ids")))
            .as("p3 is another card's").containsExactly("p1", "p2", "p4");
    }

    @Test
    void shouldReportEveryProbeOfTheBoundForOrMoreAndCapTheList()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p-old", T0, "c1", PROBE);
        for (int i = 0; i < 40; i++)
        {
            h.approved(String.format("p%02d", i), T0 + 5 * MINUTE + i * SECOND, "c1", PROBE);
        }
        h.approved("h1", T0 + WITHIN_MS + 1, "c1", HIT);

        final JsonNode d = fired(h, "card-testing").get(0).details();
        assertThat(d.get("probe_count").asLong()).as("p-old is out of the bound").isEqualTo(40);
        assertThat(ids(d.get("probe_tx_ids"))).hasSize(32).startsWith("p00").endsWith("p31");
        assertThat(d.get("probe_tx_ids_omitted").asLong()).isEqualTo(8);
    }

    @Test
    void shouldUseExactlyTheLatestEventsOfAnExactStep()
    {
        final StepSequenceRule exactlyTwo = new StepSequenceRule(CARD_TESTING, TxPredicate.ALWAYS, List.of(
            new SequenceStep("probe", below(200), 2, false),
            SequenceStep.once("hit", atLeast(50_000))), WITHIN_MS, 0);
        final RuleHarness h = harness(0, exactlyTwo);
        h.approved("p1", T0, "c1", PROBE).approved("p2", T0 + 1, "c1", PROBE)
            .approved("p3", T0 + 2, "c1", PROBE).approved("p4", T0 + 3, "c1", PROBE)
            .approved("h1", T0 + 4, "c1", HIT);

        assertThat(firedTxIds(h, "card-testing")).as("4 probes contain a match of exactly 2").containsExactly("h1");
        final JsonNode d = fired(h, "card-testing").get(0).details();
        assertThat(d.get("probe_count").asLong()).isEqualTo(2);
        assertThat(ids(d.get("probe_tx_ids"))).containsExactly("p3", "p4");
    }

    @Test
    void shouldNeedStepsInReferenceOrder()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("h0", T0, "c1", HIT).approved("p1", T0 + 1, "c1", PROBE).approved("p2", T0 + 2, "c1", PROBE)
            .approved("h1", T0 + 3, "c1", HIT).approved("b", T0 + 4, "c1", PROBE)
            .approved("a", T0 + 4, "c1", HIT);
        assertThat(fired(h, "card-testing")).as("same time: probe b sorts after hit a").isEmpty();

        h.approved("c", T0 + 4, "c1", HIT);
        assertThat(firedTxIds(h, "card-testing")).containsExactly("c");
    }

    @Test
    void shouldMatchThreeStepsWithRepeatsBetweenThePreviousAndNextStep()
    {
        final RuleRef ref = ref(0, "takeover");
        final StepSequenceRule rule = new StepSequenceRule(ref, TxPredicate.ALWAYS, List.of(
            SequenceStep.once("reset", amountIs(300)),
            new SequenceStep("probe", below(200), 2, true),
            SequenceStep.once("cashout", atLeast(50_000))), WITHIN_MS, 0);
        final RuleHarness h = harness(0, rule);
        h.approved("r1", T0, "c1", 300).approved("p1", T0 + 1, "c1", PROBE).approved("r2", T0 + 2, "c1", 300)
            .approved("p2", T0 + 3, "c1", PROBE).approved("h0", T0 + 4, "c1", HIT)
            .approved("p3", T0 + 5, "c1", PROBE).approved("h1", T0 + 6, "c1", HIT);

        assertThat(firedTxIds(h, "takeover")).as("h0: only one probe after r2, but r1 p1 p2 h0 matches")
            .containsExactly("h0", "h1");
        final JsonNode first = fired(h, "takeover").get(0).details();
        assertThat(ids(first.get("reset_tx_ids"))).containsExactly("r1");
        assertThat(ids(first.get("probe_tx_ids"))).containsExactly("p1", "p2");
        final JsonNode second = fired(h, "takeover").get(1).details();
        assertThat(ids(second.get("reset_tx_ids"))).as("the latest start that fits").containsExactly("r2");
        assertThat(ids(second.get("probe_tx_ids"))).as("probes after r2 only").containsExactly("p2", "p3");
        assertThat(second.get("cashout_amount").asText()).isEqualTo("600.00");
    }

    @Test
    void shouldPickTheLatestStartSoTheMatchFitsTheBound()
    {
        final RuleRef ref = ref(0, "two-step");
        final StepSequenceRule rule = new StepSequenceRule(ref, TxPredicate.ALWAYS, List.of(
            SequenceStep.once("a", amountIs(1)), SequenceStep.once("b", amountIs(2))), WITHIN_MS, 0);
        final RuleHarness h = harness(0, rule);
        h.approved("a1", T0, "c1", 1).approved("a2", T0 + 5 * MINUTE, "c1", 1)
            .approved("b1", T0 + 12 * MINUTE, "c1", 2);
        assertThat(firedTxIds(h, "two-step")).containsExactly("b1");
        assertThat(ids(fired(h, "two-step").get(0).details().get("a_tx_ids"))).containsExactly("a2");
    }

    @Test
    void shouldUseEachEventForOneStepOnly()
    {
        final RuleRef ref = ref(0, "twice-small");
        final StepSequenceRule rule = new StepSequenceRule(ref, TxPredicate.ALWAYS, List.of(
            SequenceStep.once("first", below(200)), SequenceStep.once("second", below(200))), WITHIN_MS, 0);
        final RuleHarness h = harness(0, rule);
        h.approved("s1", T0, "c1", PROBE);
        assertThat(fired(h, "twice-small")).isEmpty();
        h.approved("s2", T0 + 1, "c1", PROBE);
        assertThat(firedTxIds(h, "twice-small")).containsExactly("s2");
        assertThat(fired(h, "twice-small").get(0).details().get("first_tx_ids").toString()).isEqualTo("[\"s1\"]");
    }

    @Test
    void shouldFireOnEveryHitWithoutCooldownAndSuppressWithinCooldown()
    {
        final RuleHarness free = harness(0, cardTesting(0));
        final RuleHarness cooled = harness(0, cardTesting(WITHIN_MS));
        for (final RuleHarness h : List.of(free, cooled))
        {
            h.approved("p1", T0, "c1", PROBE).approved("p2", T0 + 1, "c1", PROBE).approved("p3", T0 + 2, "c1", PROBE)
                .approved("h1", T0 + 3, "c1", HIT).approved("h2", T0 + 4, "c1", HIT)
                .approved("p4", T0 + WITHIN_MS - 3, "c1", PROBE).approved("p5", T0 + WITHIN_MS - 2, "c1", PROBE)
                .approved("p6", T0 + WITHIN_MS - 1, "c1", PROBE)
                .approved("h3", T0 + WITHIN_MS + 2, "c1", HIT).approved("h4", T0 + WITHIN_MS + 3, "c1", HIT);
        }
        assertThat(firedTxIds(free, "card-testing")).as("probes are not consumed").containsExactly(
            "h1", "h2", "h3", "h4");
        assertThat(firedTxIds(cooled, "card-testing")).as("h3 is 1 ms short of h1 + cooldown")
            .containsExactly("h1", "h4");
    }

    @Test
    void shouldKeepKeysApart()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p1", T0, "c1", PROBE).approved("p2", T0 + 1, "c2", PROBE).approved("p3", T0 + 2, "c1", PROBE)
            .approved("h1", T0 + 3, "c2", HIT).approved("p4", T0 + 4, "c1", PROBE).approved("h2", T0 + 5, "c1", HIT);
        assertThat(firedTxIds(h, "card-testing")).containsExactly("h2");
        assertThat(fired(h, "card-testing").get(0).key()).isEqualTo("c1");
    }

    @Test
    void shouldReportLateEventsAndNotApplyThem()
    {
        final RuleHarness h = harness(0, cardTesting(0));
        h.approved("p1", T0 + MINUTE, "c1", PROBE).approved("p2", T0 + 2 * MINUTE, "c1", PROBE)
            .approved("x", T0 + 3 * MINUTE, "c2", NORMAL)
            .approved("p0", T0 + 30 * SECOND, "c1", PROBE)
            .approved("n0", T0 + 30 * SECOND, "c1", NORMAL)
            .approved("h1", T0 + 4 * MINUTE, "c1", HIT);

        assertThat(lateTxIds(h, "card-testing")).as("n0 matches no step").containsExactly("p0");
        assertThat(h.alerts("card-testing").get(0).details().get("watermark_ms").asLong())
            .isEqualTo(T0 + 3 * MINUTE);
        assertThat(fired(h, "card-testing")).as("only two probes were applied").isEmpty();
    }

    @Test
    void shouldPlaceAnOutOfOrderEventWithinTheRetention()
    {
        final RuleHarness h = harness(MINUTE, cardTesting(0));
        h.approved("p2", T0 + 40 * SECOND, "c1", PROBE).approved("p3", T0 + 50 * SECOND, "c1", PROBE)
            .approved("p1", T0 + 10 * SECOND, "c1", PROBE).approved("h1", T0 + 60 * SECOND, "c1", HIT);
        assertThat(lateTxIds(h, "card-testing")).isEmpty();
        assertThat(ids(fired(h, "card-testing").get(0).details().get("probe_tx_ids")))
            .containsExactly("p1", "p2", "p3");
    }

    @Test
    void shouldKeepOnlyEventsThatCanStillMatch()
    {
        final PatternFixtures.StateCapturingRule capturing = new PatternFixtures.StateCapturingRule(cardTesting(0));
        final RuleHarness h = harness(MINUTE, capturing);
        for (int i = 0; i < 1_000; i++)
        {
            h.approved("p" + i, T0 + i * 10 * SECOND, "c1", i % 2 == 0 ? PROBE : NORMAL);
        }
        final StepSequenceState state = capturing.state("c1");
        assertThat(state.retainedEvents())
            .as("probes in (watermark - 10 min, newest]: watermark = newest - 1 min, one probe per 20 s")
            .isEqualTo(34);
        assertThat(state.retainedCapacity()).isEqualTo(64);
    }

    @Test
    void shouldDescribeItselfAndRejectBadDefinitions()
    {
        assertThat(cardTesting(60_000).toString())
            .isEqualTo("card-testing@v1: sequence probe x3+ hit x1 within 600000 ms, cooldown 60000 ms");
        final TxPredicate any = TxPredicate.ALWAYS;
        assertThatThrownBy(() -> new StepSequenceRule(CARD_TESTING, any, List.of(SequenceStep.once("a", any)), 1, 0))
            .hasMessage("card-testing: sequence: expected 2 to 8 steps, found 1");
        assertThatThrownBy(() -> new StepSequenceRule(CARD_TESTING, any,
            List.of(SequenceStep.once("a", any), SequenceStep.once("a", any)), 1, 0))
            .hasMessage("card-testing: step name 'a' used twice");
        assertThatThrownBy(() -> new StepSequenceRule(CARD_TESTING, any,
            List.of(SequenceStep.once("a", any), SequenceStep.once("b", any)), 0, 0))
            .hasMessage("card-testing: within: expected > 0 ms, found 0");
        assertThatThrownBy(() -> new StepSequenceRule(CARD_TESTING, any,
            List.of(SequenceStep.once("a", any), SequenceStep.once("b", any)), 1, -1))
            .hasMessage("card-testing: cooldown: expected >= 0 ms, found -1");
        assertThatThrownBy(() -> new SequenceStep("probe", any, 0, true))
            .hasMessage("step 'probe': times: expected >= 1, found 0");
        assertThatThrownBy(() -> new SequenceStep("pro\"be", any, 1, true))
            .hasMessageContaining("step name: expected a letter");
        assertThat(new SequenceStep("probe", any, 3, true).timesText()).isEqualTo("3+");
        assertThat(new SequenceStep("probe", any, 2, false).timesText()).isEqualTo("2");
    }
}
