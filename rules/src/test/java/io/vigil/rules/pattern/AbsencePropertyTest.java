package io.vigil.rules.pattern;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.Tx;
import io.vigil.rules.expr.TxPredicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
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
import static io.vigil.rules.pattern.PatternFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * {@link AbsenceRule} against a brute-force reference on random streams of three cards that arrive out of
 * order: each event arrives at its time plus a jitter, so it lags the newest event seen by at most the jitter
 * bound. With the bound within the program's out-of-order retention nothing is late, and the alerts (after the
 * final tick) must be exactly those of the stream sorted in reference order; with a bound of twice the
 * retention some events are late, and the alerts must be those of the sorted stream of the events that were
 * not, with a late-event record for each late event the rule would have used. Random rule shapes: step
 * filters that may overlap (an event can be both A and B), two bounds, two cooldowns, a status filter or none.
 */
class AbsencePropertyTest
{
    private static final int EXAMPLES = 1000;
    private static final int MAX_EVENTS_PER_CARD = 30;
    private static final long[] AMOUNTS = {100, 200, 300};
    private static final List<LongPredicate> FILTERS = List.of(
        a -> a == 100, a -> a == 200, a -> a <= 200, a -> a >= 200);

    /** A generated rule. */
    record Shape(int first, int then, long withinMs, long cooldownMs, boolean approvedOnly)
    {
        AbsenceRule compile()
        {
            final LongPredicate a = FILTERS.get(first);
            final LongPredicate b = FILTERS.get(then);
            return new AbsenceRule(ref(0, "absence"), approvedOnly ? PatternFixtures.approved() : TxPredicate.ALWAYS,
                "a", tx -> a.test(tx.amountMinor()), "b", tx -> b.test(tx.amountMinor()), withinMs, cooldownMs);
        }

        boolean seen(final Tx tx)
        {
            return !approvedOnly || tx.approved();
        }

        boolean isFirst(final Tx tx)
        {
            return seen(tx) && FILTERS.get(first).test(tx.amountMinor());
        }

        boolean isThen(final Tx tx)
        {
            return seen(tx) && FILTERS.get(then).test(tx.amountMinor());
        }
    }

    @Test
    void shouldGiveTheSortedStreamsAlertsWhateverTheArrivalOrder()
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger firing = new AtomicInteger();
        final AtomicInteger metByEarlierArrival = new AtomicInteger();
        final AtomicInteger withLate = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(shapes(), streams(), arrivals(), Generate.range(1, 2))
            .checkAssert((shape, stream, arrival, shards) ->
            {
                final long retentionMs = arrival.retentionMs;
                final List<Tx> arrived = arrival.order(stream);
                final RuleHarness harness = new RuleHarness(
                    new RuleProgramFactory(List.of(shape.compile()), retentionMs), shards)
                    .sendAll(arrived).endOfInput();

                final List<Tx> late = lateEvents(arrived, retentionMs);
                final List<String> expectedLate = late.stream().filter(t -> shape.isFirst(t) || shape.isThen(t))
                    .map(Tx::id).sorted().collect(Collectors.toList());
                final List<Tx> applied = new ArrayList<>(arrived);
                applied.removeAll(late);
                final Reference reference = new Reference(shape, applied, arrived);

                assertThat(sorted(harness.alerts("absence").stream().filter(PatternFixtures::isLate)
                    .map(CapturedAlert::txId))).isEqualTo(expectedLate);
                assertThat(sorted(fired(harness, "absence").stream().map(AbsencePropertyTest::describe)))
                    .isEqualTo(sorted(reference.alerts.stream()));
                for (int i = 0; i < shards; i++)
                {
                    assertThat(harness.shard(i).droppedTimers()).isZero();
                    assertThat(harness.shard(i).pendingTimers()).isZero();
                }

                streams.incrementAndGet();
                firing.addAndGet(reference.alerts.isEmpty() ? 0 : 1);
                metByEarlierArrival.addAndGet(reference.metByEarlierArrival ? 1 : 0);
                withLate.addAndGet(expectedLate.isEmpty() ? 0 : 1);
            });
        assertThat(100.0 * firing.get() / streams.get()).as("%% of streams that fire").isGreaterThan(50.0);
        assertThat(100.0 * metByEarlierArrival.get() / streams.get())
            .as("%% where a B that arrived before its A meets it").isGreaterThan(5.0);
        assertThat(100.0 * withLate.get() / streams.get()).as("%% with late events").isGreaterThan(5.0);
    }

    /** How a stream arrives: jitters of up to {@code jitterMs}, with the program's retention. */
    record Arrival(long retentionMs, long jitterMs, List<Long> seeds)
    {
        List<Tx> order(final List<Tx> byTime)
        {
            final List<long[]> keyed = new ArrayList<>();
            for (int i = 0; i < byTime.size(); i++)
            {
                final long seed = seeds.get(i % seeds.size());
                final long jitter = jitterMs == 0 ? 0 : Math.floorMod(seed, jitterMs + 1);
                keyed.add(new long[] {byTime.get(i).tsMs() + jitter, seed & 0xFF, i});
            }
            keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
            return keyed.stream().map(k -> byTime.get((int)k[2])).collect(Collectors.toList());
        }

        @Override
        public String toString()
        {
            return "retention " + retentionMs + " ms, jitter up to " + jitterMs + " ms";
        }
    }

    private static Gen<Arrival> arrivals()
    {
        final Gen<Long> retentions = Generate.pick(List.of(0L, 30 * SECOND, 2 * MINUTE));
        final Gen<Integer> jitterPercents = Generate.frequency(List.of(
            Pair.of(1, Generate.constant(0)), Pair.of(2, Generate.constant(50)), Pair.of(4, Generate.constant(100)),
            Pair.of(2, Generate.constant(200))));
        final Gen<List<Long>> seeds = lists().of(Generate.longRange(0, Long.MAX_VALUE)).ofSize(97);
        return in ->
        {
            final long retentionMs = retentions.generate(in);
            final int percent = jitterPercents.generate(in);
            final long jitterMs = retentionMs == 0 && percent == 200 ? 20 * SECOND : retentionMs * percent / 100;
            return new Arrival(retentionMs, jitterMs, seeds.generate(in));
        };
    }

    private static Gen<Shape> shapes()
    {
        final Gen<Integer> filters = Generate.range(0, FILTERS.size() - 1);
        return in -> new Shape(filters.generate(in), filters.generate(in),
            Generate.pick(List.of(MINUTE, 3 * MINUTE)).generate(in),
            Generate.pick(List.of(0L, 2 * MINUTE)).generate(in),
            Generate.frequency(List.of(Pair.of(3, Generate.constant(false)), Pair.of(1, Generate.constant(true))))
                .generate(in));
    }

    /** Three cards, at most {@value #MAX_EVENTS_PER_CARD} events each (fewer than the open cap), by time. */
    private static Gen<List<Tx>> streams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(0L)), Pair.of(3, Generate.pick(List.of(SECOND, 10 * SECOND, 30 * SECOND))),
            Pair.of(2, Generate.pick(List.of(MINUTE, 3 * MINUTE))), Pair.of(1, Generate.longRange(0, 4 * MINUTE))));
        final Gen<Tx> event = in -> new Tx(
            Generate.pick(List.of("a", "b", "c")).generate(in),
            gapsMs.generate(in),
            "card-" + Generate.range(0, 2).generate(in),
            AMOUNTS[Generate.range(0, AMOUNTS.length - 1).generate(in)],
            "USD",
            Generate.frequency(List.of(Pair.of(4, Generate.constant(true)), Pair.of(1, Generate.constant(false))))
                .generate(in));
        return lists().of(event).ofSizeBetween(5, 80).map(AbsencePropertyTest::withTimes);
    }

    private static List<Tx> withTimes(final List<Tx> steps)
    {
        final List<Tx> out = new ArrayList<>();
        final Map<String, Integer> perCard = new HashMap<>();
        long tsMs = T0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Tx s = steps.get(i);
            tsMs += s.tsMs();
            if (perCard.merge(s.card(), 1, Integer::sum) <= MAX_EVENTS_PER_CARD)
            {
                out.add(new Tx(s.id() + String.format("%03d", i), tsMs, s.card(), s.amountMinor(), s.currency(),
                    s.approved()));
            }
        }
        out.sort(Tx::compareReference);
        return out;
    }

    /** An event is late when its time is before the newest time that arrived before it, minus the retention. */
    private static List<Tx> lateEvents(final List<Tx> arrived, final long retentionMs)
    {
        final List<Tx> late = new ArrayList<>();
        long newestMs = Long.MIN_VALUE;
        for (final Tx tx : arrived)
        {
            if (newestMs != Long.MIN_VALUE && tx.tsMs() < newestMs - retentionMs)
            {
                late.add(tx);
            }
            newestMs = Math.max(newestMs, tx.tsMs());
        }
        return late;
    }

    /** The alerts of the sorted stream of applied events, card by card. */
    private static final class Reference
    {
        final List<String> alerts = new ArrayList<>();
        boolean metByEarlierArrival;

        Reference(final Shape shape, final List<Tx> applied, final List<Tx> arrived)
        {
            final Map<String, List<Tx>> byCard = new TreeMap<>();
            for (final Tx tx : applied)
            {
                byCard.computeIfAbsent(tx.card(), c -> new ArrayList<>()).add(tx);
            }
            for (final List<Tx> events : byCard.values())
            {
                events.sort(Tx::compareReference);
                Long lastAlertMs = null;
                for (int i = 0; i < events.size(); i++)
                {
                    final Tx a = events.get(i);
                    if (!shape.isFirst(a))
                    {
                        continue;
                    }
                    Tx meeting = null;
                    for (int j = i + 1; j < events.size() && meeting == null; j++)
                    {
                        final Tx b = events.get(j);
                        if (shape.isThen(b) && b.tsMs() <= a.tsMs() + shape.withinMs)
                        {
                            meeting = b;
                        }
                    }
                    if (meeting != null)
                    {
                        metByEarlierArrival |= arrived.indexOf(meeting) < arrived.indexOf(a);
                    }
                    else if (lastAlertMs == null || a.tsMs() - lastAlertMs >= shape.cooldownMs)
                    {
                        lastAlertMs = a.tsMs();
                        alerts.add(a.card() + " " + a.id() + " @" + a.tsMs() + " " + a.id() + " " + shape.withinMs +
                            " " + a.amountMinor() / 100 + "." + String.format("%02d", a.amountMinor() % 100));
                    }
                }
            }
        }
    }

    private static String describe(final CapturedAlert alert)
    {
        final var d = alert.details();
        return alert.key() + " " + alert.txId() + " @" + alert.eventTimeMs() + " " + d.get("a_tx_id").asText() + " " +
            d.get("within_ms").asLong() + " " + d.get("a_amount").asText();
    }

    private static List<String> sorted(final java.util.stream.Stream<String> values)
    {
        final List<String> list = values.collect(Collectors.toList());
        Collections.sort(list);
        return list;
    }
}
