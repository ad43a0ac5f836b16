package io.vigil.ops.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides every injected case before the stream starts: which types, when, on which card. Cases are spread over
 * the middle 92 % of the expected time span, one per equal time slot in a shuffled order of types, so every type
 * appears throughout. A card may carry several cases, but their starts are at least three hours apart (cases last
 * under an hour, so no two overlap within an hour), and a new-country case never picks a country the card used,
 * in its own traffic or an earlier case.
 */
final class FraudPlanner
{
    /** Minimum distance between the starts of two cases on one card. */
    static final long SEPARATION_MS = 3 * 3_600_000L;
    private static final int ATTEMPTS = 1_000;
    private static final double MARGIN = 0.04;
    private static final Comparator<PlannedTx> EMISSION_ORDER = Comparator.comparingLong(PlannedTx::tsMs)
        .thenComparingInt(PlannedTx::caseIndex);

    private FraudPlanner()
    {
    }

    /** What the planner remembers of a card that already carries a case. */
    private static final class CardCases
    {
        long lastStartMs;
        long countriesUsed;
    }

    /**
     * @param config    how many cases of each type.
     * @param cards     the population.
     * @param merchants the directory.
     * @param rng       source of every choice; used by this plan only.
     * @param startMs   start of the traffic, epoch ms.
     * @param spanMs    expected duration of the traffic.
     * @return the plan.
     * @throws IllegalArgumentException when the cases cannot be placed on distinct enough cards.
     */
    static FraudPlan plan(final GeneratorConfig config, final CardPopulation cards, final MerchantDirectory merchants,
        final SplittableRandom rng, final long startMs, final long spanMs)
    {
        final List<FraudType> order = new ArrayList<>();
        for (final FraudType type : FraudType.values())
        {
            // contextual cases are planned by ContextCases, over the same span
            for (int i = 0; i < (type.contextual() ? 0 : config.cases(type)); i++)
            {
                order.add(type);
            }
        }
        for (int i = order.size() - 1; i > 0; i--)
        {
            final int j = rng.nextInt(i + 1);
            final FraudType swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }

        final FraudScenarios scenarios = new FraudScenarios(cards, merchants, rng);
        // looked up by card, never iterated: its order cannot leak into the output
        final Map<Integer, CardCases> byCard = new HashMap<>();
        final PlannedCase[] cases = new PlannedCase[order.size()];
        final List<PlannedTx> txs = new ArrayList<>();
        final double windowStart = startMs + spanMs * MARGIN;
        final double slotMs = spanMs * (1 - 2 * MARGIN) / Math.max(1, order.size());
        for (int i = 0; i < cases.length; i++)
        {
            final FraudType type = order.get(i);
            final long t0 = (long)(windowStart + slotMs * (i + rng.nextDouble()));
            final int card = chooseCard(type, t0, cards, merchants, byCard, rng);
            final CardCases history = byCard.computeIfAbsent(card, c -> new CardCases());
            final List<GeneratedTransaction> caseTxs = build(type, card, t0, cards, merchants, history, scenarios,
                rng);
            history.lastStartMs = t0;
            for (final GeneratedTransaction tx : caseTxs)
            {
                history.countriesUsed |= 1L << Geography.country(tx.country()).index();
                txs.add(new PlannedTx(i, tx));
            }
            cases[i] = new PlannedCase(Ids.padded("case-", i + 1L, 6), type, CardPopulation.cardId(card),
                caseTxs.size());
        }
        // stable sort: within a case and time, the scenario's order stays
        txs.sort(EMISSION_ORDER);
        return new FraudPlan(cases, txs.toArray(new PlannedTx[0]));
    }

    private static int chooseCard(final FraudType type, final long t0, final CardPopulation cards,
        final MerchantDirectory merchants, final Map<Integer, CardCases> byCard, final SplittableRandom rng)
    {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int card = rng.nextInt(cards.count());
            final CardCases history = byCard.get(card);
            if (history != null && t0 - history.lastStartMs < SEPARATION_MS)
            {
                continue;
            }
            if (type == FraudType.NEW_COUNTRY && unusedCountries(card, cards, merchants, history).isEmpty())
            {
                continue;
            }
            return card;
        }
        throw new IllegalArgumentException("cases: could not place a " + type.wireName() + " case at " +
            Instant.ofEpochMilli(t0) + ": " + ATTEMPTS + " cards tried all had a case within " +
            SEPARATION_MS / 3_600_000L + " hours; lower the fraud rate or raise cards or events");
    }

    private static List<GeneratedTransaction> build(final FraudType type, final int card, final long t0,
        final CardPopulation cards, final MerchantDirectory merchants, final CardCases history,
        final FraudScenarios scenarios, final SplittableRandom rng)
    {
        switch (type)
        {
            case VELOCITY:
                return scenarios.velocity(card, t0);
            case CARD_TESTING:
                return scenarios.cardTesting(card, t0);
            case AMOUNT_SPIKE:
                return scenarios.amountSpike(card, t0);
            case IMPOSSIBLE_TRAVEL:
                return scenarios.impossibleTravel(card, t0);
            case NEW_COUNTRY:
                final List<Geography.Country> unused = unusedCountries(card, cards, merchants, history);
                return scenarios.newCountry(card, t0, unused.get(rng.nextInt(unused.size())));
            default:
                throw new IllegalStateException("unknown fraud type " + type);
        }
    }

    private static List<Geography.Country> unusedCountries(final int card, final CardPopulation cards,
        final MerchantDirectory merchants, final CardCases history)
    {
        final long used = cards.countryMask(card, merchants) | (history == null ? 0 : history.countriesUsed);
        final List<Geography.Country> unused = new ArrayList<>();
        for (final Geography.Country c : Geography.COUNTRIES)
        {
            if ((used & 1L << c.index()) == 0)
            {
                unused.add(c);
            }
        }
        return unused;
    }
}
