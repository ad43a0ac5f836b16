package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationTest
{
    private static final int EVALUATIONS = 100_000;

    @Test
    void shouldEvaluateCompiledFiltersAndConditionsWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final TransactionFlyweight tx = Events.typical();
        final TxPredicate filter = ExprCompiler.filter(
            "status == \"approved\" && card != \"card-1\" && currency in [\"EUR\", \"GBP\"] && country != \"US\" " +
            "&& channel in [\"pos\", \"ecom\"] && merchant in [\"m-1\", \"m-17\"] && amount * 2 >= 0.5 && " +
            "!(hour in [3, 4]) && (lat > 0 || lon > 0) && mcc % 2 == 1 && device == ip == false && ts > 0");
        final CompiledCondition when = ExprCompiler.condition(
            "count() >= 5 && ratio(status == \"declined\") < 0.5 && sum(amount) / count() > 1 && amount > 1", false);
        final AggregateValues values = i -> i == 0 ? 10 : i == 1 ? 0.25 : 100;
        final TxPredicate countArg = when.aggregates().get(1).predicate();
        final TxNumber sumArg = when.aggregates().get(2).value();

        long hits = run(filter, when, values, countArg, sumArg, tx);
        hits += run(filter, when, values, countArg, sumArg, tx);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        hits += run(filter, when, values, countArg, sumArg, tx);
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertThat(hits).isEqualTo(3L * EVALUATIONS * 3);
        // JIT may charge a few KB
        assertThat(allocated).as("bytes allocated by %d evaluations", EVALUATIONS).isLessThan(16 * 1024);
    }

    private static long run(final TxPredicate filter, final CompiledCondition when, final AggregateValues values,
        final TxPredicate countArg, final TxNumber sumArg, final TransactionFlyweight tx)
    {
        long hits = 0;
        for (int i = 0; i < EVALUATIONS; i++)
        {
            hits += filter.test(tx) ? 1 : 0;
            hits += when.condition().test(tx, values) ? 1 : 0;
            hits += countArg.test(tx) ? 0 : 1;
            hits += sumArg.value(tx) > 0 ? 0 : 1;
        }
        return hits;
    }
}
