package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionTest
{
    private final TransactionFlyweight tx = Events.typical();

    @Test
    void shouldListTheAggregatesInOrderOfFirstUseAndShareIdenticalOnes()
    {
        final CompiledCondition c = ExprCompiler.condition(
            "count() >= 20 && ratio(status == \"declined\") > 0.5 && count( ) > sum(amount) / 10 && " +
            "ratio(status==\"declined\") < 0.9", true);

        assertThat(c.aggregates()).extracting(AggregateSpec::text)
            .containsExactly("count()", "ratio(status == \"declined\")", "sum(amount)");
        assertThat(c.aggregates()).extracting(AggregateSpec::kind)
            .containsExactly(AggregateKind.COUNT, AggregateKind.RATIO, AggregateKind.SUM);
        assertThat(c.readsEvent()).isFalse();
        assertThat(c.text()).isEqualTo("count() >= 20 && ratio(status == \"declined\") > 0.5 && " +
            "count() > sum(amount) / 10 && ratio(status == \"declined\") < 0.9");
    }

    @Test
    void shouldReadAggregatesByTheirIndex()
    {
        final CompiledCondition c =
            ExprCompiler.condition("count() >= 20 && ratio(status == \"declined\") > 0.5", true);

        assertThat(c.condition().test(null, i -> i == 0 ? 20 : 0.6)).isTrue();
        assertThat(c.condition().test(null, i -> i == 0 ? 19 : 0.6)).isFalse();
        assertThat(c.condition().test(null, i -> i == 0 ? 20 : 0.5)).isFalse();
        assertThat(c.condition().test(null, i -> i == 0 ? 20 : Double.NaN)).isFalse();
    }

    @Test
    void shouldCompileEachAggregateArgumentAgainstOneEvent()
    {
        final CompiledCondition c = ExprCompiler.condition(
            "count(amount > 10) + sum(amount * 2) + min(mcc) + max(lat) + avg(hour) + distinct(merchant) + " +
            "ratio(country in [\"DE\", \"FR\"]) + count() > 0", false);
        final AggregateSpec count = c.aggregates().get(0);
        assertThat(count.kind()).isEqualTo(AggregateKind.COUNT);
        assertThat(count.predicate().test(tx)).isTrue();
        assertThat(c.aggregates().get(1).value().value(tx)).isEqualTo(24.68);
        assertThat(c.aggregates().get(2).value().value(tx)).isEqualTo(5411);
        assertThat(c.aggregates().get(3).value().value(tx)).isEqualTo(52.52);
        assertThat(c.aggregates().get(4).value().value(tx)).isEqualTo(10);
        assertThat(c.aggregates().get(5).kind()).isEqualTo(AggregateKind.DISTINCT);
        assertThat(c.aggregates().get(6).predicate().test(tx)).isTrue();
        final AggregateSpec plainCount = c.aggregates().get(7);
        assertThat(plainCount.text()).isEqualTo("count()");
        assertThat(plainCount.predicate()).isNull();
    }

    @Test
    void shouldHashDistinctFieldsSoEqualValuesCollideAndAbsentIsZero()
    {
        final TransactionFlyweight other = Events.bare();
        for (final String field : new String[] {"card", "merchant", "id", "device", "ip", "account", "currency",
            "country", "channel", "status"})
        {
            final TxHash hash = ExprCompiler.condition("distinct(" + field + ") > 1", true).aggregates().get(0)
                .distinct();
            assertThat(hash.hash(tx)).as(field).isNotZero();
            final boolean same = "card".equals(field) || "merchant".equals(field);
            assertThat(hash.hash(tx) == hash.hash(other)).as(field).isEqualTo(same);
        }
        final TxHash device = ExprCompiler.condition("distinct(device) > 1", true).aggregates().get(0).distinct();
        assertThat(device.hash(other)).isZero();
        other.status(TxStatus.APPROVED);
        final TxHash status = ExprCompiler.condition("distinct(status) > 1", true).aggregates().get(0).distinct();
        assertThat(status.hash(other)).isEqualTo(status.hash(tx));
    }

    @Test
    void shouldLetAnEarlyWindowConditionReadTheTriggeringEvent()
    {
        final CompiledCondition c = ExprCompiler.condition("count() >= 3 && amount > 10", false);

        assertThat(c.readsEvent()).isTrue();
        assertThat(c.condition().test(tx, i -> 3)).isTrue();
        tx.amountMinor(900);
        assertThat(c.condition().test(tx, i -> 3)).isFalse();
    }

    @Test
    void shouldAllowAConditionWithoutAggregates()
    {
        final CompiledCondition c = ExprCompiler.condition("amount > 10", false);
        assertThat(c.aggregates()).isEmpty();
        assertThat(c.condition().test(tx, AggregateValues.NONE)).isTrue();
    }
}
