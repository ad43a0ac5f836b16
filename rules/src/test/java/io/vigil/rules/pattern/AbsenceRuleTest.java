package io.vigil.rules.pattern;

import io.vigil.core.alert.RuleRef;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.expr.TxPredicate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.pattern.PatternFixtures.MINUTE;
import static io.vigil.rules.pattern.PatternFixtures.approved;
import static io.vigil.rules.pattern.PatternFixtures.atLeast;
import static io.vigil.rules.pattern.PatternFixtures.declined;
import static io.vigil.rules.pattern.PatternFixtures.fired;
import static io.vigil.rules.pattern.PatternFixtures.firedTxIds;
import static io.vigil.rules.pattern.PatternFixtures.harness;
import static io.vigil.rules.pattern.PatternFixtures.lateTxIds;
import static io.vigil.rules.pattern.PatternFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "A declined transaction not followed by an approved one within 5 minutes", per card.
 */
class AbsenceRuleTest
{
    private static final RuleRef UNRECOVERED = ref(0, "unrecovered");
    private static final String RULE = "unrecovered";
    private static final long WITHIN_MS = 5 * MINUTE;

    private static AbsenceRule unrecovered(final long cooldownMs)
    {
        return new AbsenceRule(UNRECOVERED, TxPredicate.ALWAYS, "decline", declined(), "approval", approved(),
            WITHIN_MS, cooldownMs);
    }

    @Test
    void shouldFireWhenTheWatermarkPassesTheDeadlineAndNotBefore()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a1", T0, "c1", 1_234).approved("o1", T0 + WITHIN_MS, "c2", 100);
        assertThat(fired(h, RULE)).as("watermark at a + within: a follower at a + within may still come").isEmpty();

        h.approved("o2", T0 + WITHIN_MS + 1, "c2", 100);

        assertThat(firedTxIds(h, RULE)).containsExactly("a1");
        final CapturedAlert alert = fired(h, RULE).get(0);
        assertThat(alert.key()).isEqualTo("c1");
        assertThat(alert.eventTimeMs()).isEqualTo(T0);
        assertThat(alert.node().get("event_time").asText()).isEqualTo("2026-01-05T00:00:00.000Z");
        assertThat(alert.details().toString())
            .isEqualTo("{\"decline_tx_id\":\"a1\",\"within_ms\":300000,\"decline_amount\":\"12.34\"}");
    }

    @Test
    void shouldGiveTheAlertTheIdTheFirstEventWouldHave()
    {
        final RuleHarness timer = harness(0, unrecovered(0));
        timer.declined("a1", T0, "c1", 100).endOfInput();
        final RuleHarness onEvent = harness(0, new StepSequenceRule(UNRECOVERED, TxPredicate.ALWAYS, List.of(
            SequenceStep.once("x", approved()), SequenceStep.once("decline", declined())), WITHIN_MS, 0));
        onEvent.approved("x1", T0 - 1, "c1", 100).declined("a1", T0, "c1", 100);

        assertThat(fired(timer, RULE).get(0).node().get("alert_id"))
            .isEqualTo(fired(onEvent, RULE).get(0).node().get("alert_id"));
    }

    @Test
    void shouldBeMetByAFollowerAtTheDeadlineButNotAfter()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a1", T0, "c1", 100).declined("a2", T0 + MINUTE, "c2", 100)
            .approved("b1", T0 + WITHIN_MS, "c1", 100).approved("b2", T0 + MINUTE + WITHIN_MS + 1, "c2", 100)
            .endOfInput();
        assertThat(firedTxIds(h, RULE)).containsExactly("a2");
    }

    @Test
    void shouldBeMetAtTheSameTimeOnlyByAFollowerThatSortsAfter()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("m", T0, "c1", 100).approved("z", T0, "c1", 100)
            .approved("a", T0 + MINUTE, "c2", 100).declined("m", T0 + MINUTE, "c2", 100)
            .approved("b", T0 + 2 * MINUTE - 1, "c3", 100).declined("c", T0 + 2 * MINUTE, "c3", 100)
            .endOfInput();
        assertThat(lateTxIds(h, RULE)).isEmpty();
        assertThat(fired(h, RULE)).extracting(CapturedAlert::key).as("c1 met by z; a sorts before m; b is earlier")
            .containsExactly("c2", "c3");
    }

    @Test
    void shouldBeMetByAFollowerArrivingOutOfOrderBeforeTheTimer()
    {
        final RuleHarness h = harness(2 * MINUTE, unrecovered(0));
        h.declined("a1", T0, "c1", 100).approved("x", T0 + 6 * MINUTE, "c2", 100)
            .approved("b1", T0 + 4 * MINUTE, "c1", 100).approved("y", T0 + 8 * MINUTE, "c2", 100).endOfInput();
        assertThat(lateTxIds(h, RULE)).isEmpty();
        assertThat(fired(h, RULE)).isEmpty();

        final RuleHarness unmet = harness(2 * MINUTE, unrecovered(0));
        unmet.declined("a1", T0, "c1", 100).approved("x", T0 + 6 * MINUTE, "c2", 100)
            .approved("y", T0 + 7 * MINUTE, "c2", 100);
        assertThat(fired(unmet, RULE)).as("watermark = a + within").isEmpty();
        unmet.approved("z", T0 + 7 * MINUTE + 1, "c2", 100);
        assertThat(firedTxIds(unmet, RULE)).containsExactly("a1");
    }

    @Test
    void shouldBeMetByAFollowerThatArrivedBeforeItsFirstEvent()
    {
        final RuleHarness h = harness(2 * MINUTE, unrecovered(0));
        h.approved("b1", T0 + MINUTE, "c1", 100).declined("a1", T0, "c1", 100)
            .approved("b2", T0 + 2 * MINUTE, "c2", 100).declined("a2", T0 + 2 * MINUTE + 1, "c2", 100)
            .endOfInput();
        assertThat(firedTxIds(h, RULE)).as("b2 comes before a2").containsExactly("a2");
    }

    @Test
    void shouldTrackSeveralFirstEventsPerKey()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a1", T0, "c1", 100).declined("a2", T0 + MINUTE, "c1", 100)
            .declined("a3", T0 + 2 * MINUTE, "c1", 100)
            .approved("b1", T0 + WITHIN_MS + 30_000, "c1", 100);
        assertThat(firedTxIds(h, RULE)).as("a1's deadline passed before b1; b1 meets a2 and a3").containsExactly("a1");
        h.endOfInput();
        assertThat(firedTxIds(h, RULE)).containsExactly("a1");
    }

    @Test
    void shouldFireSeveralDueExpectationsInOrderOnOneWatermarkMove()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a2", T0 + 1, "c1", 100).declined("a1", T0 + 1, "c2", 100).declined("a3", T0 + 2, "c1", 100)
            .approved("x", T0 + 2 * WITHIN_MS, "c9", 100);
        assertThat(fired(h, RULE)).extracting(a -> a.txId() + "@" + a.key())
            .as("in due time, then key hash order").containsExactlyInAnyOrder("a2@c1", "a1@c2", "a3@c1");
        assertThat(firedTxIds(h, RULE).indexOf("a2")).isLessThan(firedTxIds(h, RULE).indexOf("a3"));
    }

    @Test
    void shouldSuppressAlertsWithinTheCooldownOfTheFirstEventsTime()
    {
        final RuleHarness h = harness(0, unrecovered(10 * MINUTE));
        h.declined("a1", T0, "c1", 100).declined("a2", T0 + MINUTE, "c1", 100)
            .declined("a3", T0 + 10 * MINUTE - 1, "c1", 100).declined("a4", T0 + 10 * MINUTE, "c1", 100)
            .endOfInput();
        assertThat(firedTxIds(h, RULE)).containsExactly("a1", "a4");
    }

    @Test
    void shouldFirePendingExpectationsOnTicks()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a1", T0, "c1", 100).declined("a2", T0 + MINUTE, "c2", 100).tick(T0 + WITHIN_MS + 1);
        assertThat(firedTxIds(h, RULE)).containsExactly("a1");
        h.endOfInput();
        assertThat(firedTxIds(h, RULE)).containsExactly("a1", "a2");
        assertThat(h.shard(0).pendingTimers()).isZero();
    }

    @Test
    void shouldFireWhenOneEventMovesTheWatermarkFarPastTheKeysHorizon()
    {
        final RuleHarness h = harness(0, unrecovered(0));
        h.declined("a1", T0, "c1", 100).approved("x", T0 + 24 * 60 * MINUTE, "c2", 100);
        assertThat(firedTxIds(h, RULE)).containsExactly("a1");
        assertThat(h.shard(0).droppedTimers()).isZero();
        assertThat(h.shard(0).liveKeyCount()).as("c1 expired after its timer fired").isEqualTo(1);
    }

    @Test
    void shouldTreatAnEventMatchingBothStepsAsFollowerThenFirst()
    {
        final RuleRef ref = ref(0, "lonely-big");
        final AbsenceRule rule = new AbsenceRule(ref, TxPredicate.ALWAYS, "big", atLeast(50_000), "next",
            atLeast(50_000), WITHIN_MS, 0);
        final RuleHarness h = harness(0, rule);
        h.approved("b1", T0, "c1", 60_000).approved("b2", T0 + MINUTE, "c1", 60_000).endOfInput();
        assertThat(firedTxIds(h, "lonely-big")).containsExactly("b2");
    }

    @Test
    void shouldIgnoreEventsTheRuleFilterRejectsAndOtherKeys()
    {
        final AbsenceRule rule = new AbsenceRule(UNRECOVERED, tx -> tx.amountMinor() > 0, "decline", declined(),
            "approval", approved(), WITHIN_MS, 0);
        final RuleHarness h = harness(0, rule);
        h.declined("a1", T0, "c1", 100).approved("b0", T0 + 1, "c1", 0).approved("b1", T0 + 2, "c2", 100)
            .declined("a2", T0 + 3, "c1", 0).endOfInput();
        assertThat(firedTxIds(h, RULE)).containsExactly("a1");
    }

    @Test
    void shouldReportLateEventsAndNotApplyThem()
    {
        final PatternFixtures.StateCapturingRule capturing = new PatternFixtures.StateCapturingRule(unrecovered(0));
        final RuleHarness h = harness(MINUTE, capturing);
        h.declined("a1", T0 + 2 * MINUTE, "c1", 100).approved("x", T0 + 4 * MINUTE, "c2", 100)
            .declined("a2", T0 + 3 * MINUTE, "c1", 100).approved("b-late", T0 + 3 * MINUTE - 1, "c1", 100)
            .declined("a-late", T0, "c1", 100).endOfInput();

        assertThat(lateTxIds(h, RULE)).containsExactly("b-late", "a-late");
        assertThat(firedTxIds(h, RULE)).as("a2 is at the watermark, not late; b-late does not meet a1")
            .containsExactly("a1", "a2");
        final AbsenceState state = capturing.state("c1");
        assertThat(state.lateEvents()).isEqualTo(2);
    }

    @Test
    void shouldCapOpenExpectationsPerKeyAndCountTheRest()
    {
        final PatternFixtures.StateCapturingRule capturing = new PatternFixtures.StateCapturingRule(unrecovered(0));
        final RuleHarness h = harness(0, capturing);
        for (int i = 0; i < AbsenceRule.MAX_OPEN_PER_KEY + 8; i++)
        {
            h.declined(String.format("a%02d", i), T0 + i, "c1", 100);
        }
        final AbsenceState state = capturing.state("c1");
        assertThat(state.openExpectations()).isEqualTo(AbsenceRule.MAX_OPEN_PER_KEY);
        assertThat(state.openCapacity()).isEqualTo(AbsenceRule.MAX_OPEN_PER_KEY);
        assertThat(state.untrackedFirsts()).isEqualTo(8);

        h.endOfInput();
        assertThat(fired(h, RULE)).hasSize(AbsenceRule.MAX_OPEN_PER_KEY);
        assertThat(state.openExpectations()).isZero();
    }

    @Test
    void shouldKeepOnlyFollowersAFirstEventCouldStillPrecede()
    {
        final PatternFixtures.StateCapturingRule capturing = new PatternFixtures.StateCapturingRule(unrecovered(0));
        final RuleHarness h = harness(MINUTE, capturing);
        for (int i = 0; i < 1_000; i++)
        {
            h.approved("b" + i, T0 + i * 1_000L, "c1", 100);
        }
        final AbsenceState state = capturing.state("c1");
        assertThat(state.retainedFollowers()).as("times in [newest - 1 min - 1 s, newest]").isEqualTo(62);
        assertThat(state.openExpectations()).isZero();
    }

    @Test
    void shouldDescribeItselfAndRejectBadDefinitions()
    {
        assertThat(unrecovered(0).toString())
            .isEqualTo("unrecovered@v1: decline not followed by approval within 300000 ms, cooldown 0 ms");
        assertThat(unrecovered(WITHIN_MS * 2).horizonMs()).isEqualTo(WITHIN_MS * 2);
        assertThat(unrecovered(0).horizonMs()).isEqualTo(WITHIN_MS + 1);
        final TxPredicate any = TxPredicate.ALWAYS;
        assertThatThrownBy(() -> new AbsenceRule(UNRECOVERED, any, "a", any, "a", any, 1, 0))
            .hasMessage("unrecovered: step name 'a' used twice");
        assertThatThrownBy(() -> new AbsenceRule(UNRECOVERED, any, "a b", any, "c", any, 1, 0))
            .hasMessageContaining("unrecovered: step name: expected a letter");
        assertThatThrownBy(() -> new AbsenceRule(UNRECOVERED, any, "a", any, "b", any, 0, 0))
            .hasMessage("unrecovered: within: expected > 0 ms, found 0");
        assertThatThrownBy(() -> new AbsenceRule(UNRECOVERED, any, "a", any, "b", any, 1, -1))
            .hasMessage("unrecovered: cooldown: expected >= 0 ms, found -1");
    }
}
