package io.vigil.rules.window;

import io.vigil.rules.Gens;
import io.vigil.rules.ShuffleCheck;
import io.vigil.rules.Tx;
import io.vigil.rules.window.WindowReference.Cond;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.ALL;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The out-of-order contract for window rules: the same events shuffled within the out-of-orderness bound give
 * alerts minus retractions equal to the sorted stream's alerts, ids and contents ({@link ShuffleCheck}).
 * Every window type with every aggregate, conditions on the aggregates and on the event's own amount, cooldowns
 * and allowed lateness; early firing (by redoing later evaluations), on close (decided on the watermark), and
 * both (without a cooldown: which of an early and a close alert suppresses the other follows arrival order).
 */
class WindowShufflePropertyTest
{
    private static final int EXAMPLES = 1000;

    /** {@link Windows#ALL} with MIN and MAX replaced (same positions): early windows then keep no frozen slot. */
    private static final List<io.vigil.rules.expr.AggregateSpec> WITHOUT_EXTREMES = List.of(Windows.COUNT,
        Windows.COUNT_DECLINED, Windows.SUM, Windows.COUNT, Windows.SUM, Windows.AVG, Windows.DISTINCT_MERCHANTS,
        Windows.RATIO_DECLINED);

    @Test
    void slidingShouldGiveTheSortedStreamsAlerts()
    {
        check(WindowSpec.sliding(MINUTE), Generate.constant(FireMode.EARLY), 10.0);
    }

    @Test
    void tumblingShouldGiveTheSortedStreamsAlerts()
    {
        check(WindowSpec.tumbling(MINUTE), Generate.enumValues(FireMode.class), 5.0);
    }

    @Test
    void hoppingShouldGiveTheSortedStreamsAlerts()
    {
        check(WindowSpec.hopping(MINUTE, 20 * SECOND), Generate.enumValues(FireMode.class), 5.0);
    }

    @Test
    void sessionShouldGiveTheSortedStreamsAlerts()
    {
        check(WindowSpec.session(30 * SECOND), Generate.enumValues(FireMode.class), 5.0);
    }

    private static void check(final WindowSpec window, final Gen<FireMode> fires, final double minAmendedPercent)
    {
        final AtomicInteger streams = new AtomicInteger();
        final AtomicInteger shuffledWithAlerts = new AtomicInteger();
        final AtomicInteger amended = new AtomicInteger();
        final AtomicInteger retracted = new AtomicInteger();
        final Gen<WindowRule> rules = in ->
        {
            final FireMode fire = fires.generate(in);
            final Cond when = WindowRulePropertyTest.CONDITIONS.get(
                Generate.range(0, WindowRulePropertyTest.CONDITIONS.size() - 1).generate(in));
            return new WindowRule(REF, tx -> true, window, Generate.booleans().generate(in) ? ALL : WITHOUT_EXTREMES,
                (tx, a) -> when.test(tx == null ? null : tx.amountMinor(), WindowRulePropertyTest.read(a)), fire,
                fire == FireMode.EARLY_AND_ON_CLOSE ? 0L :
                    Generate.pick(List.of(0L, 30 * SECOND, 2 * MINUTE)).generate(in),
                Generate.pick(List.of(0L, 10 * SECOND)).generate(in));
        };
        qt().withExamples(EXAMPLES)
            .forAll(rules, streams(), Generate.pick(List.of(SECOND, 15 * SECOND, MINUTE)),
                lists().of(Generate.longRange(0, Long.MAX_VALUE)).ofSize(16))
            .checkAssert((rule, stream, boundMs, seeds) ->
            {
                final int shards = 1 + (int)(seeds.get(0) >>> 7 & 1);
                final ShuffleCheck.Outcome outcome =
                    ShuffleCheck.assertShuffledGivesSorted(List.of(rule), boundMs, stream, seeds, shards);
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
        assertThat(100.0 * shuffledWithAlerts.get() / streams.get()).as("%% shuffled, with alerts").isGreaterThan(30);
        assertThat(100.0 * amended.get() / streams.get()).as("%% with amendments").isGreaterThanOrEqualTo(
            minAmendedPercent);
        assertThat(100.0 * retracted.get() / streams.get()).as("%% with retractions").isGreaterThanOrEqualTo(
            minAmendedPercent / 3);
    }

    /** Two cards, gaps on the window edges, times non-decreasing; sorted in reference order. */
    private static Gen<List<Tx>> streams()
    {
        final Gen<Long> gapsMs = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(0L)),
            Pair.of(4, Generate.pick(List.of(SECOND, 5 * SECOND, 10 * SECOND))),
            Pair.of(2, Generate.pick(List.of(20 * SECOND, 30 * SECOND - 1, 30 * SECOND, MINUTE - 1, MINUTE))),
            Pair.of(1, Gens.biasedLongs(90 * SECOND))));
        final Gen<Long> cents = Generate.pick(List.of(0L, 100L, 5_000L, 50_000L, 100_000L, 250_000L));
        final Gen<Boolean> approved = Generate.frequency(List.of(
            Pair.of(3, Generate.constant(true)), Pair.of(1, Generate.constant(false))));
        final Gen<Tx> step = in -> new Tx(Generate.pick(List.of("a", "b", "c")).generate(in), gapsMs.generate(in),
            "card-" + Generate.range(0, 1).generate(in), cents.generate(in), "USD", approved.generate(in));
        return lists().of(step).ofSizeBetween(5, 60).map(WindowShufflePropertyTest::withTimes);
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
}
