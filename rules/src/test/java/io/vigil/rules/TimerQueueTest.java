package io.vigil.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimerQueueTest
{
    @Test
    void shouldPopTimersInDueThenKeyThenRuleOrder()
    {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++)
        {
            final TimerQueue queue = new TimerQueue();
            final List<long[]> expected = new ArrayList<>();
            final int n = random.nextInt(1, 300);
            for (int i = 0; i < n; i++)
            {
                final long due = random.nextLong(0, 20);
                final long key = random.nextLong() % 5;
                final int rule = random.nextInt(3);
                queue.schedule(due, key, rule);
                expected.add(new long[] {due, key, rule});
            }
            expected.sort(Comparator.<long[]>comparingLong(t -> t[0])
                .thenComparing((a, b) -> Long.compareUnsigned(a[1], b[1])).thenComparingLong(t -> t[2]));
            final List<long[]> actual = new ArrayList<>();
            while (!queue.isEmpty())
            {
                actual.add(new long[] {queue.peekDueMs(), queue.peekKeyHash(), queue.peekRuleIndex()});
                queue.pop();
            }
            assertThat(actual).hasSize(n);
            for (int i = 0; i < n; i++)
            {
                assertThat(actual.get(i)).as("round %d, timer %d", round, i).containsExactly(expected.get(i));
            }
        }
    }
}
