package io.vigil.rules.window;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What one {@link WindowRule} counts on one shard: late events, and the updates its bounds refused. Written
 * by that shard's thread only; read by others as a plain (possibly stale) snapshot, for metrics and tests.
 */
final class WindowCounters
{
    final Object shard;
    long lateEvents;
    long refusedWindows;
    long refusedDistinctValues;
    long droppedEvents;

    private WindowCounters(final Object shard)
    {
        this.shard = shard;
    }

    /**
     * A rule's counters, one per shard. A state binds to its shard's once, when first used (not per event).
     * Thread contract: any thread.
     */
    static final class PerShard
    {
        private final List<WindowCounters> shards = new ArrayList<>();

        /**
         * @param shard identifies the shard (its clock).
         * @return its counters, created on first call.
         */
        WindowCounters of(final Object shard)
        {
            synchronized (shards)
            {
                for (final WindowCounters counters : shards)
                {
                    if (counters.shard == shard)
                    {
                        return counters;
                    }
                }
                final WindowCounters counters = new WindowCounters(shard);
                shards.add(counters);
                return counters;
            }
        }

        /**
         * @param counter which count.
         * @return its sum over the shards.
         */
        long total(final ToLongFunction<WindowCounters> counter)
        {
            long total = 0;
            synchronized (shards)
            {
                for (final WindowCounters counters : shards)
                {
                    total += counter.applyAsLong(counters);
                }
            }
            return total;
        }
    }
}
