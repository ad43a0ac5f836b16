package io.vigil.ops.service;

import io.vigil.core.engine.Engine;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's figures: counters kept here (requests by outcome), figures read from the engine, the gate and
 * the alert feed, and latency per stage in HdrHistograms. {@link #sample()} runs once a second on the
 * service's sampler thread: it drains the interval histograms into cumulative ones (for {@code /metrics}) and
 * keeps the last second's rates and percentiles (for the dashboard). {@link #prometheus()} writes the
 * Prometheus text exposition format (version 0.0.4): small enough to write directly, and it lets the
 * HdrHistograms the engine already keeps become Prometheus histograms without a second recording.
 * <p>
 * Stages: {@code ack} (request received to every transaction of it journaled: parse, dedup, ring, journal),
 * {@code detect} (a transaction's receipt to its alert handed to the sinks).
 * <p>
 * Thread contract: the recorders and counters from any thread; {@link #sample()} from one thread.
 */
public final class ServiceMetrics
{
    private static final long MAX_NS = 60_000_000_000L;
    private static final double[] BUCKETS_S = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10};

    private final Engine engine;
    private final IngestGate gate;
    private final LiveAlerts alerts;
    private final io.vigil.ops.delivery.AlertDelivery delivery;
    private final ServiceSinks outboxReaders;
    private final Recorder ackRecorder = new Recorder(MAX_NS, 3);
    private final Histogram ackTotal = new Histogram(MAX_NS, 3);
    private final Histogram detectTotal = new Histogram(MAX_NS, 3);
    private Histogram ackInterval;
    private Histogram detectInterval;
    private final Map<String, AtomicLong> rejected = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Map<String, Object> lastSecond = Map.of();
    private long lastAccepted;
    private long lastAlerts;
    private long lastSampleNs = System.nanoTime();
    private volatile io.vigil.rules.table.TableFigures tables;
    private volatile java.util.function.Consumer<StringBuilder> extra;

    ServiceMetrics(
        final Engine engine, final IngestGate gate, final LiveAlerts alerts, final ServiceSinks outboxReaders)
    {
        this.outboxReaders = outboxReaders;
        this.delivery = outboxReaders == null ? null : outboxReaders.delivery();
        this.engine = engine;
        this.gate = gate;
        this.alerts = alerts;
    }

    /**
     * @param figures what the shards' tables publish (rows held, rows refused at a cap), shown on {@code /metrics}
     *                as {@code vigil_table_rows} and {@code vigil_table_refused_rows_total} per table and shard.
     */
    void tables(final io.vigil.rules.table.TableFigures figures)
    {
        this.tables = figures;
    }

    /**
     * Adds metric families written after the service's own (the Kafka source's).
     *
     * @param writer appends Prometheus text; called on the thread serving {@code /metrics}.
     */
    void extraPrometheus(final java.util.function.Consumer<StringBuilder> writer)
    {
        this.extra = writer;
    }

    /** @param nanos one request's time from receipt to acknowledgement. */
    void recordAck(final long nanos)
    {
        ackRecorder.recordValue(Math.min(Math.max(nanos, 0), MAX_NS));
    }

    /** @param reason why a request was refused (bad_input, too_large, unauthorized, ring_full …). */
    void reject(final String reason)
    {
        rejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Counts a request to the API. */
    void request()
    {
        requests.incrementAndGet();
    }

    /** Drains the interval histograms; computes the last second's rates and percentiles. */
    synchronized void sample()
    {
        ackInterval = ackRecorder.getIntervalHistogram(ackInterval);
        detectInterval = engine.intervalLatency(detectInterval);
        ackTotal.add(ackInterval);
        detectTotal.add(detectInterval);
        final long now = System.nanoTime();
        final double seconds = Math.max(1e-3, (now - lastSampleNs) / 1e9);
        final long accepted = gate.accepted();
        final long alertCount = alerts.count();
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("events_per_s", Math.round((accepted - lastAccepted) / seconds));
        s.put("alerts_per_s", Math.round((alertCount - lastAlerts) / seconds));
        s.put("ack_p50_us", micros(ackInterval, 50));
        s.put("ack_p99_us", micros(ackInterval, 99));
        s.put("detect_p50_us", micros(detectInterval, 50));
        s.put("detect_p99_us", micros(detectInterval, 99));
        lastAccepted = accepted;
        lastAlerts = alertCount;
        lastSampleNs = now;
        lastSecond = s;
    }

    private static long micros(final Histogram h, final double percentile)
    {
        return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile) / 1000;
    }

    /** @return the dashboard's figures: totals now and the last second's rates and latencies. */
    public Map<String, Object> snapshot()
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("events_in", gate.accepted());
        s.put("duplicates", gate.duplicates());
        s.put("alerts", alerts.count());
        s.put("late_events", engine.lateEvents());
        s.put("ring_occupancy", engine.ringOccupancy());
        s.put("ring_capacity", engine.config().ringSize());
        s.put("journal_lag", Math.max(0, engine.published() - 1 - engine.journaledSequence()));
        s.put("ring_full", gate.ringFull());
        s.put("heap_used_bytes", java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        s.putAll(lastSecond);
        s.put("alerts_per_rule", alerts.perRule());
        if (delivery != null)
        {
            final java.util.List<Object> endpoints = new java.util.ArrayList<>();
            for (final io.vigil.ops.delivery.EndpointMetrics e : delivery.metrics().endpoints())
            {
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("delivered", e.delivered());
                m.put("backlog", e.backlog());
                m.put("failed_attempts", e.failedAttempts());
                m.put("dead_lettered", e.deadLettered());
                m.put("breaker", String.valueOf(e.breaker()));
                m.put("last_error", e.lastError());
                endpoints.add(m);
            }
            s.put("webhooks", endpoints);
        }
        if (outboxReaders != null)
        {
            s.putAll(outboxReaders.snapshot());
        }
        return s;
    }

    /** @return every metric in the Prometheus text format. */
    public synchronized String prometheus()
    {
        final StringBuilder out = new StringBuilder(4096);
        counter(out, "vigil_events_in_total", "Transactions accepted (journaled) through ingest.", gate.accepted());
        counter(out, "vigil_ingest_duplicates_total", "Retried transactions acknowledged again, not applied.",
            gate.duplicates());
        counter(out, "vigil_ingest_ring_full_total", "Ingest requests answered 429 because the ring stayed full.",
            gate.ringFull());
        out.append("# HELP vigil_ingest_rejected_total Requests refused, by reason.\n")
            .append("# TYPE vigil_ingest_rejected_total counter\n");
        rejected.forEach((reason, n) -> out.append("vigil_ingest_rejected_total{reason=\"").append(reason)
            .append("\"} ").append(n.get()).append('\n'));
        counter(out, "vigil_http_requests_total", "Requests to the API.", requests.get());
        gauge(out, "vigil_dedup_ids", "Transaction ids remembered for deduplication.", gate.dedupSize());
        counter(out, "vigil_journaled_total", "Entries appended to the journal.", engine.journaled());
        counter(out, "vigil_processed_total", "Entries processed by the slowest shard.", engine.processed());
        out.append("# HELP vigil_alerts_total Alerts handed to the sinks, by rule.\n")
            .append("# TYPE vigil_alerts_total counter\n");
        alerts.perRule().forEach((rule, n) -> out.append("vigil_alerts_total{rule=\"").append(rule).append("\"} ")
            .append(n).append('\n'));
        counter(out, "vigil_late_events_total", "Events a rule did not apply because they were late.",
            engine.lateEvents());
        gauge(out, "vigil_ring_occupancy", "Ring slots in use: published, not yet through every stage.",
            engine.ringOccupancy());
        gauge(out, "vigil_ring_capacity", "Ring slots.", engine.config().ringSize());
        gauge(out, "vigil_journal_lag", "Events published but not yet journaled.",
            Math.max(0, engine.published() - 1 - engine.journaledSequence()));
        tableFamilies(out);
        final java.lang.management.MemoryUsage heap =
            java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(out, "vigil_jvm_heap_used_bytes", "Java heap in use.", heap.getUsed());
        gauge(out, "vigil_jvm_heap_committed_bytes", "Java heap committed.", heap.getCommitted());
        if (delivery != null)
        {
            final io.vigil.ops.delivery.DeliveryMetrics d = delivery.metrics();
            counter(out, "vigil_outbox_appended_total", "Alerts appended to the outbox for delivery.", d.appended());
            counter(out, "vigil_outbox_repeats_skipped_total", "Replayed alerts the outbox already held.",
                d.duplicatesSkipped());
            endpointFamily(out, "vigil_webhook_backlog", "gauge", "Alerts in the outbox not yet finished, per endpoint.",
                d, io.vigil.ops.delivery.EndpointMetrics::backlog);
            endpointFamily(out, "vigil_webhook_delivered_total", "counter", "Alerts delivered, per endpoint.", d,
                io.vigil.ops.delivery.EndpointMetrics::delivered);
            endpointFamily(out, "vigil_webhook_failed_attempts_total", "counter", "Failed delivery attempts.", d,
                io.vigil.ops.delivery.EndpointMetrics::failedAttempts);
            endpointFamily(out, "vigil_webhook_dead_lettered_total", "counter", "Alerts delivery gave up on.", d,
                io.vigil.ops.delivery.EndpointMetrics::deadLettered);
        }
        if (outboxReaders != null)
        {
            outboxReaders.prometheus(out, delivery == null);
        }
        final java.util.function.Consumer<StringBuilder> extra = this.extra;
        if (extra != null)
        {
            extra.accept(out);
        }
        out.append("# HELP vigil_stage_latency_seconds Latency per stage: ack (request to journaled), detect "
            + "(receipt to alert).\n# TYPE vigil_stage_latency_seconds histogram\n");
        histogram(out, "ack", ackTotal);
        histogram(out, "detect", detectTotal);
        return out.toString();
    }

    private static void counter(final StringBuilder out, final String name, final String help, final long value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
            .append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(final StringBuilder out, final String name, final String help, final long value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
            .append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private void tableFamilies(final StringBuilder out)
    {
        final io.vigil.rules.table.TableFigures figures = tables;
        if (figures == null)
        {
            return;
        }
        final int shards = engine.config().shardCount();
        out.append("# HELP vigil_table_rows Rows a shard's table holds (card profiles: the cards the shard owns; ")
            .append("the other tables are replicated to every shard).\n# TYPE vigil_table_rows gauge\n");
        for (final io.vigil.rules.table.TableFigures.Table table : io.vigil.rules.table.TableFigures.Table.values())
        {
            for (int shard = 0; shard < shards; shard++)
            {
                out.append("vigil_table_rows{table=\"").append(table.label()).append("\",shard=\"").append(shard)
                    .append("\"} ").append(figures.rows(shard, table)).append('\n');
            }
        }
        out.append("# HELP vigil_table_refused_rows_total New rows a shard's table refused at its cap (tables: in ")
            .append("the configuration); they read as missing.\n# TYPE vigil_table_refused_rows_total counter\n");
        for (final io.vigil.rules.table.TableFigures.Table table : io.vigil.rules.table.TableFigures.Table.values())
        {
            for (int shard = 0; shard < shards; shard++)
            {
                out.append("vigil_table_refused_rows_total{table=\"").append(table.label()).append("\",shard=\"")
                    .append(shard).append("\"} ").append(figures.refused(shard, table)).append('\n');
            }
        }
    }

    private static void endpointFamily(
        final StringBuilder out, final String name, final String type, final String help,
        final io.vigil.ops.delivery.DeliveryMetrics d,
        final java.util.function.ToLongFunction<io.vigil.ops.delivery.EndpointMetrics> value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
            .append(type).append('\n');
        for (final io.vigil.ops.delivery.EndpointMetrics e : d.endpoints())
        {
            out.append(name).append("{endpoint=\"").append(e.name()).append("\"} ").append(value.applyAsLong(e))
                .append('\n');
        }
    }

    private static void histogram(final StringBuilder out, final String stage, final Histogram h)
    {
        for (final double bound : BUCKETS_S)
        {
            final long boundNs = (long)(bound * 1e9);
            final long count = h.getTotalCount() == 0 ? 0 : h.getCountBetweenValues(0, boundNs);
            out.append("vigil_stage_latency_seconds_bucket{stage=\"").append(stage).append("\",le=\"")
                .append(java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString()).append("\"} ").append(count).append('\n');
        }
        out.append("vigil_stage_latency_seconds_bucket{stage=\"").append(stage).append("\",le=\"+Inf\"} ")
            .append(h.getTotalCount()).append('\n');
        out.append("vigil_stage_latency_seconds_sum{stage=\"").append(stage).append("\"} ")
            .append(String.format(Locale.ROOT, "%.9f", h.getMean() * h.getTotalCount() / 1e9)).append('\n');
        out.append("vigil_stage_latency_seconds_count{stage=\"").append(stage).append("\"} ")
            .append(h.getTotalCount()).append('\n');
    }
}
