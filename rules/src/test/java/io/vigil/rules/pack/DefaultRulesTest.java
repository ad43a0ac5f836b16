package io.vigil.rules.pack;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultRulesTest
{
    private static final String VELOCITY = "card-velocity-60s";
    private static final String SUM = "card-amount-sum-1h";
    private static final String TESTING = "card-testing";
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    private final RuleHarness harness = new RuleHarness();

    @Test
    void shouldExposeThePackInOrdinalOrder()
    {
        assertThat(DefaultRules.ruleRefs()).extracting(r -> r.ordinal() + ":" + r.id() + "@" + r.version() + ":" +
            r.severity().wireName() + ":" + r.keyType().wireName())
            .containsExactly("0:card-velocity-60s@1:high:card", "1:card-amount-sum-1h@1:medium:card",
                "2:card-testing@1:critical:card");
    }

    // ------------------------------------------------------------------ card-velocity-60s

    @Test
    void shouldFireOnFifthApprovedTransactionWithinSixtySeconds()
    {
        harness.approved("t1", T0, "c1", 100).approved("t2", T0 + 10 * SECOND, "c1", 100)
            .approved("t3", T0 + 20 * SECOND, "c1", 100).approved("t4", T0 + 30 * SECOND, "c1", 100);
        assertThat(harness.alerts()).isEmpty();

        harness.approved("t5", T0 + 59_999, "c1", 100);

        final List<CapturedAlert> alerts = harness.alerts(VELOCITY);
        assertThat(alerts).hasSize(1);
        final CapturedAlert alert = alerts.get(0);
        assertThat(alert.txId()).isEqualTo("t5");
        assertThat(alert.key()).isEqualTo("c1");
        assertThat(alert.ruleOrdinal()).isZero();
        assertThat(alert.details().get("count").asLong()).isEqualTo(5);
        assertThat(alert.details().get("window_ms").asLong()).isEqualTo(60_000);
        assertThat(alert.details().get("tx_ids").toString()).isEqualTo("[\"t1\",\"t2\",\"t3\",\"t4\",\"t5\"]");
        assertThat(alert.details().get("tx_ids_omitted").asLong()).isZero();
    }

    @Test
    void shouldNotCountTransactionExactlySixtySecondsOld()
    {
        harness.approved("t1", T0, "c1", 100).approved("t2", T0 + 15 * SECOND, "c1", 100)
            .approved("t3", T0 + 30 * SECOND, "c1", 100).approved("t4", T0 + 45 * SECOND, "c1", 100)
            .approved("t5", T0 + 60 * SECOND, "c1", 100);
        assertThat(harness.alerts(VELOCITY)).isEmpty();

        harness.approved("t6", T0 + 60 * SECOND + 1, "c1", 100);

        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("t6");
        assertThat(harness.alerts(VELOCITY).get(0).details().get("tx_ids").toString())
            .isEqualTo("[\"t2\",\"t3\",\"t4\",\"t5\",\"t6\"]");
    }

    @Test
    void shouldIgnoreDeclinedForVelocity()
    {
        harness.approved("t1", T0, "c1", 100).declined("d1", T0 + 1, "c1", 100)
            .approved("t2", T0 + 2, "c1", 100).declined("d2", T0 + 3, "c1", 100)
            .approved("t3", T0 + 4, "c1", 100).declined("d3", T0 + 5, "c1", 100)
            .approved("t4", T0 + 6, "c1", 100).declined("d4", T0 + 7, "c1", 100);
        assertThat(harness.alerts(VELOCITY)).isEmpty();

        harness.approved("t5", T0 + 8, "c1", 100);

        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("t5");
        assertThat(harness.alerts(VELOCITY).get(0).details().get("count").asLong()).isEqualTo(5);
        assertThat(harness.alerts(VELOCITY).get(0).details().get("tx_ids").toString()).doesNotContain("d");
    }

    @Test
    void shouldCountTransactionsPerCard()
    {
        for (int i = 0; i < 4; i++)
        {
            harness.approved("a" + i, T0 + i, "c1", 100).approved("b" + i, T0 + i, "c2", 100);
        }
        assertThat(harness.alerts(VELOCITY)).isEmpty();
    }

    @Test
    void shouldSuppressDuringCooldown()
    {
        for (int i = 0; i < 5; i++)
        {
            harness.approved("a" + i, T0 + i * SECOND, "c1", 100);
        }
        final long alertAt = T0 + 4 * SECOND;
        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("a4");

        harness.approved("a5", alertAt + SECOND, "c1", 100);
        for (int i = 0; i < 4; i++)
        {
            harness.approved("b" + i, alertAt + 5 * MINUTE - 4 * SECOND + i * SECOND, "c1", 100);
        }
        harness.approved("b4", alertAt + 5 * MINUTE - 1, "c1", 100);
        assertThat(harness.alertTxIds(VELOCITY)).as("still cooling down").containsExactly("a4");

        harness.approved("b5", alertAt + 5 * MINUTE, "c1", 100);

        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("a4", "b5");
        assertThat(harness.alerts(VELOCITY).get(1).details().get("count").asLong()).isEqualTo(6);
    }

    @Test
    void shouldCapListedIdsAtThirtyTwo()
    {
        for (int i = 0; i < 4; i++)
        {
            harness.approved(String.format("t%02d", i), T0 + i, "c1", 100);
        }
        harness.approved("t04", T0 + 4, "c1", 100);
        for (int i = 5; i < 40; i++)
        {
            harness.approved(String.format("t%02d", i), T0 + 5 * MINUTE - 50 + i, "c1", 100);
        }
        harness.approved("t40", T0 + 5 * MINUTE + 4, "c1", 100);

        final CapturedAlert alert = harness.alerts(VELOCITY).get(1);
        assertThat(alert.txId()).isEqualTo("t40");
        assertThat(alert.details().get("count").asLong()).isEqualTo(36);
        assertThat(alert.details().get("tx_ids")).hasSize(32);
        assertThat(alert.details().get("tx_ids").get(0).asText()).isEqualTo("t05");
        assertThat(alert.details().get("tx_ids").get(31).asText()).isEqualTo("t36");
        assertThat(alert.details().get("tx_ids_omitted").asLong()).isEqualTo(4);
    }

    @Test
    void shouldOrderEqualTimesByTransactionId()
    {
        for (final String id : new String[] {"b", "c", "d", "e"})
        {
            harness.approved(id, T0, "c1", 100);
        }
        harness.approved("a", T0, "c1", 100);
        assertThat(harness.alerts(VELOCITY)).as("'a' comes first in reference order: its window is itself").isEmpty();

        harness.approved("f", T0, "c1", 100);
        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("f");
        assertThat(harness.alerts(VELOCITY).get(0).details().get("tx_ids").toString())
            .isEqualTo("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]");
    }

    @Test
    void shouldEvaluateOutOfOrderEventOnlyAgainstWhatPrecedesIt()
    {
        harness.approved("t1", T0 + 10 * SECOND, "c1", 100).approved("t2", T0 + 20 * SECOND, "c1", 100)
            .approved("t3", T0 + 30 * SECOND, "c1", 100).approved("t4", T0 + 40 * SECOND, "c1", 100);

        harness.approved("t0", T0 + 5 * SECOND, "c1", 100);
        assertThat(harness.alerts(VELOCITY)).isEmpty();
        harness.approved("t2b", T0 + 25 * SECOND, "c1", 100);
        assertThat(harness.alerts(VELOCITY)).as("t0, t1, t2 and t2b precede t2b").isEmpty();

        harness.approved("t5", T0 + 50 * SECOND, "c1", 100);
        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("t5");
        assertThat(harness.alerts(VELOCITY).get(0).details().get("tx_ids").toString())
            .isEqualTo("[\"t0\",\"t1\",\"t2\",\"t2b\",\"t3\",\"t4\",\"t5\"]");
    }

    @Test
    void shouldFireOutOfOrderEventWhoseOwnWindowReachesTheThreshold()
    {
        harness.approved("t1", T0 + 1, "c1", 100).approved("t2", T0 + 2, "c1", 100)
            .approved("t3", T0 + 3, "c1", 100).approved("t4", T0 + 4, "c1", 100)
            .approved("t9", T0 + 9, "c2", 100).approved("t6", T0 + 6, "c1", 100);
        assertThat(harness.alertTxIds(VELOCITY)).containsExactly("t6");

        final RuleHarness late = new RuleHarness();
        late.approved("t1", T0 + 1, "c1", 100).approved("t2", T0 + 2, "c1", 100)
            .approved("t3", T0 + 3, "c1", 100).approved("t6", T0 + 6, "c1", 100)
            .approved("t4", T0 + 4, "c1", 100);
        assertThat(late.alertTxIds(VELOCITY)).as("late t4 sees t1..t3 and itself").isEmpty();
        late.approved("t5", T0 + 5, "c1", 100);
        assertThat(late.alertTxIds(VELOCITY)).as("late t5 sees t1..t4 and itself").containsExactly("t5");
        assertThat(late.alerts(VELOCITY).get(0).details().get("tx_ids").toString())
            .isEqualTo("[\"t1\",\"t2\",\"t3\",\"t4\",\"t5\"]");
    }

    // ------------------------------------------------------------------ card-amount-sum-1h

    @Test
    void shouldNotFireSumOneCentBelowThreshold()
    {
        harness.approved("t1", T0, "c1", 150_000).approved("t2", T0 + 10 * MINUTE, "c1", 149_999);
        assertThat(harness.alerts(SUM)).isEmpty();

        harness.approved("t3", T0 + 20 * MINUTE, "c1", 1);

        final List<CapturedAlert> alerts = harness.alerts(SUM);
        assertThat(alerts).extracting(CapturedAlert::txId).containsExactly("t3");
        assertThat(alerts.get(0).ruleOrdinal()).isEqualTo(1);
        assertThat(alerts.get(0).details().get("sum").asText()).isEqualTo("3000.00");
        assertThat(alerts.get(0).details().get("count").asLong()).isEqualTo(3);
        assertThat(alerts.get(0).details().get("currency").asText()).isEqualTo("USD");
        assertThat(alerts.get(0).details().get("window_ms").asLong()).isEqualTo(3_600_000);
    }

    @Test
    void shouldNotCountAmountExactlyOneHourOldInSum()
    {
        harness.approved("t1", T0, "c1", 200_000).approved("t2", T0 + 60 * MINUTE, "c1", 100_000);
        assertThat(harness.alerts(SUM)).isEmpty();
        harness.approved("t3", T0 + 60 * MINUTE + 1, "c1", 200_000);
        assertThat(harness.alertTxIds(SUM)).containsExactly("t3");
        assertThat(harness.alerts(SUM).get(0).details().get("sum").asText()).isEqualTo("3000.00");
    }

    @Test
    void shouldIgnoreDeclinedAmountsInSum()
    {
        harness.declined("d1", T0, "c1", 500_000).approved("t1", T0 + 1, "c1", 299_999);
        assertThat(harness.alerts(SUM)).isEmpty();
    }

    @Test
    void shouldCompareSumInMinorUnitsOfTheEventCurrency()
    {
        harness.send(new Tx("y1", T0, "c1", 2_999, "JPY", true));
        assertThat(harness.alerts(SUM)).isEmpty();
        harness.send(new Tx("y2", T0 + 1, "c1", 1, "JPY", true));
        assertThat(harness.alertTxIds(SUM)).containsExactly("y2");
        assertThat(harness.alerts(SUM).get(0).details().get("sum").asText()).isEqualTo("3000");
        assertThat(harness.alerts(SUM).get(0).details().get("currency").asText()).isEqualTo("JPY");

        harness.send(new Tx("k1", T0, "c2", 2_999_999, "KWD", true));
        harness.send(new Tx("k2", T0 + 1, "c2", 1, "KWD", true));
        assertThat(harness.alertTxIds(SUM)).containsExactly("y2", "k2");
        assertThat(harness.alerts(SUM).get(1).details().get("sum").asText()).isEqualTo("3000.000");
    }

    @Test
    void shouldNotAddAmountsInOtherCurrencies()
    {
        harness.send(new Tx("e1", T0, "c1", 200_000, "EUR", true));
        harness.send(new Tx("u1", T0 + 1, "c1", 200_000, "USD", true));
        assertThat(harness.alerts(SUM)).isEmpty();
        harness.send(new Tx("e2", T0 + 2, "c1", 100_000, "EUR", true));
        assertThat(harness.alertTxIds(SUM)).containsExactly("e2");
        assertThat(harness.alerts(SUM).get(0).details().get("count").asLong()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ card-testing

    @Test
    void shouldFireCardTestingOnHitAfterThreeProbes()
    {
        harness.approved("p1", T0, "c1", 199).declined("p2", T0 + MINUTE, "c1", 1)
            .approved("n1", T0 + 2 * MINUTE, "c1", 4_000).approved("p3", T0 + 3 * MINUTE, "c1", 50);
        assertThat(harness.alerts(TESTING)).isEmpty();

        harness.declined("h1", T0 + 4 * MINUTE, "c1", 50_000);

        final List<CapturedAlert> alerts = harness.alerts(TESTING);
        assertThat(alerts).extracting(CapturedAlert::txId).containsExactly("h1");
        assertThat(alerts.get(0).ruleOrdinal()).isEqualTo(2);
        assertThat(alerts.get(0).details().get("probe_count").asLong()).isEqualTo(3);
        assertThat(alerts.get(0).details().get("probe_tx_ids").toString()).isEqualTo("[\"p1\",\"p2\",\"p3\"]");
        assertThat(alerts.get(0).details().get("hit_amount").asText()).isEqualTo("500.00");
    }

    @Test
    void shouldNotTreatTwoDollarsAsProbeOrJustBelowFiveHundredAsHit()
    {
        harness.approved("p1", T0, "c1", 199).approved("p2", T0 + 1, "c1", 199)
            .approved("x1", T0 + 2, "c1", 200).approved("h0", T0 + 3, "c1", 49_999)
            .approved("h1", T0 + 4, "c1", 50_000);
        assertThat(harness.alerts(TESTING)).isEmpty();

        harness.approved("p3", T0 + 5, "c1", 0).approved("h2", T0 + 6, "c1", 120_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h2");
    }

    @Test
    void shouldNotMatchProbeExactlyTenMinutesBeforeHit()
    {
        harness.approved("p1", T0, "c1", 100).approved("p2", T0 + MINUTE, "c1", 100)
            .approved("p3", T0 + 2 * MINUTE, "c1", 100).approved("h1", T0 + 10 * MINUTE, "c1", 60_000);
        assertThat(harness.alerts(TESTING)).isEmpty();

        harness.approved("q1", T0, "c2", 100).approved("q2", T0 + MINUTE, "c2", 100)
            .approved("q3", T0 + 2 * MINUTE, "c2", 100).approved("h2", T0 + 10 * MINUTE - 1, "c2", 60_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h2");
    }

    @Test
    void shouldNotCountProbesAfterTheHit()
    {
        harness.approved("p1", T0, "c1", 100).approved("p2", T0 + 1, "c1", 100)
            .approved("h1", T0 + 2, "c1", 60_000).approved("p3", T0 + 3, "c1", 100);
        assertThat(harness.alerts(TESTING)).isEmpty();
        harness.approved("h2", T0 + 4, "c1", 60_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h2");
    }

    @Test
    void shouldSuppressCardTestingDuringCooldown()
    {
        harness.approved("p1", T0, "c1", 100).approved("p2", T0 + 1, "c1", 100)
            .approved("p3", T0 + 2, "c1", 100).approved("h1", T0 + 3, "c1", 60_000)
            .approved("h2", T0 + 4, "c1", 60_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h1");

        harness.approved("p4", T0 + 9 * MINUTE, "c1", 100).approved("p5", T0 + 9 * MINUTE + 1, "c1", 100)
            .approved("p6", T0 + 9 * MINUTE + 2, "c1", 100).approved("h3", T0 + 10 * MINUTE + 2, "c1", 60_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h1");
        harness.approved("h4", T0 + 10 * MINUTE + 3, "c1", 60_000);
        assertThat(harness.alertTxIds(TESTING)).containsExactly("h1", "h4");
        assertThat(harness.alerts(TESTING).get(1).details().get("probe_tx_ids").toString())
            .isEqualTo("[\"p4\",\"p5\",\"p6\"]");
    }

    @Test
    void shouldPublishAlertsOfOneEventInRuleOrder()
    {
        harness.approved("p1", T0, "c1", 100).approved("p2", T0 + 1, "c1", 100)
            .approved("p3", T0 + 2, "c1", 100).approved("p4", T0 + 3, "c1", 100)
            .approved("h1", T0 + 4, "c1", 300_000);
        assertThat(harness.alerts()).extracting(CapturedAlert::ruleOrdinal).containsExactly(0, 1, 2);
        assertThat(harness.alerts()).extracting(CapturedAlert::txId).containsOnly("h1");
    }
}
