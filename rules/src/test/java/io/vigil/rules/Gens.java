package io.vigil.rules;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.api.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * QuickTheories generators shared by the property tests: numbers and list sizes drawn with the bias the tests
 * were first written against (many small values, some long lists), so edges are hit often.
 */
public final class Gens
{
    private Gens()
    {
    }

    /**
     * Longs in {@code [0, max]} with the bias of a jqwik {@code longs().between(0, max)}: the range is cut into
     * partitions that get geometrically narrower towards 0, a partition is picked uniformly, then a value
     * uniformly within it, so small values are much more frequent than a uniform draw would make them.
     */
    public static Gen<Long> biasedLongs(final long max)
    {
        final List<Long> points = new ArrayList<>();
        for (long range = max; range > 20; )
        {
            final int approximatedDecimals = (Long.SIZE - Long.numberOfLeadingZeros(range)) / 10 * 3;
            final long distance = range / Math.max((long)Math.pow(approximatedDecimals / 5.0, 10), 3);
            if (distance == 0)
            {
                break;
            }
            points.add(distance);
            range = distance;
        }
        points.sort(null);
        final List<Gen<Long>> partitions = new ArrayList<>();
        long lower = 0;
        for (final long point : points)
        {
            if (point <= lower)
            {
                continue;
            }
            if (point >= max)
            {
                break;
            }
            partitions.add(Generate.longRange(lower, point - 1));
            lower = point;
        }
        partitions.add(Generate.longRange(lower, max));
        return Generate.range(0, partitions.size() - 1).flatMap(partitions::get);
    }

    /**
     * List sizes in {@code [min, max]} distributed as jqwik's default for {@code examples} tries: mostly up to
     * a cutoff {@code min + sqrt(EXAMPLES)}, 11% above it, 1% exactly {@code max}.
     */
    public static Gen<Integer> listSizes(final int min, final int max, final int examples)
    {
        final int cutoff = min + (int)Math.max(Math.round(Math.sqrt(examples)), 10);
        if (cutoff >= max)
        {
            return Generate.range(min, max);
        }
        final int maxSizePerTenThousand = (int)Math.round(Math.min(0.02, 10.0 / examples) * 10_000);
        final int aboveCutoffPerTenThousand = (10_000 - maxSizePerTenThousand) * 11 / 100;
        return Generate.frequency(List.of(
            Pair.of(10_000 - maxSizePerTenThousand - aboveCutoffPerTenThousand, Generate.range(min, cutoff)),
            Pair.of(aboveCutoffPerTenThousand, Generate.range(cutoff + 1, max)),
            Pair.of(maxSizePerTenThousand, Generate.constant(max))));
    }
}
