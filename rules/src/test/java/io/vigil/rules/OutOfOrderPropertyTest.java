package io.vigil.rules;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.Currencies;
import io.vigil.core.event.KeyType;
import io.vigil.rules.pattern.SequenceRule;
import io.vigil.rules.window.Aggregate;
import io.vigil.rules.window.SlidingWindowRule;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The out-of-order path: with lateness bounded by the program's retention and no cooldown (so no alert
 * depends on an earlier one), every event is evaluated against exactly the events that arrived before it and
 * precede it in reference order — the documented behaviour until later evaluations are redone. Brute force
 * over the arrival order; covers insertion in place, running aggregates after inserts, eviction and expiry.
 */
class OutOfOrderPropertyTest
{
    private static final int EXAMPLES = 1000;
    private static final double OUT_OF_ORDER_MIN_PERCENT = 50.0;
    private static final long WINDOW_MS = 60_000;
    private static final int MAX_IDS = 32;

    private static final RuleRef COUNT = new RuleRef(0, "t-count", 1, Severity.LOW, KeyType.CARD);
    private static final RuleRef SUM = new RuleRef(1, "t-sum", 1, Severity.LOW, KeyType.CARD);
    private static final RuleRef SEQUENCE = new RuleRef(2, "t-seq", 1, Severity.LOW, KeyType.CARD);
    private static final List<CompiledRule> RULES = List.of(
        new SlidingWindowRule(COUNT, StatusFilter.APPROVED_ONLY, WINDOW_MS, Aggregate.COUNT, "3", 0),
        new SlidingWindowRule(SUM, StatusFilter.ANY, WINDOW_MS, Aggregate.SUM, "100.00", 0),
        new SequenceRule(SEQUENCE, StatusFilter.ANY, AmountPredicate.below("2.00"), 2,
            AmountPredicate.atLeast("500.00"), WINDOW_MS, 0, "probe", "hit"));

    @Test
    void shouldEvaluateEachEventAgainstWhatArrivedBeforeAndPrecedesIt()
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final AtomicInteger withAlerts = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(events(), latenessMs(), jitterSeeds(), Generate.range(1, 2))
            .checkAssert((byTime, latenessMs, jitterSeeds, shards) ->
            {
                final List<Tx> arrival = arrivalOrder(byTime, jitterSeeds, latenessMs);
                final RuleHarness harness = new RuleHarness(new RuleProgramFactory(RULES, latenessMs), shards)
                    .sendAll(arrival);

                final Set<String> expected = bruteForce(arrival);
                final List<String> actual = harness.alerts().stream().map(OutOfOrderPropertyTest::describe)
                    .collect(Collectors.toList());
                streams.incrementAndGet();
                if (!arrival.equals(byTime))
                {
                    outOfOrder.incrementAndGet();
                }
                if (!expected.isEmpty())
                {
                    withAlerts.incrementAndGet();
                }

                assertThat(actual).doesNotHaveDuplicates();
                assertThat(Set.copyOf(actual)).isEqualTo(expected);
            });

        assertThat(streams.get()).as("streams checked").isPositive();
        assertThat(100.0 * withAlerts.get() / streams.get())
            .as("%% of %d streams with some alert", streams.get()).isGreaterThan(50.0);
        assertThat(100.0 * outOfOrder.get() / streams.get())
            .as("%% of %d streams arriving out of order", streams.get()).isGreaterThan(OUT_OF_ORDER_MIN_PERCENT);
    }

    private static Gen<List<Tx>> events()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(2, Generate.constant(0L)), Pair.of(4, Generate.pick(List.of(1_000L, 5_000L, 10_000L, 20_000L))),
            Pair.of(1, Generate.pick(List.of(WINDOW_MS, 3 * WINDOW_MS))), Pair.of(1, Gens.biasedLongs(70_000))));
        final Gen<Long> cents = Generate.frequency(List.of(
            Pair.of(3, Generate.pick(List.of(0L, 150L, 199L))),
            Pair.of(2, Generate.pick(List.of(200L, 2_000L, 4_999L))),
            Pair.of(2, Generate.pick(List.of(50_000L, 80_000L)))));
        final Gen<String> currencies = Generate.frequency(List.of(
            Pair.of(5, Generate.constant("USD")), Pair.of(1, Generate.constant("JPY"))));
        final Gen<Integer> cards = Generate.range(0, 2);
        final Gen<Boolean> approved = Generate.frequency(List.of(
            Pair.of(4, Generate.constant(true)), Pair.of(1, Generate.constant(false))));
        final Gen<String> prefixes = lists().of(Generate.pick(List.of("a", "b", "c"))).ofSizeBetween(1, 2)
            .map(letters -> String.join("", letters));
        final Gen<Tx> step = in ->
        {
            final long gap = gapsMs.generate(in);
            final int card = cards.generate(in);
            final long c = cents.generate(in);
            final String currency = currencies.generate(in);
            return new Tx(prefixes.generate(in), gap, "card-" + card, Currencies.exponent(currency) == 0 ? c / 100 : c,
                currency, approved.generate(in));
        };
        return lists().of(step).ofSizes(Gens.listSizes(10, 100, EXAMPLES))
            .map(OutOfOrderPropertyTest::withTimesAndIds);
    }

    private static Gen<Long> latenessMs()
    {
        return Generate.pick(List.of(0L, 5_000L, 30_000L, 120_000L));
    }

    private static Gen<List<Long>> jitterSeeds()
    {
        return lists().of(Gens.biasedLongs(Long.MAX_VALUE)).ofSize(100);
    }

    /** Gaps become times; the id gets a short prefix (ids of one prefix may be prefixes of each other). */
    private static List<Tx> withTimesAndIds(final List<Tx> steps)
    {
        final List<Tx> out = new ArrayList<>();
        long tsMs = T0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Tx s = steps.get(i);
            tsMs += s.tsMs();
            final String id = i % 5 == 0 ? s.id() : s.id() + i;
            out.add(new Tx(id + (out.stream().anyMatch(t -> t.id().equals(id)) ? "-" + i : ""), tsMs, s.card(),
                s.amountMinor(), s.currency(), s.approved()));
        }
        return out;
    }

    /** Each event arrives at its time plus a jitter in [0, lateness]: it lags the newest by at most that. */
    private static List<Tx> arrivalOrder(final List<Tx> byTime, final List<Long> seeds, final long latenessMs)
    {
        final List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < byTime.size(); i++)
        {
            final long jitter = latenessMs == 0 ? 0 : seeds.get(i) % (latenessMs + 1);
            keyed.add(new long[] {byTime.get(i).tsMs() + jitter, seeds.get(i) & 0xFF, i});
        }
        keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        return keyed.stream().map(k -> byTime.get((int)k[2])).collect(Collectors.toList());
    }

    private static Set<String> bruteForce(final List<Tx> arrival)
    {
        final Set<String> out = new HashSet<>();
        for (int k = 0; k < arrival.size(); k++)
        {
            final Tx e = arrival.get(k);
            final List<Tx> before = new ArrayList<>();
            for (int j = 0; j <= k; j++)
            {
                final Tx x = arrival.get(j);
                if (x.card().equals(e.card()) && Tx.compareReference(x, e) <= 0 && x.tsMs() > e.tsMs() - WINDOW_MS)
                {
                    before.add(x);
                }
            }
            before.sort(Tx::compareReference);
            final int exponent = Currencies.exponent(e.currency());

            if (e.approved())
            {
                final List<String> ids = before.stream().filter(Tx::approved).map(Tx::id)
                    .collect(Collectors.toList());
                if (ids.size() >= 3)
                {
                    out.add("t-count " + e.id() + " " + ids.size() + " " + listed(ids));
                }
            }

            final List<Tx> sameCurrency = before.stream().filter(x -> x.currency().equals(e.currency()))
                .collect(Collectors.toList());
            final long sum = sameCurrency.stream().mapToLong(Tx::amountMinor).sum();
            if (sum >= 100 * pow10(exponent))
            {
                out.add("t-sum " + e.id() + " " + Amounts.format(sum, exponent) + " " + sameCurrency.size());
            }

            if (e.amountMinor() >= 500 * pow10(exponent))
            {
                final List<String> probes = before.stream().filter(x -> x != e)
                    .filter(x -> x.amountMinor() < 2 * pow10(Currencies.exponent(x.currency())))
                    .map(Tx::id).collect(Collectors.toList());
                if (probes.size() >= 2)
                {
                    out.add("t-seq " + e.id() + " " + probes.size() + " " + listed(probes));
                }
            }
        }
        return out;
    }

    private static String describe(final CapturedAlert alert)
    {
        final var d = alert.details();
        switch (alert.rule())
        {
            case "t-count":
                return "t-count " + alert.txId() + " " + d.get("count").asLong() + " " + ids(d.get("tx_ids")) + "+" +
                    d.get("tx_ids_omitted").asLong();
            case "t-sum":
                return "t-sum " + alert.txId() + " " + d.get("sum").asText() + " " + d.get("count").asLong();
            default:
                return "t-seq " + alert.txId() + " " + d.get("probe_count").asLong() + " " +
                    ids(d.get("probe_tx_ids")) + "+" + d.get("probe_tx_ids_omitted").asLong();
        }
    }

    private static List<String> ids(final com.fasterxml.jackson.databind.JsonNode array)
    {
        final List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static String listed(final List<String> ids)
    {
        final int shown = Math.min(ids.size(), MAX_IDS);
        return ids.subList(0, shown) + "+" + (ids.size() - shown);
    }

    private static long pow10(final int exponent)
    {
        return exponent == 0 ? 1 : exponent == 2 ? 100 : 1_000;
    }
}
