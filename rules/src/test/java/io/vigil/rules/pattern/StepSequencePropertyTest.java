package io.vigil.rules.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.ShuffleCheck;
import io.vigil.rules.Tx;
import io.vigil.rules.expr.TxPredicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.pattern.PatternFixtures.MINUTE;
import static io.vigil.rules.pattern.PatternFixtures.SECOND;
import static io.vigil.rules.pattern.PatternFixtures.fired;
import static io.vigil.rules.pattern.PatternFixtures.ids;
import static io.vigil.rules.pattern.PatternFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@link StepSequenceRule} against a brute-force reference on random in-order streams of two cards and random
 * rule shapes (2 or 3 steps, 1 to 3 times, exact or {@code +}, overlapping step filters, two bounds, three
 * cooldowns, with or without a status filter). The reference searches every subsequence of the card's events
 * in reference order (with memoised failures) for a match ending at the event, and among the matches takes the
 * one whose events are latest, compared from the last step backwards; it knows nothing of the engine's greedy
 * scan. Every alert is compared with all its figures.
 */
class StepSequencePropertyTest
{
    private static final int EXAMPLES = 1000;
    private static final int MAX_IDS = 32;
    private static final long[] AMOUNTS = {100, 200, 300, 400};
    private static final String[] FILTER_NAMES = {"=1.00", "=2.00", "=3.00", "<=2.00", "2.00..3.00"};
    private static final List<LongPredicate> FILTERS = List.of(
        a -> a == 100, a -> a == 200, a -> a == 300, a -> a <= 200, a -> a >= 200 && a <= 300);

    /** One step of a generated rule. */
    record StepShape(int filter, int times, boolean orMore)
    {
        @Override
        public String toString()
        {
            return FILTER_NAMES[filter] + " x" + times + (orMore ? "+" : "");
        }
    }

    /** A generated rule. */
    record Shape(List<StepShape> steps, long withinMs, long cooldownMs, boolean approvedOnly)
    {
        StepSequenceRule compile()
        {
            final List<SequenceStep> compiled = new ArrayList<>();
            for (int s = 0; s < steps.size(); s++)
            {
                final LongPredicate filter = FILTERS.get(steps.get(s).filter);
                compiled.add(new SequenceStep("s" + s, tx -> filter.test(tx.amountMinor()), steps.get(s).times,
                    steps.get(s).orMore));
            }
            final TxPredicate ruleFilter = approvedOnly ? PatternFixtures.approved() : TxPredicate.ALWAYS;
            return new StepSequenceRule(ref(0, "seq"), ruleFilter, compiled, withinMs, cooldownMs);
        }

        boolean matches(final int step, final Tx tx)
        {
            return FILTERS.get(steps.get(step).filter).test(tx.amountMinor());
        }
    }

    @Test
    void shouldMatchBruteForceOnInOrderStreams()
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger firing = new AtomicInteger();
        final AtomicInteger widened = new AtomicInteger();
        final AtomicInteger twiceOnACard = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(shapes(), streams(), Generate.range(1, 2), Generate.pick(List.of(0L, 1L, MINUTE)))
            .checkAssert((shape, stream, shards, retentionMs) ->
            {
                final RuleHarness harness = new RuleHarness(
                    new RuleProgramFactory(List.of(shape.compile()), retentionMs), shards).sendAll(stream);
                final List<String> actual = fired(harness, "seq").stream()
                    .map(a -> describe(a, shape.steps.size())).collect(Collectors.toList());
                final List<String> expected = reference(stream, shape);

                assertThat(harness.alerts()).as("nothing late in order").hasSameSizeAs(actual);
                assertThat(sorted(actual)).isEqualTo(sorted(expected.stream().map(e -> e.replace(" widened", ""))
                    .collect(Collectors.toList())));

                streams.incrementAndGet();
                if (!expected.isEmpty())
                {
                    firing.incrementAndGet();
                }
                if (expected.stream().anyMatch(e -> e.contains("widened")))
                {
                    widened.incrementAndGet();
                }
                if (expected.stream().collect(Collectors.groupingBy(e -> e.substring(0, e.indexOf(' '))))
                    .values().stream().anyMatch(l -> l.size() > 1))
                {
                    twiceOnACard.incrementAndGet();
                }
            });
        assertThat(100.0 * firing.get() / streams.get()).as("%% of streams that fire").isGreaterThan(30.0);
        assertThat(100.0 * widened.get() / streams.get()).as("%% with an N+ step wider than N").isGreaterThan(5.0);
        assertThat(100.0 * twiceOnACard.get() / streams.get()).as("%% firing twice on a card").isGreaterThan(10.0);
    }

    @Test
    void shouldGiveTheSortedStreamsAlertsWhenShuffledWithinTheBound()
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger shuffledWithAlerts = new AtomicInteger();
        final AtomicInteger amended = new AtomicInteger();
        final AtomicInteger retracted = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(shapes(), streams(), Generate.pick(List.of(SECOND, 30 * SECOND, MINUTE, 3 * MINUTE)),
                lists().of(Generate.longRange(0, Long.MAX_VALUE)).ofSize(16))
            .checkAssert((shape, stream, boundMs, seeds) ->
            {
                final int shards = 1 + (int)(seeds.get(0) >>> 7 & 1);
                final ShuffleCheck.Outcome outcome =
                    ShuffleCheck.assertShuffledGivesSorted(List.of(shape.compile()), boundMs, stream, seeds, shards);
                streams.incrementAndGet();
                if (outcome.shuffled() && outcome.sortedAlerts() > 0)
                {
                    shuffledWithAlerts.incrementAndGet();
                }
                if (outcome.amended() > 0)
                {
                    amended.incrementAndGet();
                }
                if (outcome.retracted() > 0)
                {
                    retracted.incrementAndGet();
                }
            });
        assertThat(100.0 * shuffledWithAlerts.get() / streams.get()).as("%% shuffled, with alerts").isGreaterThan(30.0);
        assertThat(100.0 * amended.get() / streams.get()).as("%% with an amended alert").isGreaterThan(10.0);
        assertThat(100.0 * retracted.get() / streams.get()).as("%% with a retraction").isGreaterThan(3.0);
    }

    private static Gen<Shape> shapes()
    {
        final Gen<StepShape> step = in -> new StepShape(
            Generate.range(0, FILTERS.size() - 1).generate(in),
            Generate.frequency(List.of(Pair.of(5, Generate.constant(1)), Pair.of(3, Generate.constant(2)),
                Pair.of(1, Generate.constant(3)))).generate(in),
            Generate.booleans().generate(in));
        final Gen<List<StepShape>> steps = lists().of(step).ofSizeBetween(2, 3);
        return in -> new Shape(steps.generate(in), Generate.pick(List.of(MINUTE, 3 * MINUTE)).generate(in),
            Generate.pick(List.of(0L, MINUTE, 3 * MINUTE)).generate(in),
            Generate.frequency(List.of(Pair.of(3, Generate.constant(false)), Pair.of(1, Generate.constant(true))))
                .generate(in));
    }

    /** Two cards, times non-decreasing, equal times ordered by id; sent in reference order. */
    private static Gen<List<Tx>> streams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(0L)), Pair.of(3, Generate.pick(List.of(SECOND, 10 * SECOND, 20 * SECOND))),
            Pair.of(2, Generate.pick(List.of(MINUTE, 3 * MINUTE))), Pair.of(1, Generate.longRange(0, 4 * MINUTE))));
        final Gen<Tx> event = in -> new Tx(
            Generate.pick(List.of("a", "b", "c")).generate(in),
            gapsMs.generate(in),
            "card-" + Generate.range(0, 1).generate(in),
            AMOUNTS[Generate.frequency(List.of(Pair.of(3, Generate.constant(0)), Pair.of(3, Generate.constant(1)),
                Pair.of(2, Generate.constant(2)), Pair.of(1, Generate.constant(3)))).generate(in)],
            "USD",
            Generate.frequency(List.of(Pair.of(4, Generate.constant(true)), Pair.of(1, Generate.constant(false))))
                .generate(in));
        return lists().of(event).ofSizeBetween(5, 70).map(StepSequencePropertyTest::withTimes);
    }

    private static List<Tx> withTimes(final List<Tx> steps)
    {
        final List<Tx> out = new ArrayList<>();
        long tsMs = T0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Tx s = steps.get(i);
            tsMs += s.tsMs();
            out.add(new Tx(s.id() + String.format("%03d", i), tsMs, s.card(), s.amountMinor(), s.currency(),
                s.approved()));
        }
        out.sort(Tx::compareReference);
        return out;
    }

    // ------------------------------------------------------------------------------------------ the reference

    private static List<String> reference(final List<Tx> stream, final Shape shape)
    {
        final Map<String, List<Tx>> byCard = new TreeMap<>();
        for (final Tx tx : stream)
        {
            if (!shape.approvedOnly || tx.approved())
            {
                byCard.computeIfAbsent(tx.card(), c -> new ArrayList<>()).add(tx);
            }
        }
        final List<String> out = new ArrayList<>();
        for (final List<Tx> events : byCard.values())
        {
            events.sort(Tx::compareReference);
            Long lastAlertMs = null;
            for (int k = 0; k < events.size(); k++)
            {
                final Tx e = events.get(k);
                if (!shape.matches(shape.steps.size() - 1, e) ||
                    lastAlertMs != null && e.tsMs() - lastAlertMs < shape.cooldownMs)
                {
                    continue;
                }
                final int[] chosen = new Search(events, k, shape).latestMatch();
                if (chosen != null)
                {
                    lastAlertMs = e.tsMs();
                    out.add(expected(events, k, chosen, shape));
                }
            }
        }
        return out;
    }

    /**
     * Every way to place the rule's events (step 0's N0 events, then step 1's …) at strictly increasing
     * indexes of the card's events, the last at {@code k}, each matching its step and inside the bound.
     */
    private static final class Search
    {
        private final List<Tx> events;
        private final int k;
        private final Shape shape;
        private final int[] stepOfPosition;
        private final Boolean[][] fits;

        Search(final List<Tx> events, final int k, final Shape shape)
        {
            this.events = events;
            this.k = k;
            this.shape = shape;
            final List<Integer> positions = new ArrayList<>();
            for (int s = 0; s < shape.steps.size(); s++)
            {
                for (int t = 0; t < shape.steps.get(s).times; t++)
                {
                    positions.add(s);
                }
            }
            stepOfPosition = positions.stream().mapToInt(Integer::intValue).toArray();
            fits = new Boolean[stepOfPosition.length][k + 1];
        }

        boolean usable(final int position, final int index)
        {
            final Tx x = events.get(index);
            return x.tsMs() > events.get(k).tsMs() - shape.withinMs && shape.matches(stepOfPosition[position], x);
        }

        /** @return whether positions 0..p can all be placed at indexes before {@code before}. */
        boolean fits(final int p, final int before)
        {
            if (fits[p][before] == null)
            {
                boolean found = false;
                for (int j = before - 1; j >= 0 && !found; j--)
                {
                    found = usable(p, j) && (p == 0 || fits(p - 1, j));
                }
                fits[p][before] = found;
            }
            return fits[p][before];
        }

        /** @return the placement whose indexes are greatest, compared from the last position back; or null. */
        int[] latestMatch()
        {
            final int last = stepOfPosition.length - 1;
            if (!usable(last, k) || !fits(last - 1, k))
            {
                return null;
            }
            final int[] chosen = new int[last + 1];
            chosen[last] = k;
            for (int p = last - 1; p >= 0; p--)
            {
                int j = chosen[p + 1] - 1;
                while (!(usable(p, j) && (p == 0 || fits(p - 1, j))))
                {
                    j--;
                }
                chosen[p] = j;
            }
            return chosen;
        }
    }

    private static String expected(final List<Tx> events, final int k, final int[] chosen, final Shape shape)
    {
        final Tx e = events.get(k);
        final StringBuilder out = new StringBuilder(e.card()).append(' ').append(e.id());
        boolean widened = false;
        int position = 0;
        int previousLast = -1;
        for (int s = 0; s < shape.steps.size(); s++)
        {
            final StepShape step = shape.steps.get(s);
            final List<String> listed = new ArrayList<>();
            final int firstChosen = chosen[position];
            final int lastChosen = chosen[position + step.times - 1];
            if (step.orMore)
            {
                for (int j = previousLast + 1; j <= lastChosen; j++)
                {
                    if (shape.matches(s, events.get(j)) && events.get(j).tsMs() > e.tsMs() - shape.withinMs)
                    {
                        listed.add(events.get(j).id());
                    }
                }
                widened |= listed.size() > step.times;
            }
            else
            {
                for (int t = 0; t < step.times; t++)
                {
                    listed.add(events.get(chosen[position + t]).id());
                }
            }
            assertThat(firstChosen).isGreaterThan(previousLast);
            out.append(" | ").append(listed.size()).append(' ')
                .append(listed.subList(0, Math.min(MAX_IDS, listed.size())))
                .append('+').append(listed.size() - Math.min(MAX_IDS, listed.size()));
            previousLast = lastChosen;
            position += step.times;
        }
        return out.append(" | ").append(amount(e.amountMinor())).append(widened ? " widened" : "").toString();
    }

    private static String describe(final CapturedAlert alert, final int steps)
    {
        final JsonNode d = alert.details();
        final StringBuilder out = new StringBuilder(alert.key()).append(' ').append(alert.txId());
        for (int s = 0; s < steps; s++)
        {
            out.append(" | ").append(d.get("s" + s + "_count").asLong()).append(' ')
                .append(ids(d.get("s" + s + "_tx_ids"))).append('+')
                .append(d.get("s" + s + "_tx_ids_omitted").asLong());
        }
        final String amount = d.get("s" + (steps - 1) + "_amount").asText();
        return out.append(" | ").append(amount).toString();
    }

    private static String amount(final long minor)
    {
        return minor / 100 + "." + String.format("%02d", minor % 100);
    }

    private static List<String> sorted(final List<String> alerts)
    {
        final List<String> copy = new ArrayList<>(alerts);
        Collections.sort(copy);
        return copy;
    }
}
