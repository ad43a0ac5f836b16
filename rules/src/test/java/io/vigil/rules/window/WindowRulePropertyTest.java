package io.vigil.rules.window;

import io.vigil.rules.CapturedAlert;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.Tx;
import io.vigil.rules.window.WindowReference.Cond;
import io.vigil.rules.window.WindowReference.Event;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.ALL;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Each window type against {@link WindowReference} on random streams of three cards: all eight aggregates are
 * computed and compared in every alert's figures, while the condition, picked per stream, is driven by one of
 * them (or by the triggering event); fire mode, cooldown, allowed lateness, out-of-order bound and shard count
 * vary too. Streams arrive in order, or shuffled within the out-of-order bound, within bound + lateness, or
 * beyond it (late events). Gaps land on the window edges (size, advance, gap, one ms short of them).
 */
class WindowRulePropertyTest
{
    private static final int EXAMPLES = 1000;

    static final List<Cond> CONDITIONS = List.of(
        (amount, v) -> v[0] >= 3,
        (amount, v) -> v[1] >= 2,
        (amount, v) -> v[2] >= 150_000,
        (amount, v) -> v[3] <= 100 && v[0] >= 2,
        (amount, v) -> v[4] >= 100_000,
        (amount, v) -> v[5] >= 40_000,
        (amount, v) -> v[6] >= 3,
        (amount, v) -> v[7] >= 0.5 && v[0] >= 2,
        (amount, v) -> v[0] >= 2 && (amount == null || amount >= 50_000));

    @Test
    void slidingShouldMatchBruteForce()
    {
        check(WindowSpec.sliding(MINUTE));
    }

    @Test
    void tumblingShouldMatchBruteForce()
    {
        check(WindowSpec.tumbling(MINUTE));
    }

    @Test
    void hoppingShouldMatchBruteForce()
    {
        check(WindowSpec.hopping(MINUTE, 20 * SECOND));
    }

    @Test
    void sessionShouldMatchBruteForce()
    {
        check(WindowSpec.session(30 * SECOND));
    }

    private static void check(final WindowSpec window)
    {
        final Coverage coverage = new Coverage();
        final Gen<FireMode> fires = window.type() == WindowType.SLIDING ?
            Generate.constant(FireMode.EARLY) : Generate.enumValues(FireMode.class);
        final Gen<WindowReference.Rule> rules = in -> new WindowReference.Rule(window, fires.generate(in),
            Generate.pick(List.of(0L, 30 * SECOND, 2 * MINUTE)).generate(in),
            Generate.pick(List.of(0L, 10 * SECOND, 45 * SECOND)).generate(in),
            Generate.booleans().generate(in),
            CONDITIONS.get(Generate.range(0, CONDITIONS.size() - 1).generate(in)));
        final Gen<long[]> timing = in -> new long[] {
            Generate.pick(List.of(0L, 15 * SECOND, MINUTE)).generate(in), Generate.range(0, 3).generate(in),
            Generate.range(1, 2).generate(in)};
        qt().withExamples(EXAMPLES)
            .forAll(rules, timing, streams())
            .checkAssert((rule, t, stream) -> assertMatches(rule, t[0], (int)t[1], (int)t[2], stream, coverage));
        coverage.assertCovered(window.type());
    }

    private static void assertMatches(
        final WindowReference.Rule spec, final long outOfOrderMs, final int jitterMode, final int shards,
        final List<Step> steps, final Coverage coverage)
    {
        final List<Event> arrival = arrivalOrder(steps, jitterMs(jitterMode, outOfOrderMs, spec.latenessMs()));
        final WindowRule rule = new WindowRule(REF, spec.positiveOnly() ? tx -> tx.amountMinor() > 0 : tx -> true,
            spec.window(), ALL, (tx, a) -> spec.when().test(tx == null ? null : tx.amountMinor(), read(a)),
            spec.fire(), spec.cooldownMs(), spec.latenessMs());
        final RuleHarness harness = new RuleHarness(new RuleProgramFactory(List.of(rule), outOfOrderMs), shards);
        for (final Event e : arrival)
        {
            harness.send(e.tx(), e.merchant(), "US");
        }
        harness.endOfInput();

        final WindowReference.Result expected = WindowReference.run(spec, outOfOrderMs, arrival);
        // early firing redoes later evaluations for out-of-order events, except that with early-and-on-close and
        // a cooldown, which of an early and a close alert suppresses the other follows arrival order
        final boolean mixedCooldown = spec.fire() == FireMode.EARLY_AND_ON_CLOSE && spec.cooldownMs() > 0;
        final List<String> actual = NetAlerts.net(harness.alerts()).stream()
            .map(a -> describe(a, spec.window().type())).filter(d -> !mixedCooldown || d.startsWith("late "))
            .collect(Collectors.toList());
        coverage.count(arrival, steps, expected.described());

        assertThat(actual).doesNotHaveDuplicates();
        assertThat(Set.copyOf(actual)).isEqualTo(sortedOutcome(spec, outOfOrderMs, arrival, expected).stream()
            .filter(d -> !mixedCooldown || d.startsWith("late ")).collect(Collectors.toSet()));
        assertThat(rule.lateEvents()).isEqualTo(expected.late());
        assertThat(harness.shard(0).pendingTimers()).as("every window closed at the end").isZero();
    }

    /**
     * Early firing redoes later evaluations for out-of-order events and close alerts wait for the watermark, so
     * alerts minus retractions are the alerts of the applied (not late) events sorted in reference order, plus
     * the late records of the arrival order.
     */
    private static Set<String> sortedOutcome(
        final WindowReference.Rule spec, final long outOfOrderMs, final List<Event> arrival,
        final WindowReference.Result inArrivalOrder)
    {
        final Set<String> late = inArrivalOrder.described().stream().filter(d -> d.startsWith("late "))
            .collect(Collectors.toSet());
        final List<Event> applied = arrival.stream()
            .filter(e -> !late.contains("late " + e.tx().card() + " " + e.id()))
            .sorted(Comparator.comparing(Event::tx, Tx::compareReference)).collect(Collectors.toList());
        final Set<String> out = new java.util.HashSet<>(late);
        out.addAll(WindowReference.run(spec, outOfOrderMs, applied).described());
        return out;
    }

    static double[] read(final io.vigil.rules.expr.AggregateValues values)
    {
        final double[] read = new double[ALL.size()];
        for (int i = 0; i < read.length; i++)
        {
            read[i] = values.get(i);
        }
        return read;
    }

    private static String describe(final CapturedAlert alert, final WindowType type)
    {
        if (Windows.isLate(alert))
        {
            return "late " + alert.key() + " " + alert.txId();
        }
        final String figures = ALL.stream().map(a -> Windows.figure(alert, a.text())).collect(Collectors.joining(" "));
        if (Windows.isClose(alert))
        {
            return "close " + alert.key() + " " + Windows.windowStartMs(alert) + ".." + Windows.windowEndMs(alert) +
                " " + figures;
        }
        return "early " + alert.key() + " " + alert.txId() + " " + figures +
            (type == WindowType.SLIDING ? "" : " @" + Windows.figure(alert, "window_start_ms"));
    }

    /** 0: in order; 1: within the bound; 2: within bound + lateness; 3: up to 40 s beyond that (late). */
    private static long jitterMs(final int mode, final long outOfOrderMs, final long latenessMs)
    {
        switch (mode)
        {
            case 0:
                return 0;
            case 1:
                return outOfOrderMs;
            case 2:
                return outOfOrderMs + latenessMs;
            default:
                return outOfOrderMs + latenessMs + 40 * SECOND;
        }
    }

    /** Each event arrives at its time plus a jitter in [0, jitterMs]; with none, in reference order. */
    private static List<Event> arrivalOrder(final List<Step> steps, final long jitterMs)
    {
        final List<Event> byTime = new ArrayList<>();
        final List<long[]> arrivalKeys = new ArrayList<>();
        long tsMs = T0 + steps.get(0).seed % MINUTE;
        for (int i = 0; i < steps.size(); i++)
        {
            final Step s = steps.get(i);
            tsMs += s.gapMs;
            byTime.add(new Event(new Tx(s.idPrefix + String.format("%03d", i), tsMs, "card-" + s.card, s.cents, "USD",
                s.approved), "m-" + s.merchant));
            final long jitter = jitterMs == 0 ? 0 : Math.floorMod(s.seed, jitterMs + 1);
            arrivalKeys.add(new long[] {tsMs + jitter, s.seed & 0xFF, i});
        }
        if (jitterMs == 0)
        {
            byTime.sort(Comparator.comparing(Event::tx, Tx::compareReference));
            return byTime;
        }
        arrivalKeys.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        return arrivalKeys.stream().map(k -> byTime.get((int)k[2])).collect(Collectors.toList());
    }

    private static Gen<List<Step>> streams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(0L)),
            Pair.of(4, Generate.pick(List.of(SECOND, 5 * SECOND, 10 * SECOND))),
            Pair.of(3, Generate.pick(List.of(20 * SECOND - 1, 20 * SECOND, 30 * SECOND - 1, 30 * SECOND))),
            Pair.of(2, Generate.pick(List.of(MINUTE - 1, MINUTE, 90 * SECOND, 3 * MINUTE))),
            Pair.of(2, Generate.longRange(0, 70 * SECOND))));
        final Gen<Long> cents = Generate.pick(List.of(0L, 1L, 100L, 5_000L, 50_000L, 100_000L, 250_000L));
        final Gen<Boolean> approved = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(true)), Pair.of(1, Generate.constant(false))));
        final Gen<Step> step = in -> new Step(gapsMs.generate(in), Generate.range(0, 2).generate(in),
            cents.generate(in), approved.generate(in), Generate.range(0, 3).generate(in),
            Generate.pick(List.of("a", "b", "c")).generate(in), Generate.longRange(0, Long.MAX_VALUE).generate(in));
        return lists().of(step).ofSizeBetween(5, 70);
    }

    private static final class Step
    {
        final long gapMs;
        final int card;
        final long cents;
        final boolean approved;
        final int merchant;
        final String idPrefix;
        final long seed;

        Step(final long gapMs, final int card, final long cents, final boolean approved, final int merchant,
            final String idPrefix, final long seed)
        {
            this.gapMs = gapMs;
            this.card = card;
            this.cents = cents;
            this.approved = approved;
            this.merchant = merchant;
            this.idPrefix = idPrefix;
            this.seed = seed;
        }

        @Override
        public String toString()
        {
            return "+" + gapMs + " card-" + card + " " + cents + (approved ? "" : " declined") + " m-" + merchant;
        }
    }

    /** How much of the behaviour the streams exercised. */
    private static final class Coverage
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger early = new AtomicInteger();
        final AtomicInteger close = new AtomicInteger();
        final AtomicInteger late = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final AtomicInteger inOrderWithAlerts = new AtomicInteger();

        void count(final List<Event> arrival, final List<Step> steps, final Set<String> expected)
        {
            streams.incrementAndGet();
            count(expected, "early ", early);
            count(expected, "close ", close);
            count(expected, "late ", late);
            if (!arrival.stream().sorted(Comparator.comparing(Event::tx, Tx::compareReference))
                .collect(Collectors.toList()).equals(arrival))
            {
                outOfOrder.incrementAndGet();
            }
            else if (expected.stream().anyMatch(d -> !d.startsWith("late ")))
            {
                inOrderWithAlerts.incrementAndGet();
            }
        }

        private static void count(final Set<String> expected, final String prefix, final AtomicInteger counter)
        {
            if (expected.stream().anyMatch(d -> d.startsWith(prefix)))
            {
                counter.incrementAndGet();
            }
        }

        void assertCovered(final WindowType type)
        {
            final double n = streams.get();
            assertThat(100 * early.get() / n).as("%% of streams with early alerts").isGreaterThan(30);
            if (type != WindowType.SLIDING)
            {
                assertThat(100 * close.get() / n).as("%% of streams with close alerts").isGreaterThan(30);
            }
            assertThat(100 * late.get() / n).as("%% of streams with late events").isGreaterThan(5);
            assertThat(100 * outOfOrder.get() / n).as("%% of streams out of order").isGreaterThan(30);
            assertThat(100 * inOrderWithAlerts.get() / n).as("%% of streams in order, with alerts").isGreaterThan(10);
        }
    }
}
