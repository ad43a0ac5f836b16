package io.vigil.rules.window;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

class DistinctSetTest
{
    @Test
    void shouldMatchACountingMapUnderAnyAddsAndRemoves()
    {
        final Gen<Long> values = Generate.longRange(-40, 40);
        final Gen<Boolean> adds = Generate.booleans();
        final Gen<long[]> ops = in -> new long[] {adds.generate(in) ? 1 : -1, values.generate(in)};
        qt().withExamples(500).forAll(lists().of(ops).ofSizeBetween(1, 400)).checkAssert(DistinctSetTest::replay);
    }

    @Test
    void shouldRefuseNewValuesWhenFullAndKeepCountingHeldOnes()
    {
        final DistinctSet set = new DistinctSet();
        for (long v = 1; v <= DistinctSet.MAX_VALUES; v++)
        {
            assertThat(set.add(v, 1)).isEqualTo(DistinctSet.ADDED);
        }
        assertThat(set.add(-1, 1)).isEqualTo(DistinctSet.REFUSED);
        assertThat(set.add(7, 1)).isEqualTo(DistinctSet.COUNTED);
        assertThat(set.size()).isEqualTo(DistinctSet.MAX_VALUES);
        assertThat(set.capacity()).isEqualTo(2 * DistinctSet.MAX_VALUES);

        set.clear();
        assertThat(set.size()).isZero();
        assertThat(set.add(-1, 1)).isEqualTo(DistinctSet.ADDED);
    }

    private static void replay(final List<long[]> ops)
    {
        final DistinctSet set = new DistinctSet();
        final Map<Long, Integer> reference = new HashMap<>();
        for (final long[] op : ops)
        {
            final long value = op[1];
            if (op[0] > 0)
            {
                set.add(value, 1);
                if (value != 0)
                {
                    reference.merge(value, 1, Integer::sum);
                }
            }
            else
            {
                set.remove(value);
                reference.computeIfPresent(value, (v, n) -> n == 1 ? null : n - 1);
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        final Map<Long, Integer> held = new HashMap<>();
        for (int slot = 0; slot < set.capacity(); slot++)
        {
            if (set.hashAt(slot) != 0)
            {
                held.put(set.hashAt(slot), set.countAt(slot));
            }
        }
        assertThat(held).isEqualTo(reference);
        for (final long value : reference.keySet())
        {
            assertThat(set.add(value, 1)).as("still found after deletions: %d", value).isEqualTo(DistinctSet.COUNTED);
        }
    }
}
