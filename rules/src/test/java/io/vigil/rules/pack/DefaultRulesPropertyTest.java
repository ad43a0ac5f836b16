package io.vigil.rules.pack;

import io.vigil.core.event.Currencies;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.ReferenceRules;
import io.vigil.rules.Gens;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.Tx;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Each rule of the pack against {@link ReferenceRules} on random in-order streams of a few cards, one
 * generator per rule tuned to its time scale and thresholds (gaps that land exactly on window edges, amounts
 * on both sides of each threshold, equal event times ordered by id). Every alert of every rule is compared,
 * with its figures (counts, sums, listed ids), over 1 to 3 shards and several out-of-order retentions.
 */
class DefaultRulesPropertyTest
{
    private static final int EXAMPLES = 1000;
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    @Test
    void velocityShouldMatchBruteForce()
    {
        checkAgainstReference(velocityStreams(), "card-velocity-60s");
    }

    @Test
    void amountSumShouldMatchBruteForce()
    {
        checkAgainstReference(sumStreams(), "card-amount-sum-1h");
    }

    @Test
    void cardTestingShouldMatchBruteForce()
    {
        checkAgainstReference(testingStreams(), "card-testing");
    }

    /** Runs the property on {@code EXAMPLES} streams, then checks the streams exercised the rule enough. */
    private static void checkAgainstReference(final Gen<List<Tx>> streams, final String targetRule)
    {
        final Coverage coverage = new Coverage();
        qt().withExamples(EXAMPLES)
            .forAll(streams, Generate.range(1, 3), retentionsMs())
            .checkAssert((stream, shards, retentionMs) ->
                assertMatchesReference(stream, shards, retentionMs, targetRule, coverage));
        coverage.assertCovered(targetRule);
    }

    /** In-order input: the out-of-order retention must not change any alert. */
    private static Gen<Long> retentionsMs()
    {
        return Generate.pick(List.of(0L, 1L, 30 * SECOND, 10 * MINUTE));
    }

    private static Gen<List<Tx>> velocityStreams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(0L)), Pair.of(3, Generate.constant(SECOND)),
            Pair.of(2, Generate.pick(List.of(5 * SECOND, 15 * SECOND, 20 * SECOND))),
            Pair.of(1, Generate.constant(MINUTE)),
            Pair.of(1, Gens.biasedLongs(70 * SECOND)),
            Pair.of(2, Generate.pick(List.of(4 * MINUTE, 5 * MINUTE)))));
        return streams(gapsMs, Generate.pick(List.of(100L, 1_000L, 5_000L)), Generate.constant("USD"), 4, 20, 160);
    }

    private static Gen<List<Tx>> sumStreams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(2, Generate.constant(0L)),
            Pair.of(4, Generate.pick(List.of(MINUTE, 5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE, 60 * MINUTE))),
            Pair.of(1, Gens.biasedLongs(90 * MINUTE))));
        final Gen<Long> cents = Generate.pick(List.of(1L, 10_000L, 50_000L, 99_999L, 100_000L, 150_000L, 300_000L));
        final Gen<String> currencies = Generate.frequency(List.of(
            Pair.of(4, Generate.constant("USD")), Pair.of(1, Generate.constant("EUR")),
            Pair.of(1, Generate.constant("JPY")), Pair.of(1, Generate.constant("KWD"))));
        return streams(gapsMs, cents, currencies, 4, 5, 80);
    }

    private static Gen<List<Tx>> testingStreams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(2, Generate.constant(0L)),
            Pair.of(4, Generate.pick(List.of(SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE))),
            Pair.of(1, Gens.biasedLongs(15 * MINUTE))));
        final Gen<Long> cents = Generate.frequency(List.of(
            Pair.of(5, Generate.pick(List.of(0L, 1L, 50L, 199L))),
            Pair.of(2, Generate.pick(List.of(200L, 2_000L, 49_999L))),
            Pair.of(2, Generate.pick(List.of(50_000L, 120_000L)))));
        final Gen<String> currencies = Generate.frequency(List.of(
            Pair.of(5, Generate.constant("USD")), Pair.of(1, Generate.constant("JPY"))));
        return streams(gapsMs, cents, currencies, 1, 20, 120);
    }

    private static void assertMatchesReference(
        final List<Tx> stream, final int shards, final long retentionMs, final String targetRule,
        final Coverage coverage)
    {
        final RuleHarness harness = new RuleHarness(DefaultRules.factory(retentionMs), shards).sendAll(stream);
        final List<ReferenceRules.Expected> actual =
            harness.alerts().stream().map(ReferenceRules::of).collect(Collectors.toList());
        final Set<ReferenceRules.Expected> expected = ReferenceRules.alerts(stream);

        final long targetAlerts = expected.stream().filter(e -> e.rule().equals(targetRule)).count();
        coverage.streams.incrementAndGet();
        if (targetAlerts > 0)
        {
            coverage.fires.incrementAndGet();
        }
        if (expected.stream().filter(e -> e.rule().equals(targetRule))
            .collect(Collectors.groupingBy(e -> e.card())).values().stream().anyMatch(l -> l.size() > 1))
        {
            coverage.firesTwiceOnACard.incrementAndGet();
        }

        assertThat(actual).doesNotHaveDuplicates();
        assertThat(Set.copyOf(actual)).isEqualTo(expected);
        for (final CapturedAlert alert : harness.alerts())
        {
            assertThat(alert.ruleOrdinal()).isEqualTo(DefaultRules.ruleRefs().stream()
                .filter(r -> r.id().equals(alert.rule())).findFirst().orElseThrow().ordinal());
        }
    }

    /**
     * @param approvedInFive how many of five transactions are approved.
     * @param minEvents      shortest stream.
     * @param maxEvents      longest stream.
     * @return streams of three cards, event times non-decreasing in generation order, then sorted in reference
     * order (which only reorders equal times by id) so every card's events arrive in order.
     */
    private static Gen<List<Tx>> streams(
        final Gen<Long> gapsMs,
        final Gen<Long> amountsInCents,
        final Gen<String> currencies,
        final int approvedInFive,
        final int minEvents,
        final int maxEvents)
    {
        final Gen<Boolean> approved = Generate.frequency(List.of(
            Pair.of(approvedInFive, Generate.constant(true)), Pair.of(5 - approvedInFive, Generate.constant(false))));
        final Gen<Integer> cards = Generate.range(0, 2);
        final Gen<String> idPrefixes = Generate.pick(List.of("a", "b", "c"));
        final Gen<Step> step = in -> new Step(gapsMs.generate(in), cards.generate(in), amountsInCents.generate(in),
            currencies.generate(in), approved.generate(in), idPrefixes.generate(in));
        return lists().of(step).ofSizes(Gens.listSizes(minEvents, maxEvents, EXAMPLES))
            .map(DefaultRulesPropertyTest::toStream);
    }

    private static List<Tx> toStream(final List<Step> steps)
    {
        final List<Tx> stream = new ArrayList<>(steps.size());
        long tsMs = T0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Step s = steps.get(i);
            tsMs += s.gapMs;
            final int exponent = Currencies.exponent(s.currency);
            final long amountMinor = exponent == 0 ? s.cents / 100 : exponent == 3 ? s.cents * 10 : s.cents;
            stream.add(new Tx(s.idPrefix + String.format("%03d", i), tsMs, "card-" + s.card, amountMinor,
                s.currency, s.approved));
        }
        stream.sort(Tx::compareReference);
        return stream;
    }

    /** What jqwik's statistics collected: how often the target rule fired, and fired more than once on a card. */
    private static final class Coverage
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger fires = new AtomicInteger();
        final AtomicInteger firesTwiceOnACard = new AtomicInteger();

        void assertCovered(final String targetRule)
        {
            assertThat(streams.get()).as("streams checked").isPositive();
            assertThat(100.0 * fires.get() / streams.get())
                .as("%% of %d streams where %s fires", streams.get(), targetRule).isGreaterThan(30.0);
            assertThat(100.0 * firesTwiceOnACard.get() / streams.get())
                .as("%% of %d streams where %s fires twice on a card", streams.get(), targetRule)
                .isGreaterThan(1.0);
        }
    }

    private static final class Step
    {
        final long gapMs;
        final int card;
        final long cents;
        final String currency;
        final boolean approved;
        final String idPrefix;

        Step(final long gapMs, final int card, final long cents, final String currency, final boolean approved,
            final String idPrefix)
        {
            this.gapMs = gapMs;
            this.card = card;
            this.cents = cents;
            this.currency = currency;
            this.approved = approved;
            this.idPrefix = idPrefix;
        }

        @Override
        public String toString()
        {
            return "+" + gapMs + " card-" + card + " " + cents + " " + currency + (approved ? "" : " declined");
        }
    }
}
