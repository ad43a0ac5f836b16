package io.vigil.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The out-of-order contract of {@code DESIGN.md} (Time) as a check: the same events, shuffled within the
 * out-of-orderness bound, give alerts minus retractions equal to the alerts of the stream sorted by (event time,
 * id), ids and contents (the JSON without {@code status} and {@code cause_tx_id}).
 */
public final class ShuffleCheck
{
    /** What one check saw, for coverage counts. */
    public record Outcome(boolean shuffled, int sortedAlerts, int amended, int retracted)
    {
    }

    private ShuffleCheck()
    {
    }

    /**
     * Each event arrives at its time plus a jitter in {@code [0, boundMs]} (ties by a seed byte): it then lags
     * the newest event seen by at most the bound, so it is never late.
     *
     * @param sorted  events in reference order.
     * @param seeds   one seed per event (at least as many as events).
     * @param boundMs the out-of-orderness bound, ms.
     * @return the arrival order.
     */
    public static List<Tx> shuffleWithinBound(final List<Tx> sorted, final List<Long> seeds, final long boundMs)
    {
        final List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++)
        {
            final long seed = seeds.get(i % seeds.size()) ^ i * 0x9E3779B97F4A7C15L;
            final long jitter = boundMs == 0 ? 0 : Math.floorMod(seed, boundMs + 1);
            keyed.add(new long[] {sorted.get(i).tsMs() + jitter, seed & 0xFF, i});
        }
        keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        return keyed.stream().map(k -> sorted.get((int)k[2])).collect(Collectors.toList());
    }

    /**
     * Runs {@code rules} on the sorted stream (one shard) and on the shuffled one ({@code shards} shards), each
     * followed by the end of input, and asserts the contract.
     *
     * @param rules   the rules.
     * @param boundMs the program's out-of-orderness bound, ms.
     * @param sorted  events in reference order.
     * @param seeds   jitter seeds.
     * @param shards  shard count of the shuffled run.
     * @return what was seen.
     */
    public static Outcome assertShuffledGivesSorted(
        final List<? extends CompiledRule> rules, final long boundMs, final List<Tx> sorted, final List<Long> seeds,
        final int shards)
    {
        final List<Tx> arrival = shuffleWithinBound(sorted, seeds, boundMs);
        final RuleHarness inOrder = new RuleHarness(new RuleProgramFactory(rules, boundMs), 1).sendAll(sorted);
        inOrder.endOfInput();
        final RuleHarness shuffled = new RuleHarness(new RuleProgramFactory(rules, boundMs), shards).sendAll(arrival);
        shuffled.endOfInput();

        assertThat(inOrder.alerts()).as("the sorted stream needs no amendment")
            .allSatisfy(a -> assertThat(NetAlerts.status(a)).isEmpty());
        assertThat(shuffled.alerts()).as("nothing is late within the bound")
            .allSatisfy(a -> assertThat(a.node().has("late_event")).isFalse());
        final List<String> expected = inOrder.alerts().stream().map(NetAlerts::content).sorted()
            .collect(Collectors.toList());
        final List<String> actual = NetAlerts.net(shuffled.alerts()).stream().map(NetAlerts::content).sorted()
            .collect(Collectors.toList());
        assertThat(actual).as("alerts minus retractions, arrival %s", arrival).isEqualTo(expected);

        final int amended = (int)shuffled.alerts().stream().filter(a -> "amended".equals(NetAlerts.status(a))).count();
        final int retracted =
            (int)shuffled.alerts().stream().filter(a -> "retracted".equals(NetAlerts.status(a))).count();
        return new Outcome(!arrival.equals(sorted), expected.size(), amended, retracted);
    }
}
