package io.vigil.bench.e2e;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters read around a measured run: collections (count and time, every collector) and bytes allocated by
 * the engine's own threads (named {@code vigil-*}), for the "no GC, no allocation per event" targets, and the CPU
 * time of each engine thread: on a shared machine the work per event, unlike wall time, does not depend on how
 * often the thread got a core.
 */
final class EngineStats
{
    final long gcCount;
    final long gcTimeMs;
    final long engineAllocatedBytes;
    /** CPU time of each engine thread, ns, by name ({@code vigil-journaler}, {@code vigil-shard-0}, ...). */
    final Map<String, Long> cpuNsByThread;

    private EngineStats(final long gcCount, final long gcTimeMs, final long engineAllocatedBytes,
        final Map<String, Long> cpuNsByThread)
    {
        this.gcCount = gcCount;
        this.gcTimeMs = gcTimeMs;
        this.engineAllocatedBytes = engineAllocatedBytes;
        this.cpuNsByThread = cpuNsByThread;
    }

    /**
     * @param before the earlier reading.
     * @param events transactions between the two.
     * @return CPU ns per transaction of each engine thread between the readings (threads in name order).
     */
    Map<String, Double> cpuNsPerEvent(final EngineStats before, final long events)
    {
        final Map<String, Double> out = new TreeMap<>();
        for (final Map.Entry<String, Long> e : cpuNsByThread.entrySet())
        {
            final Long was = before.cpuNsByThread.get(e.getKey());
            if (was != null && was >= 0 && e.getValue() >= 0)
            {
                out.put(e.getKey(), (double)(e.getValue() - was) / Math.max(1, events));
            }
        }
        return out;
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
        final Map<String, Long> cpu = new TreeMap<>();
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
                        if (threads.isThreadCpuTimeSupported())
                        {
                            cpu.put(t.getName(), threads.getThreadCpuTime(t.getId()));
                        }
                    }
                }
            }
        }
        return new EngineStats(count, time, allocated, cpu);
    }
}
