package io.vigil.ops.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The cardholders, held as parallel arrays indexed by card. Each card has an account (about one account in six
 * holds two cards, which share a home and a household IP address), a home city, a spending habit (typical
 * amount, transactions per day, share bought online), a device and an IP address for e-commerce, and for one
 * card in four a favourite online shop abroad. Built once; read-only after.
 * <p>
 * Strings (card, account, device, IP) are built when asked for, from numbers, to keep large populations small.
 */
final class CardPopulation
{
    private static final double SECOND_CARD_PROBABILITY = 0.18;
    private static final double FOREIGN_SHOP_PROBABILITY = 0.25;

    static
    {
        if (Geography.COUNTRIES.length > Long.SIZE)
        {
            throw new IllegalStateException("country masks hold at most 64 countries");
        }
    }

    private final int[] city;
    private final int[] account;
    private final float[] typicalUsd;
    private final float[] ecomShare;
    private final long[] device;
    private final int[] ip;
    private final int[] foreignShop;
    private final double[] cumulativeRatePerDay;

    private CardPopulation(final int count)
    {
        city = new int[count];
        account = new int[count];
        typicalUsd = new float[count];
        ecomShare = new float[count];
        device = new long[count];
        ip = new int[count];
        foreignShop = new int[count];
        cumulativeRatePerDay = new double[count];
    }

    /**
     * @param homeCountries where cardholders may live (ISO codes).
     * @return relative share of cardholders per city, indexed like {@link Geography#CITIES}.
     */
    static double[] homeCityWeights(final List<String> homeCountries)
    {
        final double[] weights = new double[Geography.CITIES.length];
        for (final Geography.Country c : Geography.COUNTRIES)
        {
            if (!homeCountries.contains(c.code()))
            {
                continue;
            }
            int citySum = 0;
            for (int city = c.firstCity(); city < c.firstCity() + c.cityCount(); city++)
            {
                citySum += Geography.CITIES[city].weight();
            }
            final int countryWeight = Math.max(1, c.homeWeight());
            for (int city = c.firstCity(); city < c.firstCity() + c.cityCount(); city++)
            {
                weights[city] = (double)countryWeight * Geography.CITIES[city].weight() / citySum;
            }
        }
        return weights;
    }

    /**
     * @param cards           population size.
     * @param cityHomeWeights from {@link #homeCityWeights(List)}.
     * @param merchants       where the favourite foreign shops come from.
     * @param rng             source of every choice.
     * @return the population.
     */
    static CardPopulation build(final int cards, final double[] cityHomeWeights, final MerchantDirectory merchants,
        final SplittableRandom rng)
    {
        final CardPopulation p = new CardPopulation(cards);
        final double[] cumulativeCity = new double[cityHomeWeights.length];
        double sum = 0;
        for (int i = 0; i < cityHomeWeights.length; i++)
        {
            sum += cityHomeWeights[i];
            cumulativeCity[i] = sum;
        }
        int accounts = 0;
        double rateSum = 0;
        for (int c = 0; c < cards; c++)
        {
            final boolean secondCard = c > 0 && (c < 2 || p.account[c - 2] != p.account[c - 1]) &&
                rng.nextDouble() < SECOND_CARD_PROBABILITY;
            if (secondCard)
            {
                p.account[c] = p.account[c - 1];
                p.city[c] = p.city[c - 1];
                p.ip[c] = p.ip[c - 1];
            }
            else
            {
                p.account[c] = accounts++;
                p.city[c] = Randoms.pick(cumulativeCity, rng.nextDouble());
                p.ip[c] = residentialIp(Geography.COUNTRIES[Geography.CITIES[p.city[c]].country()], rng);
            }
            p.typicalUsd[c] = (float)Math.max(6, Math.min(220, Randoms.logNormal(rng, 35, 0.55)));
            p.ecomShare[c] = (float)(0.05 + 0.30 * rng.nextDouble());
            p.device[c] = rng.nextLong();
            p.foreignShop[c] = rng.nextDouble() < FOREIGN_SHOP_PROBABILITY ?
                foreignShop(p.homeCountry(c).index(), merchants, rng) : -1;
            rateSum += Math.max(0.3, Math.min(14, Randoms.logNormal(rng, 2.2, 0.6)));
            p.cumulativeRatePerDay[c] = rateSum;
        }
        return p;
    }

    /** @return cards in the population. */
    int count()
    {
        return city.length;
    }

    /**
     * @param u uniform in [0, 1).
     * @return a card, chosen in proportion to its transactions per day.
     */
    int pickByRate(final double u)
    {
        return Randoms.pick(cumulativeRatePerDay, u);
    }

    /** @return the population's transactions per day, on average over a day. */
    double totalRatePerDay()
    {
        return cumulativeRatePerDay[cumulativeRatePerDay.length - 1];
    }

    /** @return the card's transactions per day, on average over a day. */
    double ratePerDay(final int card)
    {
        return cumulativeRatePerDay[card] - (card == 0 ? 0 : cumulativeRatePerDay[card - 1]);
    }

    int homeCity(final int card)
    {
        return city[card];
    }

    Geography.Country homeCountry(final int card)
    {
        return Geography.COUNTRIES[Geography.CITIES[city[card]].country()];
    }

    int utcOffsetMinutes(final int card)
    {
        return Geography.CITIES[city[card]].utcOffsetMinutes();
    }

    /** @return a typical purchase of this cardholder, in US dollars. */
    double typicalUsd(final int card)
    {
        return typicalUsd[card];
    }

    /** @return the share of this card's purchases made online. */
    double ecomShare(final int card)
    {
        return ecomShare[card];
    }

    /** @return the card's favourite online shop abroad, or -1. */
    int foreignShop(final int card)
    {
        return foreignShop[card];
    }

    /**
     * @param card      a card.
     * @param merchants the directory its favourite shop is in.
     * @return bit i set for each country i where the card's own (non-fraud) transactions happen.
     */
    long countryMask(final int card, final MerchantDirectory merchants)
    {
        final long home = 1L << homeCountry(card).index();
        return foreignShop[card] < 0 ? home : home | 1L << merchants.country(foreignShop[card]).index();
    }

    /** @return {@code card-} and 8 digits. */
    static String cardId(final int card)
    {
        return Ids.padded("card-", card + 1L, 8);
    }

    String accountId(final int card)
    {
        return Ids.padded("acct-", account[card] + 1L, 8);
    }

    /** @return the account's index (cards of one account share it). */
    int account(final int card)
    {
        return account[card];
    }

    String deviceId(final int card)
    {
        return Ids.device(device[card]);
    }

    String ip(final int card)
    {
        return Ids.ipv4(ip[card]);
    }

    /**
     * @param octets first octets to choose from.
     * @param rng    source.
     * @return an IPv4 address with one of those first octets.
     */
    static int ipIn(final int[] octets, final SplittableRandom rng)
    {
        return octets[rng.nextInt(octets.length)] << 24 | rng.nextInt(1 << 16) << 8 | Randoms.between(rng, 1, 254);
    }

    private static int residentialIp(final Geography.Country country, final SplittableRandom rng)
    {
        return ipIn(country.ipOctets(), rng);
    }

    private static int foreignShop(final int homeCountry, final MerchantDirectory merchants,
        final SplittableRandom rng)
    {
        int hubs = 0;
        for (final Geography.Country c : Geography.COUNTRIES)
        {
            if (c.ecomHub() && c.index() != homeCountry)
            {
                hubs++;
            }
        }
        int chosen = rng.nextInt(hubs);
        for (final Geography.Country c : Geography.COUNTRIES)
        {
            if (c.ecomHub() && c.index() != homeCountry && chosen-- == 0)
            {
                final MerchantCategory category = rng.nextBoolean() ? MerchantCategory.MISC_RETAIL :
                    MerchantCategory.CLOTHING;
                return merchants.randomOnline(c.index(), category, rng);
            }
        }
        throw new IllegalStateException("no e-commerce hub abroad");
    }
}
