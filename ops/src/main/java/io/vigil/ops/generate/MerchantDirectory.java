package io.vigil.ops.generate;

import java.util.SplittableRandom;

/**
 * The merchants of the synthetic world, held as parallel arrays: shops and cash machines with coordinates in
 * every city (more where more cardholders live, and at least two of each category everywhere, so that a card
 * abroad always finds a shop), and online shops per country without coordinates. Built once; read-only after.
 */
final class MerchantDirectory
{
    private static final int MIN_PER_CATEGORY = 2;
    private static final int MIN_ATMS = 2;
    private static final double JITTER_DEG = 0.04;
    private static final int HUB_WEIGHT = 10;

    private final byte[] category;
    private final int[] country;
    private final double[] lat;
    private final double[] lon;
    private final int[][][] physical;
    private final int[][][] online;

    private MerchantDirectory(final int count)
    {
        category = new byte[count];
        country = new int[count];
        lat = new double[count];
        lon = new double[count];
        physical = new int[Geography.CITIES.length][MerchantCategory.VALUES.length][];
        online = new int[Geography.COUNTRIES.length][MerchantCategory.VALUES.length][];
    }

    /**
     * @param cards            population size: the directory grows with it.
     * @param cityHomeWeights  cardholders' share per city (see {@link CardPopulation#homeCityWeights}).
     * @param rng              source of every choice.
     * @return the directory.
     */
    static MerchantDirectory build(final int cards, final double[] cityHomeWeights, final SplittableRandom rng)
    {
        final long physicalTotal = Math.max(400, Math.min(800_000, cards / 6));
        final long onlineTotal = Math.max(200, Math.min(100_000, cards / 40));
        final int presentCategories = countCategories(false);
        final int onlineCategories = countCategories(true);

        double cityWeightSum = 0;
        for (final double w : cityHomeWeights)
        {
            cityWeightSum += w;
        }
        final int[] shopsPerCity = new int[Geography.CITIES.length];
        final int[] atmsPerCity = new int[Geography.CITIES.length];
        int total = 0;
        for (int c = 0; c < shopsPerCity.length; c++)
        {
            shopsPerCity[c] = (int)Math.max(MIN_PER_CATEGORY * presentCategories,
                Math.round(physicalTotal * cityHomeWeights[c] / cityWeightSum));
            atmsPerCity[c] = Math.max(MIN_ATMS, shopsPerCity[c] / 12);
            total += shopsPerCity[c] + atmsPerCity[c];
        }
        final double[] countryWeights = new double[Geography.COUNTRIES.length];
        double countryWeightSum = 0;
        for (int c = 0; c < countryWeights.length; c++)
        {
            final Geography.Country country = Geography.COUNTRIES[c];
            for (int city = country.firstCity(); city < country.firstCity() + country.cityCount(); city++)
            {
                countryWeights[c] += cityHomeWeights[city];
            }
            countryWeights[c] = countryWeights[c] / cityWeightSum * 100 + (country.ecomHub() ? HUB_WEIGHT : 0);
            countryWeightSum += countryWeights[c];
        }
        final int[] shopsPerCountry = new int[countryWeights.length];
        for (int c = 0; c < shopsPerCountry.length; c++)
        {
            shopsPerCountry[c] = (int)Math.max(MIN_PER_CATEGORY * onlineCategories,
                Math.round(onlineTotal * countryWeights[c] / countryWeightSum));
            total += shopsPerCountry[c];
        }

        final MerchantDirectory d = new MerchantDirectory(total);
        final int[] presentWeights = MerchantCategory.cumulativeWeights(false);
        final int[] onlineWeights = MerchantCategory.cumulativeWeights(true);
        int next = 0;
        for (int city = 0; city < shopsPerCity.length; city++)
        {
            final int first = next;
            next = d.addShops(next, shopsPerCity[city], presentWeights, false, rng);
            for (int i = 0; i < atmsPerCity[city]; i++)
            {
                d.category[next++] = (byte)MerchantCategory.ATM.ordinal();
            }
            final Geography.City c = Geography.CITIES[city];
            for (int m = first; m < next; m++)
            {
                d.country[m] = c.country();
                final double mLat = c.lat() + JITTER_DEG * Randoms.gaussian(rng);
                final double cosLat = StrictMath.cos(StrictMath.toRadians(c.lat()));
                d.lat[m] = round6(Math.max(-90, Math.min(90, mLat)));
                d.lon[m] = round6(c.lon() + JITTER_DEG / cosLat * Randoms.gaussian(rng));
            }
            d.physical[city] = d.indexByCategory(first, next);
        }
        for (int country = 0; country < shopsPerCountry.length; country++)
        {
            final int first = next;
            next = d.addShops(next, shopsPerCountry[country], onlineWeights, true, rng);
            for (int m = first; m < next; m++)
            {
                d.country[m] = country;
                d.lat[m] = Double.NaN;
                d.lon[m] = Double.NaN;
            }
            d.online[country] = d.indexByCategory(first, next);
        }
        return d;
    }

    /** @return merchants in the directory. */
    int count()
    {
        return category.length;
    }

    /**
     * @param merchant index.
     * @return its id: {@code m-} and 7 digits.
     */
    static String merchantId(final int merchant)
    {
        return Ids.padded("m-", merchant + 1L, 7);
    }

    MerchantCategory category(final int merchant)
    {
        return MerchantCategory.VALUES[category[merchant]];
    }

    Geography.Country country(final int merchant)
    {
        return Geography.COUNTRIES[country[merchant]];
    }

    /** @return latitude in degrees, NaN for online shops. */
    double lat(final int merchant)
    {
        return lat[merchant];
    }

    /** @return longitude in degrees, NaN for online shops. */
    double lon(final int merchant)
    {
        return lon[merchant];
    }

    /**
     * @param city     a city index.
     * @param category a category with premises.
     * @param rng      source.
     * @return a shop (or cash machine) of that category in that city, uniformly.
     */
    int randomPhysical(final int city, final MerchantCategory category, final SplittableRandom rng)
    {
        final int[] candidates = physical[city][category.ordinal()];
        return candidates[rng.nextInt(candidates.length)];
    }

    /**
     * @param country  a country index.
     * @param category a category sold online.
     * @param rng      source.
     * @return an online shop of that category in that country, uniformly.
     */
    int randomOnline(final int country, final MerchantCategory category, final SplittableRandom rng)
    {
        final int[] candidates = online[country][category.ordinal()];
        return candidates[rng.nextInt(candidates.length)];
    }

    private int addShops(final int start, final int count, final int[] weights, final boolean isOnline,
        final SplittableRandom rng)
    {
        int next = start;
        for (final MerchantCategory c : MerchantCategory.VALUES)
        {
            if (isOnline ? c.isOnline() : c.presentWeight() > 0)
            {
                for (int i = 0; i < MIN_PER_CATEGORY; i++)
                {
                    category[next++] = (byte)c.ordinal();
                }
            }
        }
        while (next < start + count)
        {
            category[next++] = (byte)Randoms.pick(weights, rng);
        }
        return next;
    }

    private int[][] indexByCategory(final int first, final int end)
    {
        final int[] counts = new int[MerchantCategory.VALUES.length];
        for (int m = first; m < end; m++)
        {
            counts[category[m]]++;
        }
        final int[][] index = new int[counts.length][];
        for (int c = 0; c < counts.length; c++)
        {
            index[c] = new int[counts[c]];
            counts[c] = 0;
        }
        for (int m = first; m < end; m++)
        {
            index[category[m]][counts[category[m]]++] = m;
        }
        return index;
    }

    private static int countCategories(final boolean isOnline)
    {
        int n = 0;
        for (final MerchantCategory c : MerchantCategory.VALUES)
        {
            if (isOnline ? c.isOnline() : c.presentWeight() > 0)
            {
                n++;
            }
        }
        return n;
    }

    private static double round6(final double degrees)
    {
        return Math.round(degrees * 1_000_000d) / 1_000_000d;
    }
}
