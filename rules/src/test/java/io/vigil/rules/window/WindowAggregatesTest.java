package io.vigil.rules.window;

import io.vigil.core.event.KeyType;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.expr.AggregateSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.ALL;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.figure;
import static io.vigil.rules.window.Windows.harness;
import static io.vigil.rules.window.Windows.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowAggregatesTest
{
    private static final WindowSpec MINUTES = WindowSpec.tumbling(MINUTE);

    @Test
    void shouldComputeEveryAggregateOfAWindow()
    {
        final RuleHarness harness = harness(rule(MINUTES, ALL, (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0);
        send(harness, "t1", 0, 400, true, "m-1");
        send(harness, "t2", 1, 100, false, "m-2");
        send(harness, "t3", 2, 1_000, true, "m-1");
        send(harness, "t4", 3, 500, true, "m-3");
        harness.endOfInput();

        final CapturedAlert alert = harness.alerts().get(0);
        assertThat(figure(alert, "count()")).isEqualTo("4");
        assertThat(figure(alert, "count(declined)")).isEqualTo("1");
        assertThat(figure(alert, "sum(amount)")).isEqualTo("2000");
        assertThat(figure(alert, "min(amount)")).isEqualTo("100");
        assertThat(figure(alert, "max(amount)")).isEqualTo("1000");
        assertThat(figure(alert, "avg(amount)")).isEqualTo("500");
        assertThat(figure(alert, "distinct(merchant)")).isEqualTo("3");
        assertThat(figure(alert, "ratio(declined)")).isEqualTo("0.25");
    }

    @Test
    void shouldSumDecimalAmountsExactly()
    {
        final AggregateSpec sumMajor = new AggregateSpec(
            AggregateKind.SUM, tx -> tx.amountMinor() / 100.0, null, null, "sum(amount)");
        final RuleHarness harness = harness(
            rule(MINUTES, List.of(sumMajor), (tx, a) -> a.get(0) >= 3_000, FireMode.EARLY, 0, 0), 0);
        send(harness, "t1", 0, 100_010, true, "m-1");
        send(harness, "t2", 1, 99_990, true, "m-1");
        send(harness, "t3", 2, 100_000, true, "m-1");

        assertThat(harness.alerts()).extracting(CapturedAlert::txId).containsExactly("t3");
        assertThat(figure(harness.alerts().get(0), "sum(amount)")).isEqualTo("3000");
    }

    @Test
    void shouldLeaveUndefinedValuesOutOfTheDetailsAndSkipNotANumber()
    {
        final AggregateSpec avgNothing = new AggregateSpec(AggregateKind.AVG, tx -> Double.NaN, null, null, "avg(x)");
        final AggregateSpec minSome = new AggregateSpec(
            AggregateKind.MIN, tx -> tx.isApproved() ? tx.amountMinor() : Double.POSITIVE_INFINITY, null, null,
            "min(x)");
        final AggregateSpec sumNothing = new AggregateSpec(AggregateKind.SUM, tx -> Double.NaN, null, null, "sum(x)");
        final RuleHarness harness = harness(rule(MINUTES, List.of(avgNothing, minSome, sumNothing),
            (tx, a) -> Double.isNaN(a.get(0)) && a.get(1) == 300 && a.get(2) == 0, FireMode.ON_CLOSE, 0, 0), 0);
        send(harness, "t1", 0, 50, false, "m-1");
        send(harness, "t2", 1, 300, true, "m-1");
        harness.endOfInput();

        assertThat(harness.alerts()).hasSize(1);
        assertThat(figure(harness.alerts().get(0), "avg(x)")).isEqualTo("-");
        assertThat(figure(harness.alerts().get(0), "min(x)")).isEqualTo("300");
        assertThat(figure(harness.alerts().get(0), "sum(x)")).isEqualTo("0");
    }

    @Test
    void shouldCountDistinctValuesButNotAbsentOnes()
    {
        final AggregateSpec devices = new AggregateSpec(
            AggregateKind.DISTINCT, null, null, tx -> tx.keyHash(KeyType.DEVICE), "distinct(device)");
        final RuleHarness harness =
            harness(rule(MINUTES, List.of(devices, COUNT), (tx, a) -> true, FireMode.ON_CLOSE, 0, 0), 0);
        send(harness, "t1", 0, 100, true, "m-1");
        send(harness, "t2", 1, 100, true, "m-2");
        harness.endOfInput();

        assertThat(figure(harness.alerts().get(0), "distinct(device)")).as("no device on the events").isEqualTo("0");
        assertThat(figure(harness.alerts().get(0), "count()")).isEqualTo("2");
    }

    @Test
    void shouldFireOnARatioWithACondition()
    {
        final RuleHarness harness = harness(rule(MINUTES, List.of(COUNT, Windows.RATIO_DECLINED),
            (tx, a) -> a.get(0) >= 4 && a.get(1) > 0.5, FireMode.EARLY, 0, 0), 0);
        send(harness, "t1", 0, 100, false, "m-1");
        send(harness, "t2", 1, 100, true, "m-1");
        send(harness, "t3", 2, 100, false, "m-1");
        send(harness, "t4", 3, 100, true, "m-1");
        send(harness, "t5", 4, 100, false, "m-1");

        assertThat(harness.alerts()).extracting(CapturedAlert::txId).containsExactly("t5");
        assertThat(figure(harness.alerts().get(0), "ratio(declined)")).isEqualTo("0.6");
    }

    @Test
    void shouldRejectMoreAggregatesThanPredicateBits()
    {
        final List<AggregateSpec> tooMany = java.util.Collections.nCopies(65, COUNT);
        assertThatThrownBy(() -> rule(MINUTES, tooMany, (tx, a) -> true, FireMode.EARLY, 0, 0))
            .hasMessageContaining("w-rule: aggregates: expected at most 64, found 65");
    }

    private static void send(
        final RuleHarness harness, final String id, final int second, final long cents, final boolean approved,
        final String merchant)
    {
        harness.send(new Tx(id, T0 + second * SECOND, "c1", cents, "USD", approved), merchant, "US");
    }
}
