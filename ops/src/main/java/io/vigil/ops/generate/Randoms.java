package io.vigil.ops.generate;

import java.util.SplittableRandom;

/**
 * Draws from distributions with {@link SplittableRandom} and {@link StrictMath} only, so a seed gives the same
 * numbers on every JVM and platform ({@code Math.log} may differ in the last bit between intrinsics).
 */
final class Randoms
{
    private Randoms()
    {
    }

    /**
     * @param rng source.
     * @return a standard normal variate (Box–Muller, one of the pair).
     */
    static double gaussian(final SplittableRandom rng)
    {
        final double u1 = 1.0 - rng.nextDouble();
        final double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /**
     * @param rng    source.
     * @param median the distribution's median.
     * @param sigma  standard deviation of its logarithm.
     * @return a log-normal variate.
     */
    static double logNormal(final SplittableRandom rng, final double median, final double sigma)
    {
        return median * StrictMath.exp(sigma * gaussian(rng));
    }

    /**
     * @param rng        source.
     * @param ratePerUnit events per unit of time.
     * @return the exponentially distributed wait until the next event, in that unit.
     */
    static double exponential(final SplittableRandom rng, final double ratePerUnit)
    {
        return -StrictMath.log(1.0 - rng.nextDouble()) / ratePerUnit;
    }

    /**
     * @param rng   source.
     * @param low   inclusive.
     * @param high  inclusive.
     * @return a uniform integer in [low, high].
     */
    static int between(final SplittableRandom rng, final int low, final int high)
    {
        return rng.nextInt(low, high + 1);
    }

    /**
     * @param cumulative cumulative integer weights, last = total, total &gt; 0.
     * @param rng        source.
     * @return the chosen index.
     */
    static int pick(final int[] cumulative, final SplittableRandom rng)
    {
        final int x = rng.nextInt(cumulative[cumulative.length - 1]);
        int i = 0;
        while (cumulative[i] <= x)
        {
            i++;
        }
        return i;
    }

    /**
     * @param cumulative cumulative non-negative weights, last = total &gt; 0.
     * @param u          uniform in [0, 1).
     * @return the first index whose cumulative weight exceeds {@code u * total} (binary search).
     */
    static int pick(final double[] cumulative, final double u)
    {
        final double x = u * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (cumulative[mid] <= x)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
