package io.vigil.bench.e2e;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Counters read around a measured run: collections (count and time, every collector) and bytes allocated by
 * the engine's own threads (named {@code vigil-*}), for the "no GC, no allocation per event" targets.
 */
final class EngineStats
{
    final long gcCount;
    final long gcTimeMs;
    final long engineAllocatedBytes;

    private EngineStats(final long gcCount, final long gcTimeMs, final long engineAllocatedBytes)
    {
        this.gcCount = gcCount;
        this.gcTimeMs = gcTimeMs;
        this.engineAllocatedBytes = engineAllocatedBytes;
    }

    static EngineStats now()
    {
        long count = 0;
        long time = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        long allocated = -1;
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean)
        {
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            if (threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
            {
                allocated = 0;
                for (final Thread t : Thread.getAllStackTraces().keySet())
                {
                    if (t.getName().startsWith("vigil-"))
                    {
                        allocated += Math.max(0, threads.getThreadAllocatedBytes(t.getId()));
                    }
                }
            }
        }
        return new EngineStats(count, time, allocated);
    }
}
