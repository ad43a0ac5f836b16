package io.vigil.ops.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka source's figures, written by its consumer thread and read by {@code /metrics} (Prometheus text):
 * records consumed and refused, rebalances, partitions owned, and per owned partition the consumer lag (records
 * in the partition after the consumer's position) and the last offset taken.
 * <p>
 * Thread contract: counters are updated by the consumer thread; {@link #prometheus} from any thread.
 */
public final class KafkaSourceMetrics
{
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    private final Map<String, long[]> partitions = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> referenceApplied = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> referenceRejected = new ConcurrentSkipListMap<>();
    private volatile Map<String, Long> referenceLags = Map.of();
    private volatile boolean running = true;

    void applyReference(final String topic)
    {
        referenceApplied.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    void rejectReference(final String topic)
    {
        referenceRejected.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
        rejected.incrementAndGet();
    }

    void referenceLags(final Map<String, Long> lagsByLabel)
    {
        this.referenceLags = lagsByLabel;
    }

    /**
     * @param topic a reference topic.
     * @return its records journaled into partition engines since start (one record counts once per engine).
     */
    public long referenceApplied(final String topic)
    {
        final AtomicLong n = referenceApplied.get(topic);
        return n == null ? 0 : n.get();
    }

    /**
     * @param topic a reference topic.
     * @return its records refused by partition engines since start (once per engine).
     */
    public long referenceRejectedCount(final String topic)
    {
        final AtomicLong n = referenceRejected.get(topic);
        return n == null ? 0 : n.get();
    }

    void consume()
    {
        consumed.lazySet(consumed.get() + 1);
    }

    void reject()
    {
        rejected.incrementAndGet();
    }

    void tick()
    {
        ticks.incrementAndGet();
    }

    /** @return idle-source ticks published into quiet partitions since start. */
    public long ticks()
    {
        return ticks.get();
    }

    void rebalance()
    {
        rebalances.incrementAndGet();
    }

    void owned(final String topic, final int partition)
    {
        partitions.put(label(topic, partition), new long[] {-1, -1});
    }

    void released(final String topic, final int partition)
    {
        partitions.remove(label(topic, partition));
    }

    void position(final String topic, final int partition, final long lag, final long lastOffset)
    {
        final long[] figures = partitions.get(label(topic, partition));
        if (figures != null)
        {
            figures[0] = lag;
            figures[1] = lastOffset;
        }
    }

    void stopped()
    {
        running = false;
    }

    static String label(final String topic, final int partition)
    {
        return "topic=\"" + topic + "\",partition=\"" + partition + "\"";
    }

    /** @return records taken (journaled) since start. */
    public long consumed()
    {
        return consumed.get();
    }

    /** @return records refused since start. */
    public long rejectedCount()
    {
        return rejected.get();
    }

    /** @return rebalances (assignments and revocations) seen since start. */
    public long rebalances()
    {
        return rebalances.get();
    }

    /** @return partitions this node owns now. */
    public int partitionsOwned()
    {
        return partitions.size();
    }

    /**
     * Appends the source's metric families.
     *
     * @param out Prometheus text being written.
     */
    public void prometheus(final StringBuilder out)
    {
        family(out, "vigil_kafka_records_consumed_total", "counter", "Kafka records journaled into a partition engine.");
        out.append("vigil_kafka_records_consumed_total ").append(consumed.get()).append('\n');
        family(out, "vigil_kafka_records_rejected_total", "counter",
            "Kafka records refused (recorded in the partition's rejects.jsonl).");
        out.append("vigil_kafka_records_rejected_total ").append(rejected.get()).append('\n');
        family(out, "vigil_kafka_rebalances_total", "counter", "Partition assignments and revocations seen.");
        out.append("vigil_kafka_rebalances_total ").append(rebalances.get()).append('\n');
        family(out, "vigil_kafka_idle_ticks_total", "counter",
            "Idle-source ticks journaled into quiet partitions (ingest.idle-tick).");
        out.append("vigil_kafka_idle_ticks_total ").append(ticks.get()).append('\n');
        family(out, "vigil_kafka_partitions_owned", "gauge", "Partitions whose engine runs on this node.");
        out.append("vigil_kafka_partitions_owned ").append(partitions.size()).append('\n');
        family(out, "vigil_kafka_source_up", "gauge", "1 while the Kafka source's consumer runs.");
        out.append("vigil_kafka_source_up ").append(running ? 1 : 0).append('\n');
        family(out, "vigil_kafka_consumer_lag", "gauge", "Records in the partition after the consumer's position.");
        for (final Map.Entry<String, long[]> p : partitions.entrySet())
        {
            if (p.getValue()[0] >= 0)
            {
                out.append("vigil_kafka_consumer_lag{").append(p.getKey()).append("} ").append(p.getValue()[0])
                    .append('\n');
            }
        }
        referencePrometheus(out);
        family(out, "vigil_kafka_partition_offset", "gauge", "Last offset taken (journaled or refused) per partition.");
        for (final Map.Entry<String, long[]> p : partitions.entrySet())
        {
            out.append("vigil_kafka_partition_offset{").append(p.getKey()).append("} ").append(p.getValue()[1])
                .append('\n');
        }
    }

    private void referencePrometheus(final StringBuilder out)
    {
        family(out, "vigil_kafka_reference_records_applied_total", "counter",
            "Reference-topic records journaled into partition engines (once per engine that applied it).");
        for (final Map.Entry<String, AtomicLong> e : referenceApplied.entrySet())
        {
            out.append("vigil_kafka_reference_records_applied_total{topic=\"").append(e.getKey()).append("\"} ")
                .append(e.getValue().get()).append('\n');
        }
        family(out, "vigil_kafka_reference_records_rejected_total", "counter",
            "Reference-topic records refused (in the partition's reference-rejects.jsonl), once per engine.");
        for (final Map.Entry<String, AtomicLong> e : referenceRejected.entrySet())
        {
            out.append("vigil_kafka_reference_records_rejected_total{topic=\"").append(e.getKey()).append("\"} ")
                .append(e.getValue().get()).append('\n');
        }
        family(out, "vigil_kafka_reference_lag", "gauge",
            "Records of a reference partition after the position of the slowest partition engine of this node.");
        for (final Map.Entry<String, Long> e : new java.util.TreeMap<>(referenceLags).entrySet())
        {
            out.append("vigil_kafka_reference_lag{").append(e.getKey()).append("} ").append(e.getValue())
                .append('\n');
        }
    }

    private static void family(final StringBuilder out, final String name, final String type, final String help)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
            .append(type).append('\n');
    }
}
