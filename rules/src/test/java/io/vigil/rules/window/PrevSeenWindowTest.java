package io.vigil.rules.window;

import io.vigil.core.event.Channel;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleSet;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PrevSeenWindowTest
{
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    @Test
    void shouldReadPrevFromTheLatestEarlierEventThatPassedTheFilter()
    {
        final RuleHarness harness = harness("""
            filter: status == "approved"
            window: { type: sliding, size: 1h }
            when: count() >= 2 && ts - prev(ts) >= 1000
            """, 0);
        harness.approved("t1", T0, "c1", 100)
            .approved("t2", T0 + 500, "c1", 100)
            .send(new Tx("t3", T0 + 1_200, "c1", 100, "USD", false))
            .approved("t4", T0 + 1_400, "c1", 100)
            .approved("t5", T0 + 2_400, "c1", 100)
            .approved("t6", T0 + 2_400, "c2", 100);

        assertThat(harness.alertTxIds("r")).containsExactly("t5");
        assertThat(harness.alerts("r").get(0).node().get("details").get("prev(ts)").asLong()).isEqualTo(T0 + 1_400);
    }

    @Test
    void shouldGiveNaNWhenNoEarlierEventIsInTheWindow()
    {
        final RuleHarness harness = harness("""
            window: { type: sliding, size: 1m }
            when: prev(ts) != prev(ts)
            """, 0);
        harness.approved("t1", T0, "c1", 100)
            .approved("t2", T0 + 30_000, "c1", 100)
            .approved("t3", T0 + 90_000, "c1", 100)
            .approved("t4", T0 + 150_000, "c1", 100)
            .approved("t5", T0 + 150_000, "c1", 100);

        assertThat(harness.alertTxIds("r")).containsExactly("t1", "t3", "t4");
        assertThat(harness.alerts("r").get(0).node().get("details").has("prev(ts)")).isFalse();
    }

    @Test
    void shouldCountEarlierEventsWithTheSameValue()
    {
        final RuleHarness harness = harness("""
            window: { type: sliding, size: 1h }
            when: seen(country) == 0 || seen(country) >= 2
            """, 0);
        harness.send(new Tx("t1", T0, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("t2", T0 + 1_000, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("t3", T0 + 2_000, "c1", 100, "USD", true), "m", "DE")
            .send(new Tx("t4", T0 + 3_000, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("t5", T0 + 4_000, "c1", 100, "USD", true), "m", "DE")
            .send(new Tx("t6", T0 + 5_000, "c2", 100, "USD", true), "m", "DE")
            .send(new Tx("t7", T0 + 3 * HOUR, "c1", 100, "USD", true), "m", "US");

        assertThat(harness.alertTxIds("r")).containsExactly("t1", "t3", "t4", "t6", "t7");
        final CapturedAlert third = harness.alerts("r").get(2);
        assertThat(third.node().get("details").get("seen(country)").asLong()).isEqualTo(2);
    }

    @Test
    void shouldSeeOnlyTheEventsBeforeAnOutOfOrderOneAndRedoTheLaterOnes()
    {
        final RuleHarness harness = harness("""
            window: { type: sliding, size: 1h }
            when: ts - prev(ts) == 10000 || seen(country) == 0
            """, MINUTE);
        harness.send(new Tx("a", T0, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("c", T0 + 20_000, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("b", T0 + 10_000, "c1", 100, "USD", true), "m", "US")
            .send(new Tx("e", T0 + 40_000, "c1", 100, "USD", true), "m", "FR")
            .send(new Tx("d", T0 + 30_000, "c1", 100, "USD", true), "m", "DE")
            .send(new Tx("f", T0 + 35_000, "c1", 100, "USD", true), "m", "FR");

        // sorted: a, b, c (10 s after b), d (DE new), f (FR new), e (5 s after f, FR seen): e's alert goes again
        assertThat(harness.alerts("r")).extracting(a -> NetAlerts.status(a) + " " + a.txId())
            .containsExactly(" a", " b", "amended c", " e", " d", "amended e", " f", "retracted e");
        assertThat(NetAlerts.net(harness.alerts("r"))).extracting(CapturedAlert::txId)
            .containsExactlyInAnyOrder("a", "b", "c", "d", "f");
    }

    @Test
    void shouldCatchImpossibleTravelWithTheDefaultPack()
    {
        final RuleHarness harness = new RuleHarness(RuleSet.defaultPack().factory(), 1);
        harness.send(new Tx("p1", T0, "c1", 100, "EUR", true), "m", "FR", Channel.POS, 48.8566, 2.3522)
            .send(new Tx("p2", T0 + 10 * MINUTE, "c1", 100, "EUR", true), "m", "FR", Channel.ECOM, 40.7, -74.0)
            .send(new Tx("p3", T0 + 20 * MINUTE, "c1", 100, "EUR", true), "m", "FR", Channel.POS, Double.NaN,
                Double.NaN)
            .send(new Tx("p4", T0 + 60 * MINUTE, "c1", 100, "GBP", true), "m", "GB", Channel.POS, 51.5074, -0.1278)
            .send(new Tx("p5", T0 + 90 * MINUTE, "c1", 100, "USD", true), "m", "US", Channel.CONTACTLESS,
                40.7128, -74.0060);

        assertThat(harness.alertTxIds("card-impossible-travel")).containsExactly("p5");
    }

    @Test
    void shouldFlagANewCountryAndADormantCardAtNightWithTheDefaultPack()
    {
        final RuleHarness harness = new RuleHarness(RuleSet.defaultPack().factory(), 1);
        for (int i = 0; i < 5; i++)
        {
            harness.send(new Tx("n" + i, T0 + 12 * HOUR + i * DAY, "c1", 100, "EUR", true), "m", "DE");
        }
        harness.send(new Tx("x1", T0 + 12 * HOUR + 5 * DAY, "c1", 100, "EUR", true), "m", "DE")
            .send(new Tx("x2", T0 + 13 * HOUR + 5 * DAY, "c1", 100, "EUR", true), "m", "PL")
            .send(new Tx("x3", T0 + 14 * HOUR + 5 * DAY, "c1", 100, "EUR", true), "m", "PL")
            .send(new Tx("late", T0 + 40 * DAY + 2 * HOUR, "c1", 100, "EUR", true), "m", "DE");

        assertThat(harness.alertTxIds("card-new-country")).containsExactly("x2");
        assertThat(harness.alertTxIds("card-dormant-night")).containsExactly("late");
    }

    private static RuleHarness harness(final String pattern, final long outOfOrderMs)
    {
        final String yaml = "rules:\n  - id: r\n    key: card\n    severity: high\n" +
            pattern.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        return new RuleHarness(RuleSet.fromSource("r.yaml", yaml).factory(outOfOrderMs), 1);
    }
}
