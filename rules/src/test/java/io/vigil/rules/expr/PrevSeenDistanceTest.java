package io.vigil.rules.expr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrevSeenDistanceTest
{
    @Test
    void shouldCompilePrevSeenAndTheScalarFunctions()
    {
        final CompiledCondition c = ExprCompiler.condition("count() >= 2 && seen(country) == 0 && " +
            "distance_km(prev(lat), prev(lon), lat, lon) / max((ts - prev(ts)) / 3600000, 0.05) > 900", false);

        assertThat(c.aggregates()).extracting(AggregateSpec::kind).containsExactly(AggregateKind.COUNT,
            AggregateKind.SEEN, AggregateKind.PREV, AggregateKind.PREV, AggregateKind.PREV);
        assertThat(c.aggregates()).extracting(AggregateSpec::text)
            .containsExactly("count()", "seen(country)", "prev(lat)", "prev(lon)", "prev(ts)");
        assertThat(c.aggregates().get(1).distinct()).isNotNull();
        assertThat(c.aggregates().get(2).value()).isNotNull();
    }

    @Test
    void shouldTellScalarMaxAndMinFromTheAggregatesByArity()
    {
        final CompiledCondition c = ExprCompiler.condition("max(amount) > max(1, 2) && min(3, 4) < min(amount)", false);

        assertThat(c.aggregates()).extracting(AggregateSpec::kind)
            .containsExactly(AggregateKind.MAX, AggregateKind.MIN);
        assertThat(c.condition().test(null, i -> i == 0 ? 2.5 : 3.5)).isTrue();
        assertThat(c.condition().test(null, i -> i == 0 ? 2.0 : 3.5)).isFalse();
        assertThat(c.condition().test(null, i -> i == 0 ? 2.5 : 3.0)).isFalse();
        assertThat(ExprCompiler.compileFilter("max(amount, 10) > 10 && min(mcc, 5000) == 5000").ok()).isTrue();
    }

    @Test
    void shouldComputeGreatCircleDistances()
    {
        assertThat(EvaluatorBuilder.distanceKm(0, 0, 0, 1)).isCloseTo(111.19508, within(1e-4));
        assertThat(EvaluatorBuilder.distanceKm(48.8566, 2.3522, 51.5074, -0.1278)).isCloseTo(343.5, within(0.5));
        assertThat(EvaluatorBuilder.distanceKm(40.7128, -74.0060, 48.8566, 2.3522)).isCloseTo(5837, within(2.0));
        assertThat(EvaluatorBuilder.distanceKm(10, 20, 10, 20)).isZero();
        assertThat(EvaluatorBuilder.distanceKm(90, 0, -90, 0)).isCloseTo(Math.PI * 6371.0088, within(1e-6));
        assertThat(EvaluatorBuilder.distanceKm(Double.NaN, 0, 0, 1)).isNaN();
        assertThat(EvaluatorBuilder.distanceKm(0, 0, 0, Double.NaN)).isNaN();

        final TxPredicate near = ExprCompiler.filter("distance_km(0, 0, 0, 1) > 111.19 && distance_km(0, 0, 0, 1) < 111.2");
        assertThat(near.test(null)).isTrue();
        final TxPredicate nan = ExprCompiler.filter("distance_km(0, 0, 0, 0 / 0) != distance_km(0, 0, 0, 0 / 0)");
        assertThat(nan.test(null)).isTrue();
    }

    @Test
    void shouldReportMisusedPrevSeenAndDistance()
    {
        assertConditionErrors("seen(amount) == 0", null, new ExprError(1, 6,
            "seen() counts the values of a string field: expected a field such as merchant, device or country, " +
            "found the field 'amount'"));
        assertConditionErrors("prev(status) > 1", null, new ExprError(1, 6,
            "prev(): expected a number, found the field 'status' (a string)"));
        assertConditionErrors("prev() > 1", null, new ExprError(1, 1,
            "prev() takes 1 argument (prev(number), e.g. prev(ts)), found 0"));
        assertConditionErrors("seen(contry) == 0", null, new ExprError(1, 6,
            "unknown field 'contry' (did you mean 'country'?); known fields: id, card, account, merchant, device, " +
            "ip, currency, country, channel, status, amount, ts, mcc, lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk"));
        assertConditionErrors("prev(count()) > 1", null, new ExprError(1, 6,
            "aggregates cannot be nested: found count() inside prev()"));
        assertConditionErrors("distance_km(lat, lon, 1) > 0", null, new ExprError(1, 1,
            "distance_km() takes 4 arguments (distance_km(lat1, lon1, lat2, lon2), in degrees), found 3"));
        assertConditionErrors("distance_km(lat, lon, country, 1) > 0", null, new ExprError(1, 23,
            "distance_km(): expected a number, found the field 'country' (a string)"));
        assertConditionErrors("max(1, 2, 3) > 0", null, new ExprError(1, 1,
            "max() takes 1 argument (max(number)) or 2 (max(a, b)), found 3"));
        assertConditionErrors("count() > 1 && prev(ts) > 0", "tumbling", new ExprError(1, 16,
            "prev() reads the key's earlier events one by one, which only a sliding window keeps: expected it in " +
            "the when of a sliding window, found a tumbling window"));
        assertConditionErrors("seen(country) == 0", "session", new ExprError(1, 1,
            "seen() reads the key's earlier events one by one, which only a sliding window keeps: expected it in " +
            "the when of a sliding window, found a session window"));
        assertThat(ExprCompiler.compileCondition("seen(country) == 0 && ts - prev(ts) > 1", false, "sliding").ok())
            .isTrue();

        final CompiledFilter filter = ExprCompiler.compileFilter("prev(ts) > 0");
        assertThat(filter.errors()).containsExactly(new ExprError(1, 1,
            "aggregate prev() is not allowed in a filter: a filter tests one event; aggregates belong in a " +
            "window's when"));
    }

    private static void assertConditionErrors(final String source, final String windowType,
        final ExprError... expected)
    {
        final CompiledCondition compiled = ExprCompiler.compileCondition(source, false, windowType);
        assertThat(compiled.condition()).isNull();
        assertThat(compiled.errors()).isEqualTo(List.of(expected));
    }
}
