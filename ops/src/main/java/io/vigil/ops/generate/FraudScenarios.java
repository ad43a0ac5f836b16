package io.vigil.ops.generate;

import io.vigil.core.event.Channel;
import io.vigil.core.event.TxStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the transactions of one injected case of each {@link FraudType}, shaped to be caught by the engine's
 * rules with a margin: a velocity burst (rule: 5+ approved in 60 s) packs 6–9 approved into 50 s; card testing
 * (rule: 3+ probes under 2.00, then 500.00 or more, within 10 min) ends within 8 min; a spend spike (rule: approved
 * sum of 3000.00 within 60 min) passes 3000.00 in the card's currency, and also in US dollars, within 50 min;
 * impossible travel puts two approved card-present purchases 3000+ km apart, in two countries, within the hour;
 * a new-country case buys in person in a country the card has never used.
 * <p>
 * Thresholds are met in major units of the transaction's own currency: a probe in yen is ¥1, a hit ¥75,000.
 */
final class FraudScenarios
{
    private static final long SECOND_MS = 1_000L;
    private static final long MINUTE_MS = 60_000L;
    private static final double FAR_KM = 3_000;
    private static final Comparator<GeneratedTransaction> BY_TIME =
        Comparator.comparingLong(GeneratedTransaction::tsMs);

    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final SplittableRandom rng;

    FraudScenarios(final CardPopulation cards, final MerchantDirectory merchants, final SplittableRandom rng)
    {
        this.cards = cards;
        this.merchants = merchants;
        this.rng = rng;
    }

    /** @return 6–9 approved online purchases within 50 s from a fraudster's device, maybe one declined too. */
    List<GeneratedTransaction> velocity(final int card, final long t0)
    {
        final List<GeneratedTransaction> txs = new ArrayList<>();
        final int home = cards.homeCountry(card).index();
        final String device = fraudDevice();
        final String ip = fraudIp();
        final int approved = Randoms.between(rng, 6, 9);
        for (int i = 0; i < approved; i++)
        {
            final long ts = i == 0 ? t0 : t0 + rng.nextLong(1, 50 * SECOND_MS + 1);
            final MerchantCategory category = rng.nextBoolean() ? MerchantCategory.DIGITAL_GOODS :
                MerchantCategory.MISC_RETAIL;
            final int merchant = merchants.randomOnline(home, category, rng);
            txs.add(tx(ts, card, merchant, Money.toMinor(15 + 110 * rng.nextDouble(), merchants.country(merchant)),
                Channel.ECOM, device, ip, TxStatus.APPROVED));
        }
        if (rng.nextBoolean())
        {
            final int merchant = merchants.randomOnline(home, MerchantCategory.ELECTRONICS, rng);
            txs.add(tx(t0 + rng.nextLong(1, 50 * SECOND_MS + 1), card, merchant,
                Money.toMinor(200 + 200 * rng.nextDouble(), merchants.country(merchant)), Channel.ECOM, device, ip,
                TxStatus.DECLINED));
        }
        txs.sort(BY_TIME);
        return txs;
    }

    /** @return 3–6 online probes under 2.00 (mostly declined), then an approved hit of 500.00 or more. */
    List<GeneratedTransaction> cardTesting(final int card, final long t0)
    {
        final List<GeneratedTransaction> txs = new ArrayList<>();
        final Geography.Country home = cards.homeCountry(card);
        final long majorUnit = Money.minorPerMajor(home.currency());
        final String device = fraudDevice();
        final String ip = fraudIp();
        final int tester = merchants.randomOnline(home.index(), MerchantCategory.DIGITAL_GOODS, rng);
        final int probes = Randoms.between(rng, 3, 6);
        long ts = t0;
        int approvedProbes = 0;
        for (int i = 0; i < probes; i++)
        {
            if (i > 0)
            {
                ts += rng.nextLong(10 * SECOND_MS, 60 * SECOND_MS + 1);
            }
            // about a quarter of the probes pass, but never all of them
            final boolean approve = rng.nextDouble() < 0.25 && (approvedProbes + 1 < probes);
            approvedProbes += approve ? 1 : 0;
            txs.add(tx(ts, card, tester, rng.nextLong(1, 2 * majorUnit), Channel.ECOM, device, ip,
                approve ? TxStatus.APPROVED : TxStatus.DECLINED));
        }
        ts += rng.nextLong(20 * SECOND_MS, 150 * SECOND_MS + 1);
        final int shop = merchants.randomOnline(home.index(), MerchantCategory.ELECTRONICS, rng);
        final long hit = Math.max(Money.toMinor(600 + 1900 * rng.nextDouble(), home),
            500 * majorUnit + rng.nextLong(0, 400 * majorUnit));
        txs.add(tx(ts, card, shop, hit, Channel.ECOM, device, ip, TxStatus.APPROVED));
        return txs;
    }

    /** @return 2–5 approved purchases within 50 min summing to 3000.00+ (and US$3200+), in person or online. */
    List<GeneratedTransaction> amountSpike(final int card, final long t0)
    {
        final Geography.Country home = cards.homeCountry(card);
        final long majorUnit = Money.minorPerMajor(home.currency());
        final int count = Randoms.between(rng, 2, 5);
        final long target = Math.max(Money.toMinor(3200 + 3800 * rng.nextDouble(), home),
            Math.round(3000 * majorUnit * (1.05 + 0.25 * rng.nextDouble())));
        final double[] weights = new double[count];
        double weightSum = 0;
        for (int i = 0; i < count; i++)
        {
            weights[i] = 0.5 + rng.nextDouble();
            weightSum += weights[i];
        }
        final boolean present = rng.nextBoolean();
        final String device = present ? "" : fraudDevice();
        final String ip = present ? "" : fraudIp();
        final List<GeneratedTransaction> txs = new ArrayList<>();
        long remaining = target;
        for (int i = 0; i < count; i++)
        {
            final long amount = i == count - 1 ? remaining : (long)(target * weights[i] / weightSum);
            remaining -= amount;
            final long ts = i == 0 ? t0 : t0 + rng.nextLong(MINUTE_MS, 50 * MINUTE_MS + 1);
            final int merchant = present ?
                merchants.randomPhysical(cards.homeCity(card), rng.nextBoolean() ? MerchantCategory.ELECTRONICS :
                    MerchantCategory.JEWELRY, rng) :
                merchants.randomOnline(home.index(), MerchantCategory.ELECTRONICS, rng);
            txs.add(tx(ts, card, merchant, amount, present ? Channel.POS : Channel.ECOM, device, ip,
                TxStatus.APPROVED));
        }
        txs.sort(BY_TIME);
        return txs;
    }

    /**
     * @return an approved purchase at home, then within 5–55 min an approved card-present one in a city 3000+ km
     * away in another country, maybe a second one there.
     */
    List<GeneratedTransaction> impossibleTravel(final int card, final long t0)
    {
        final List<GeneratedTransaction> txs = new ArrayList<>();
        final int homeCity = cards.homeCity(card);
        final MerchantCategory local = rng.nextBoolean() ? MerchantCategory.GROCERY : MerchantCategory.FUEL;
        final int shop = merchants.randomPhysical(homeCity, local, rng);
        final double usd = Math.min(150, Randoms.logNormal(rng, cards.typicalUsd(card) * local.amountFactor(), 0.4));
        txs.add(tx(t0, card, shop, Money.toMinor(usd, merchants.country(shop)),
            usd < 60 ? Channel.CONTACTLESS : Channel.POS, "", "", TxStatus.APPROVED));

        final int far = farCity(homeCity);
        long ts = t0 + rng.nextLong(5 * MINUTE_MS, 55 * MINUTE_MS + 1);
        txs.add(abroad(ts, card, far, rng.nextBoolean()));
        if (rng.nextBoolean())
        {
            ts += rng.nextLong(MINUTE_MS, 4 * MINUTE_MS + 1);
            txs.add(abroad(ts, card, far, false));
        }
        return txs;
    }

    /**
     * @param country a country the card has never used.
     * @return 1–3 card-present purchases or withdrawals in a city of that country within 30 min, the first approved.
     */
    List<GeneratedTransaction> newCountry(final int card, final long t0, final Geography.Country country)
    {
        final List<GeneratedTransaction> txs = new ArrayList<>();
        final int city = country.firstCity() + rng.nextInt(country.cityCount());
        final int count = Randoms.between(rng, 1, 3);
        long ts = t0;
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                ts += rng.nextLong(2 * MINUTE_MS, 10 * MINUTE_MS + 1);
            }
            final GeneratedTransaction tx = abroad(ts, card, city, i == 0 && rng.nextDouble() < 0.4);
            txs.add(i == 0 || rng.nextDouble() < 0.85 ? tx : tx.withStatus(TxStatus.DECLINED));
        }
        return txs;
    }

    /**
     * @param homeCity a card's home city.
     * @return a city 3000+ km away in another country, uniformly among those.
     */
    int farCity(final int homeCity)
    {
        final int homeCountry = Geography.CITIES[homeCity].country();
        final int[] candidates = new int[Geography.CITIES.length];
        int n = 0;
        for (final Geography.City c : Geography.CITIES)
        {
            if (c.country() != homeCountry && Geography.distanceKm(homeCity, c.index()) >= FAR_KM)
            {
                candidates[n++] = c.index();
            }
        }
        return candidates[rng.nextInt(n)];
    }

    private GeneratedTransaction abroad(final long ts, final int card, final int city, final boolean atm)
    {
        final int merchant;
        final long amount;
        final Channel channel;
        if (atm)
        {
            merchant = merchants.randomPhysical(city, MerchantCategory.ATM, rng);
            final Geography.Country country = merchants.country(merchant);
            final long step = Money.roundStep(20, country);
            amount = Math.max(step, Money.toMinor(200 + 300 * rng.nextDouble(), country) / step * step);
            channel = Channel.ATM;
        }
        else
        {
            final MerchantCategory category = switch (rng.nextInt(3))
            {
                case 0 -> MerchantCategory.ELECTRONICS;
                case 1 -> MerchantCategory.CLOTHING;
                default -> MerchantCategory.JEWELRY;
            };
            merchant = merchants.randomPhysical(city, category, rng);
            amount = Money.toMinor(150 + 750 * rng.nextDouble(), merchants.country(merchant));
            channel = Channel.POS;
        }
        return tx(ts, card, merchant, amount, channel, "", "", TxStatus.APPROVED);
    }

    private GeneratedTransaction tx(final long ts, final int card, final int merchant, final long amountMinor,
        final Channel channel, final String device, final String ip, final TxStatus status)
    {
        final Geography.Country country = merchants.country(merchant);
        return new GeneratedTransaction("", ts, CardPopulation.cardId(card), cards.accountId(card),
            MerchantDirectory.merchantId(merchant), merchants.category(merchant).mcc(), amountMinor,
            country.currency(), country.code(), merchants.lat(merchant), merchants.lon(merchant), channel, device, ip,
            status);
    }

    private String fraudDevice()
    {
        return Ids.device(rng.nextLong());
    }

    private String fraudIp()
    {
        return Ids.ipv4(CardPopulation.ipIn(Geography.FRAUD_IP_OCTETS, rng));
    }
}
