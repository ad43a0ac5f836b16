package io.vigil.ops.generate;

import io.vigil.core.event.CardStatus;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The context the join rules read, decided once for a population: each merchant's risk (a few high-risk ones,
 * chosen where everyday amounts stay small), each account's customer risk (most low; high only where everyday
 * amounts stay far below the high-risk-customer threshold), each card's limit, and the reference lists (sanctioned
 * countries and blocked BINs that normal traffic never uses). Also the start-up events that publish all of it.
 * Read-only after construction; one thread.
 */
final class ContextWorld
{
    /** Countries outside the generator's world: no cardholder or merchant lives there. */
    private static final String[] SANCTIONABLE = {"KP", "IR", "SY", "CU", "BY", "MM"};
    private static final int SANCTIONED = 3;
    private static final int BLOCKED_BINS = 3;
    /** One merchant in this many is high risk (at least 3). */
    private static final int HIGH_RISK_MERCHANT_SHARE = 400;
    private static final double MEDIUM_RISK_MERCHANTS = 0.08;
    private static final double HIGH_RISK_ACCOUNTS = 0.01;
    private static final double MEDIUM_RISK_ACCOUNTS = 0.07;
    /** Currencies worth at least this many US dollars per major unit keep everyday amounts under the thresholds. */
    private static final double STRONG_PER_USD = 1.0;

    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final String[] sanctioned = new String[SANCTIONED];
    private final String[] blockedBins = new String[BLOCKED_BINS];
    private final byte[] merchantRisk;
    private final int[] highRiskMerchants;
    private final byte[] accountRisk;
    private final int[] firstCardOfAccount;
    private final long[] limitMinor;

    ContextWorld(final CardPopulation cards, final MerchantDirectory merchants, final SplittableRandom rng)
    {
        this.cards = cards;
        this.merchants = merchants;
        final List<String> pool = new ArrayList<>(List.of(SANCTIONABLE));
        for (int i = 0; i < SANCTIONED; i++)
        {
            sanctioned[i] = pool.remove(rng.nextInt(pool.size()));
        }
        for (int i = 0; i < BLOCKED_BINS; i++)
        {
            // card tokens are "card-…": a numeric BIN matches none of the population's cards
            blockedBins[i] = "99" + (1000 + rng.nextInt(9000));
        }

        merchantRisk = new byte[merchants.count()];
        final List<Integer> quiet = new ArrayList<>();
        for (int m = 0; m < merchants.count(); m++)
        {
            merchantRisk[m] = rng.nextDouble() < MEDIUM_RISK_MERCHANTS ? RiskLevel.MEDIUM.code() : RiskLevel.LOW.code();
            final MerchantCategory c = merchants.category(m);
            if ((c == MerchantCategory.DIGITAL_GOODS || c == MerchantCategory.FAST_FOOD) &&
                merchants.country(m).perUsd() <= STRONG_PER_USD)
            {
                quiet.add(m);
            }
        }
        final int highCount = Math.min(quiet.size(), Math.max(3, merchants.count() / HIGH_RISK_MERCHANT_SHARE));
        highRiskMerchants = new int[highCount];
        for (int i = 0; i < highCount; i++)
        {
            final int m = quiet.remove(rng.nextInt(quiet.size()));
            highRiskMerchants[i] = m;
            merchantRisk[m] = RiskLevel.HIGH.code();
        }

        final int accounts = cards.account(cards.count() - 1) + 1;
        accountRisk = new byte[accounts];
        firstCardOfAccount = new int[accounts];
        limitMinor = new long[cards.count()];
        for (int c = 0; c < cards.count(); c++)
        {
            final Geography.Country home = cards.homeCountry(c);
            final long step = Money.roundStep(500, home);
            limitMinor[c] = Math.max(step, Money.toMinor(cards.typicalUsd(c) * (40 + 40 * rng.nextDouble()), home) /
                step * step);
            final int account = cards.account(c);
            if (c > 0 && cards.account(c - 1) == account)
            {
                continue;
            }
            firstCardOfAccount[account] = c;
            final double u = rng.nextDouble();
            accountRisk[account] = u < HIGH_RISK_ACCOUNTS && quietCustomer(c) ? RiskLevel.HIGH.code() :
                u < HIGH_RISK_ACCOUNTS + MEDIUM_RISK_ACCOUNTS ? RiskLevel.MEDIUM.code() : RiskLevel.LOW.code();
        }
    }

    /** @return whether a card's everyday spending stays far below the high-risk-customer threshold. */
    boolean quietCustomer(final int card)
    {
        return cards.homeCountry(card).perUsd() <= STRONG_PER_USD && cards.typicalUsd(card) < 40 &&
            cards.foreignShop(card) < 0;
    }

    /** @return start-up events: reference lists, merchants, accounts, then cards. */
    int startupCount()
    {
        return SANCTIONED + BLOCKED_BINS + merchants.count() + accountRisk.length + cards.count();
    }

    /**
     * @param i      0 ≤ i < {@link #startupCount()}.
     * @param tsMs   event time of the start-up events.
     * @return the i-th start-up event, without an id.
     */
    ContextEvent startup(final int i, final long tsMs)
    {
        int k = i;
        if (k < SANCTIONED)
        {
            return ContextEvent.reference(tsMs, ReferenceList.SANCTIONED_COUNTRY, sanctioned[k], true);
        }
        k -= SANCTIONED;
        if (k < BLOCKED_BINS)
        {
            return ContextEvent.reference(tsMs, ReferenceList.BLOCKED_BIN, blockedBins[k], true);
        }
        k -= BLOCKED_BINS;
        if (k < merchants.count())
        {
            return ContextEvent.merchantProfile(tsMs, MerchantDirectory.merchantId(k), merchants.category(k).mcc(),
                merchants.country(k).code(), RiskLevel.fromCode(merchantRisk[k]));
        }
        k -= merchants.count();
        if (k < accountRisk.length)
        {
            return accountProfile(tsMs, k, RiskLevel.fromCode(accountRisk[k]));
        }
        k -= accountRisk.length;
        return cardProfile(tsMs, k, CardStatus.ACTIVE, limitMinor[k]);
    }

    ContextEvent cardProfile(final long tsMs, final int card, final CardStatus status, final long limit)
    {
        return ContextEvent.cardProfile(tsMs, CardPopulation.cardId(card), cards.accountId(card),
            cards.homeCountry(card).code(), limit, cards.homeCountry(card).currency(), status);
    }

    ContextEvent accountProfile(final long tsMs, final int account, final RiskLevel risk)
    {
        final int card = firstCardOfAccount[account];
        return ContextEvent.accountProfile(tsMs, cards.accountId(card), cards.homeCountry(card).code(), risk);
    }

    /** @return the card's limit, minor units of its home currency. */
    long limitMinor(final int card)
    {
        return limitMinor[card];
    }

    RiskLevel accountRisk(final int account)
    {
        return RiskLevel.fromCode(accountRisk[account]);
    }

    RiskLevel merchantRisk(final int merchant)
    {
        return RiskLevel.fromCode(merchantRisk[merchant]);
    }

    /** @return the high-risk merchants (everyday amounts there are small). */
    int[] highRiskMerchants()
    {
        return highRiskMerchants.clone();
    }

    /** @return the sanctioned countries, ISO codes. */
    String[] sanctioned()
    {
        return sanctioned.clone();
    }

    /** @return the blocked BIN prefixes. */
    String[] blockedBins()
    {
        return blockedBins.clone();
    }
}
