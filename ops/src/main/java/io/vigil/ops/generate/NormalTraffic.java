package io.vigil.ops.generate;

import io.vigil.core.event.Channel;
import io.vigil.core.event.TxStatus;

import java.util.SplittableRandom;

/**
 * The cardholders' own transactions, in event-time order. Each card buys as a Poisson process of its own daily
 * rate, modulated by the hour of the day in its home city (few purchases at night, peaks at lunch and in the early
 * evening). The superposition is drawn as one process over the whole population and thinned by the rhythm: a
 * candidate time comes from the population's peak rate, a card is picked in proportion to its rate, and the
 * candidate is kept with probability rhythm(local hour) / peak. Event times are therefore non-decreasing.
 * <p>
 * A purchase is online (the card's share; the merchant at home or, now and then, the card's favourite shop
 * abroad), a cash withdrawal, or in person in the home city (contactless when small); its amount is log-normal
 * around the cardholder's typical amount times the category's factor; about 2–3 % are declined.
 */
final class NormalTraffic
{
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;
    /** Relative purchase intensity per local hour, midnight first. */
    private static final double[] RHYTHM = {
        0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.60, 0.90, 1.00, 1.05, 1.15,
        1.30, 1.20, 1.05, 1.00, 1.05, 1.20, 1.35, 1.30, 1.10, 0.90, 0.65, 0.40};
    private static final double RHYTHM_PEAK;
    private static final double RHYTHM_MEAN;
    private static final double ATM_SHARE = 0.03;
    private static final double FOREIGN_SHOP_SHARE = 0.2;
    private static final double CONTACTLESS_LIMIT_USD = 60;
    private static final double MAX_USD = 1200;
    private static final double AMOUNT_SIGMA = 0.55;
    private static final int[] ATM_USD = {20, 40, 60, 100, 200};

    static
    {
        double peak = 0;
        double sum = 0;
        for (final double r : RHYTHM)
        {
            peak = Math.max(peak, r);
            sum += r;
        }
        RHYTHM_PEAK = peak;
        RHYTHM_MEAN = sum / RHYTHM.length;
    }

    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final SplittableRandom rng;
    private final long startMs;
    private final long total;
    private final double candidatesPerMs;
    private final int[] presentWeights = MerchantCategory.cumulativeWeights(false);
    private final int[] onlineWeights = MerchantCategory.cumulativeWeights(true);
    private long produced;
    private double offsetMs;
    private long nextTsMs;
    private int nextCard;

    /**
     * @param cards     the population.
     * @param merchants the directory.
     * @param rng       source of every choice; used by this object only.
     * @param startMs   event time of the start, epoch ms.
     * @param total     transactions to produce.
     */
    NormalTraffic(final CardPopulation cards, final MerchantDirectory merchants, final SplittableRandom rng,
        final long startMs, final long total)
    {
        this.cards = cards;
        this.merchants = merchants;
        this.rng = rng;
        this.startMs = startMs;
        this.total = total;
        this.candidatesPerMs = cards.totalRatePerDay() / DAY_MS * RHYTHM_PEAK / RHYTHM_MEAN;
        if (total > 0)
        {
            advance();
        }
    }

    /**
     * @param cards the population.
     * @return expected transactions per ms, averaged over a day: sets the time span of a generation.
     */
    static double expectedPerMs(final CardPopulation cards)
    {
        return cards.totalRatePerDay() / DAY_MS;
    }

    /** @return event time of the next transaction, or {@link Long#MAX_VALUE} when all have been produced. */
    long peekTsMs()
    {
        return produced < total ? nextTsMs : Long.MAX_VALUE;
    }

    /**
     * @param id the id to give the next transaction.
     * @return the next transaction; only when {@link #peekTsMs()} is not {@link Long#MAX_VALUE}.
     */
    GeneratedTransaction take(final String id)
    {
        final GeneratedTransaction tx = purchase(id, nextCard, nextTsMs);
        if (++produced < total)
        {
            advance();
        }
        return tx;
    }

    /**
     * @param tsMs             an event time.
     * @param utcOffsetMinutes local time minus UTC.
     * @return the local hour, 0..23.
     */
    static int localHour(final long tsMs, final int utcOffsetMinutes)
    {
        return (int)Math.floorMod(Math.floorDiv(tsMs + utcOffsetMinutes * 60_000L, HOUR_MS), 24L);
    }

    private void advance()
    {
        while (true)
        {
            offsetMs += Randoms.exponential(rng, candidatesPerMs);
            final int card = cards.pickByRate(rng.nextDouble());
            final long ts = startMs + (long)offsetMs;
            if (rng.nextDouble() * RHYTHM_PEAK < RHYTHM[localHour(ts, cards.utcOffsetMinutes(card))])
            {
                nextTsMs = ts;
                nextCard = card;
                return;
            }
        }
    }

    private GeneratedTransaction purchase(final String id, final int card, final long tsMs)
    {
        final double u = rng.nextDouble();
        final double ecomShare = cards.ecomShare(card);
        final MerchantCategory category;
        final int merchant;
        Channel channel;
        if (u < ecomShare)
        {
            channel = Channel.ECOM;
            final int foreign = cards.foreignShop(card);
            if (foreign >= 0 && rng.nextDouble() < FOREIGN_SHOP_SHARE)
            {
                merchant = foreign;
                category = merchants.category(foreign);
            }
            else
            {
                category = MerchantCategory.VALUES[Randoms.pick(onlineWeights, rng)];
                merchant = merchants.randomOnline(cards.homeCountry(card).index(), category, rng);
            }
        }
        else if (u < ecomShare + ATM_SHARE)
        {
            channel = Channel.ATM;
            category = MerchantCategory.ATM;
            merchant = merchants.randomPhysical(cards.homeCity(card), category, rng);
        }
        else
        {
            channel = Channel.POS;
            category = MerchantCategory.VALUES[Randoms.pick(presentWeights, rng)];
            merchant = merchants.randomPhysical(cards.homeCity(card), category, rng);
        }
        final Geography.Country country = merchants.country(merchant);
        final double typical = cards.typicalUsd(card);
        final double usd;
        final long amountMinor;
        if (channel == Channel.ATM)
        {
            usd = ATM_USD[rng.nextInt(ATM_USD.length)];
            final long step = Money.roundStep(20, country);
            amountMinor = Math.max(step, Math.round((double)Money.toMinor(usd, country) / step) * step);
        }
        else
        {
            usd = Math.min(MAX_USD, Randoms.logNormal(rng, typical * category.amountFactor(), AMOUNT_SIGMA));
            amountMinor = Math.max(Money.minorPerMajor(country.currency()), Money.toMinor(usd, country));
            if (channel == Channel.POS && usd < CONTACTLESS_LIMIT_USD && rng.nextDouble() < 0.65)
            {
                channel = Channel.CONTACTLESS;
            }
        }
        final boolean online = channel == Channel.ECOM;
        return new GeneratedTransaction(id, tsMs, CardPopulation.cardId(card), cards.accountId(card),
            MerchantDirectory.merchantId(merchant), category.mcc(), amountMinor, country.currency(), country.code(),
            merchants.lat(merchant), merchants.lon(merchant), channel,
            online ? cards.deviceId(card) : "", online ? cards.ip(card) : "",
            declined(channel, category, usd, typical, country != cards.homeCountry(card)) ?
                TxStatus.DECLINED : TxStatus.APPROVED);
    }

    private boolean declined(final Channel channel, final MerchantCategory category, final double usd,
        final double typicalUsd, final boolean abroad)
    {
        double p = 0.018;
        if (channel == Channel.ECOM)
        {
            p += 0.010;
        }
        if (channel == Channel.ATM)
        {
            p += 0.030;
        }
        if (category == MerchantCategory.GAMBLING)
        {
            p += 0.060;
        }
        if (abroad)
        {
            p += 0.030;
        }
        if (usd > 5 * typicalUsd)
        {
            p += 0.050;
        }
        return rng.nextDouble() < p;
    }
}
