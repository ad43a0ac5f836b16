package io.vigil.ops.generate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.vigil.ops.generate.ReferenceRules.HOUR_MS;
import static io.vigil.ops.generate.ReferenceRules.MINUTE_MS;
import static io.vigil.ops.generate.ReferenceRules.major;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every injected case, checked by brute force against the generated stream: it is there, on its card, and the
 * engine's rule for its type would fire on it.
 */
class FraudInjectionTest
{
    static Stream<GeneratorConfig> configs()
    {
        return Stream.of(GeneratedRun.DEFAULT, GeneratedRun.HIGH_NOMINAL);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldInjectTheConfiguredNumberOfCasesPerType(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        final Map<FraudType, Integer> counts = new EnumMap<>(FraudType.class);
        for (final TruthCase c : run.cases)
        {
            counts.merge(c.type(), 1, Integer::sum);
        }
        assertThat(counts).isEqualTo(config.casesByType());
        assertThat(config.cases(FraudType.VELOCITY)).isGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldFindEveryCaseTransactionInTheStreamOnTheNamedCard(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        String previousCaseId = "";
        for (final TruthCase c : run.cases)
        {
            assertThat(c.caseId()).matches("case-\\d{6}").isGreaterThan(previousCaseId);
            previousCaseId = c.caseId();
            final List<GeneratedTransaction> txs = run.transactionsOf(c);
            assertThat(txs).allSatisfy(tx -> assertThat(tx.card()).isEqualTo(c.card()));
            assertThat(txs.get(0).tsMs()).isEqualTo(c.firstTsMs());
            assertThat(txs.get(txs.size() - 1).tsMs()).isEqualTo(c.lastTsMs());
            assertThat(c.lastTsMs() - c.firstTsMs()).isLessThan(HOUR_MS);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldPackAtLeastFiveApprovedIntoSixtySecondsInEveryVelocityCase(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        for (final TruthCase c : casesOf(run, FraudType.VELOCITY))
        {
            final List<GeneratedTransaction> txs = run.transactionsOf(c);
            assertThat(ReferenceRules.velocity(txs, 5)).as(c.caseId()).isTrue();
            assertThat(txs.stream().filter(GeneratedTransaction::isApproved).count()).isBetween(6L, 9L);
            assertThat(c.lastTsMs() - c.firstTsMs()).isLessThanOrEqualTo(50_000);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldProbeThenHitWithinTenMinutesInEveryCardTestingCase(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        for (final TruthCase c : casesOf(run, FraudType.CARD_TESTING))
        {
            final List<GeneratedTransaction> txs = run.transactionsOf(c);
            assertThat(ReferenceRules.cardTesting(txs)).as(c.caseId()).isTrue();
            final List<GeneratedTransaction> probes = txs.subList(0, txs.size() - 1);
            assertThat(probes).hasSizeBetween(3, 6)
                .allSatisfy(p -> assertThat(p.amountMinor()).isLessThan(major(p, 2)));
            assertThat(probes.stream().filter(p -> !p.isApproved()).count()).isPositive();
            final GeneratedTransaction hit = txs.get(txs.size() - 1);
            assertThat(hit.amountMinor()).isGreaterThanOrEqualTo(major(hit, 500));
            assertThat(hit.isApproved()).isTrue();
            assertThat(c.lastTsMs() - c.firstTsMs()).isLessThanOrEqualTo(8 * MINUTE_MS);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldSpendThreeThousandFarAboveHabitWithinAnHourInEverySpikeCase(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        final Map<String, List<GeneratedTransaction>> normal = run.normalByCard();
        for (final TruthCase c : casesOf(run, FraudType.AMOUNT_SPIKE))
        {
            final List<GeneratedTransaction> txs = run.transactionsOf(c);
            assertThat(ReferenceRules.largestHourlySumOverThreshold(txs)).as(c.caseId()).isGreaterThanOrEqualTo(1.0);
            assertThat(c.lastTsMs() - c.firstTsMs()).isLessThanOrEqualTo(50 * MINUTE_MS);
            final long sum = txs.stream().mapToLong(GeneratedTransaction::amountMinor).sum();
            final long[] own = normal.getOrDefault(c.card(), List.of()).stream()
                .filter(tx -> tx.currency().equals(txs.get(0).currency()))
                .mapToLong(GeneratedTransaction::amountMinor).sorted().toArray();
            if (own.length > 0)
            {
                assertThat(sum).as(c.caseId()).isGreaterThan(10 * own[own.length / 2]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldBeInTwoFarApartCountriesWithinAnHourInEveryImpossibleTravelCase(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        for (final TruthCase c : casesOf(run, FraudType.IMPOSSIBLE_TRAVEL))
        {
            assertThat(ReferenceRules.impossibleTravel(run.transactionsOf(c))).as(c.caseId()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldUseACountryTheCardNeverUsedInEveryNewCountryCase(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        for (final TruthCase c : casesOf(run, FraudType.NEW_COUNTRY))
        {
            final GeneratedTransaction first = run.transactionsOf(c).get(0);
            assertThat(first.isCardPresent()).isTrue();
            assertThat(first.isApproved()).isTrue();
            for (final GeneratedTransaction earlier : run.byCard.get(c.card()))
            {
                if (earlier.id().equals(first.id()))
                {
                    break;
                }
                assertThat(earlier.country()).as(c.caseId() + " vs " + earlier.id()).isNotEqualTo(first.country());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void shouldKeepCasesOnOneCardMoreThanAnHourApart(final GeneratorConfig config)
    {
        final GeneratedRun run = GeneratedRun.of(config);
        final Map<String, TruthCase> lastByCard = new java.util.HashMap<>();
        for (final TruthCase c : run.cases)
        {
            final TruthCase previous = lastByCard.put(c.card(), c);
            if (previous != null)
            {
                assertThat(c.firstTsMs() - previous.lastTsMs()).as(c.caseId()).isGreaterThan(HOUR_MS);
            }
        }
    }

    @Test
    void shouldSpreadCasesOfEveryTypeAcrossTheTimeRange()
    {
        final GeneratedRun run = GeneratedRun.of(GeneratedRun.DEFAULT);
        final long start = run.transactions.get(0).tsMs();
        final long span = run.transactions.get(run.transactions.size() - 1).tsMs() - start;
        final int[] perQuarter = new int[4];
        for (final TruthCase c : run.cases)
        {
            perQuarter[(int)Math.min(3, 4 * (c.firstTsMs() - start) / span)]++;
        }
        for (final int n : perQuarter)
        {
            assertThat(n).isGreaterThanOrEqualTo(run.cases.size() / 8);
        }
        for (final FraudType type : run.config.casesByType().keySet())
        {
            final List<TruthCase> ofType = casesOf(run, type);
            assertThat(ofType.get(0).firstTsMs()).isLessThan(start + span / 2);
            assertThat(ofType.get(ofType.size() - 1).firstTsMs()).isGreaterThan(start + span / 2);
        }
    }

    @Test
    void shouldRarelyFireVelocityOrCardTestingOnNormalTraffic()
    {
        final GeneratedRun run = GeneratedRun.of(GeneratedRun.DEFAULT);
        int velocity = 0;
        int cardTesting = 0;
        for (final List<GeneratedTransaction> txs : run.normalByCard().values())
        {
            velocity += fastVelocity(txs) ? 1 : 0;
            cardTesting += ReferenceRules.cardTesting(txs) ? 1 : 0;
        }
        assertThat(velocity).isLessThanOrEqualTo(1);
        assertThat(cardTesting).isZero();
    }

    @Test
    void shouldRarelyCrossThreeThousandInAnHourOnNormalTraffic()
    {
        final GeneratedRun run = GeneratedRun.of(GeneratedRun.DEFAULT);
        int spikes = 0;
        final Map<String, List<GeneratedTransaction>> normal = run.normalByCard();
        for (final List<GeneratedTransaction> txs : normal.values())
        {
            spikes += largestHourlySum(txs) >= 1.0 ? 1 : 0;
        }
        assertThat(spikes).isLessThanOrEqualTo(normal.size() / 1000);
    }

    private static List<TruthCase> casesOf(final GeneratedRun run, final FraudType type)
    {
        final List<TruthCase> result = new ArrayList<>();
        for (final TruthCase c : run.cases)
        {
            if (c.type() == type)
            {
                result.add(c);
            }
        }
        assertThat(result).as(type.wireName()).isNotEmpty();
        return result;
    }

    /** {@link ReferenceRules#velocity} over a card's whole history, with a two-pointer window to stay fast. */
    private static boolean fastVelocity(final List<GeneratedTransaction> txs)
    {
        final List<GeneratedTransaction> approved = txs.stream().filter(GeneratedTransaction::isApproved).toList();
        for (int end = 0, start = 0; end < approved.size(); end++)
        {
            while (approved.get(end).tsMs() - approved.get(start).tsMs() >= MINUTE_MS)
            {
                start++;
            }
            if (end - start + 1 >= 5)
            {
                return true;
            }
        }
        return false;
    }

    /** {@link ReferenceRules#largestHourlySumOverThreshold} restricted to hour-long stretches, to stay fast. */
    private static double largestHourlySum(final List<GeneratedTransaction> txs)
    {
        double best = 0;
        for (int end = 0; end < txs.size(); end++)
        {
            final List<GeneratedTransaction> window = new ArrayList<>();
            for (int i = end; i >= 0 && txs.get(end).tsMs() - txs.get(i).tsMs() < HOUR_MS; i--)
            {
                window.add(txs.get(i));
            }
            best = Math.max(best, ReferenceRules.largestHourlySumOverThreshold(window));
        }
        return best;
    }
}
