package io.vigil.ops.service;

import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.db.DbSinkConfig;
import io.vigil.ops.db.DbSinkConfigFile;
import io.vigil.ops.db.JdbcAlertSink;
import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.OutboxAlertSink;
import io.vigil.ops.delivery.WebhookConfig;
import io.vigil.ops.delivery.WebhookConfigException;
import io.vigil.ops.delivery.WebhookConfigReader;
import io.vigil.ops.kafka.KafkaAlertSink;
import io.vigil.ops.kafka.KafkaSinkConfig;
import io.vigil.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's alert outbox ({@code DATA/outbox}) and its readers: webhook delivery ({@code delivery.webhooks}),
 * the PostgreSQL sink ({@code delivery.postgres}) and the Kafka sink ({@code kafka.sink}). One outbox, appended to
 * by the engine's alert collector through one {@link OutboxAlertSink}; each reader on its own thread, at its own
 * pace, resuming after a restart where it stopped. Nothing is opened when no reader is configured.
 * <p>
 * Thread contract: started and closed on the service's control thread; the readers' counters from any thread.
 */
public final class ServiceSinks implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSinks.class);

    private final AlertOutbox outbox;
    private final AlertDelivery delivery;
    private final JdbcAlertSink db;
    private final String dbName;
    private final KafkaAlertSink kafka;
    private final OutboxAlertSink sink;
    private boolean closed;

    private ServiceSinks(final AlertOutbox outbox, final AlertDelivery delivery, final JdbcAlertSink db,
        final KafkaAlertSink kafka, final AlertRoutes routes, final String dbName)
    {
        this.dbName = dbName;
        this.outbox = outbox;
        this.delivery = delivery;
        this.db = db;
        this.kafka = kafka;
        final List<Thread> readers = new ArrayList<>();
        if (delivery != null)
        {
            readers.add(delivery.thread());
        }
        if (db != null)
        {
            readers.add(db.thread());
        }
        if (kafka != null)
        {
            readers.add(kafka.thread());
        }
        this.sink = OutboxAlertSink.forReaders(outbox, routes, readers);
    }

    /**
     * Reads the readers' configurations, opens the outbox and starts them.
     *
     * @param config the service configuration.
     * @param rules  the configured rules (routing facts until recovery says which rules run).
     * @return the running readers, or null when none is configured.
     * @throws ConfigException for a bad webhook or database file, a Kafka setting the producer refuses, or a
     *                         database that cannot be reached at start.
     * @throws IOException     if a configuration file cannot be read.
     */
    public static ServiceSinks start(final ServiceConfig config, final RuleSet rules) throws ConfigException, IOException
    {
        final WebhookConfig webhooks = webhooks(config.delivery().webhooks());
        final DbSinkConfig dbConfig = postgres(config.delivery().postgres());
        final KafkaSinkConfig kafkaConfig;
        try
        {
            kafkaConfig = config.kafka().sinkConfig();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException("kafka: " + ex.getMessage());
        }
        if (webhooks == null && dbConfig == null && kafkaConfig == null)
        {
            return null;
        }
        final Path dir = config.data().dir().resolve("outbox");
        final AlertOutbox outbox = AlertOutbox.open(dir);
        final AlertRoutes routes = AlertRoutes.of(rules);
        JdbcAlertSink db = null;
        KafkaAlertSink kafka = null;
        try
        {
            if (dbConfig != null)
            {
                db = JdbcAlertSink.start(dbConfig, outbox);
                LOG.info("event=postgres_sink_started config={} sink={} resumed={}", config.delivery().postgres(),
                    dbConfig.sinkName(), db.resumed());
            }
            if (kafkaConfig != null)
            {
                kafka = startKafka(kafkaConfig, outbox);
                LOG.info("event=kafka_sink_started brokers={} topic={} sink={} resumed={}", kafkaConfig.brokers(),
                    kafkaConfig.topic(), kafkaConfig.name(), kafka.resumed());
            }
            final AlertDelivery delivery = webhooks == null ? null : AlertDelivery.start(webhooks, outbox, routes);
            if (delivery != null)
            {
                LOG.info("event=delivery_started webhooks={} outbox={} endpoints={}", config.delivery().webhooks(),
                    dir, webhooks.endpoints().size());
            }
            return new ServiceSinks(outbox, delivery, db, kafka, routes,
                dbConfig == null ? null : dbConfig.sinkName());
        }
        catch (final SQLException ex)
        {
            closeQuietly(db, kafka, outbox);
            throw new ConfigException("delivery.postgres " + config.delivery().postgres() + ": cannot start the "
                + "PostgreSQL sink: " + ex.getMessage());
        }
        catch (final RuntimeException | Error ex)
        {
            closeQuietly(db, kafka, outbox);
            throw ex;
        }
    }

    private static KafkaAlertSink startKafka(final KafkaSinkConfig config, final AlertOutbox outbox)
        throws ConfigException
    {
        try
        {
            return KafkaAlertSink.start(config, outbox);
        }
        catch (final org.apache.kafka.common.KafkaException ex)
        {
            final Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            throw new ConfigException("kafka: the Kafka producer refuses the settings: " + cause.getMessage());
        }
    }

    private static WebhookConfig webhooks(final Path file) throws ConfigException, IOException
    {
        if (file == null)
        {
            return null;
        }
        try
        {
            return WebhookConfigReader.read(file);
        }
        catch (final WebhookConfigException ex)
        {
            throw new ConfigException("delivery.webhooks " + file + ": refused:\n" + ex.getMessage());
        }
    }

    private static DbSinkConfig postgres(final Path file) throws ConfigException, IOException
    {
        if (file == null)
        {
            return null;
        }
        if (!java.nio.file.Files.isReadable(file))
        {
            throw new ConfigException("delivery.postgres " + file + ": no such readable file");
        }
        try
        {
            return DbSinkConfigFile.load(file, System.getenv());
        }
        catch (final DbSinkConfigFile.ConfigException ex)
        {
            throw new ConfigException("delivery.postgres " + file + ": refused:\n" + ex.getMessage());
        }
    }

    private static void closeQuietly(final JdbcAlertSink db, final KafkaAlertSink kafka, final AlertOutbox outbox)
    {
        if (kafka != null)
        {
            kafka.close();
        }
        if (db != null)
        {
            db.close();
        }
        outbox.close();
    }

    /** @return the sink to give the engine: it appends each alert to the outbox and wakes the readers. */
    public OutboxAlertSink sink()
    {
        return sink;
    }

    /** @return the outbox. */
    public AlertOutbox outbox()
    {
        return outbox;
    }

    /** @return webhook delivery, or null. */
    public AlertDelivery delivery()
    {
        return delivery;
    }

    /** @return the PostgreSQL sink, or null. */
    public JdbcAlertSink db()
    {
        return db;
    }

    /** @return the Kafka sink, or null. */
    public KafkaAlertSink kafka()
    {
        return kafka;
    }

    /**
     * After the engine has closed: lets webhook delivery take the backlog for up to {@code drainWaitMs}, the
     * database and Kafka sinks theirs (each up to its {@code close-timeout}), stops them and closes the outbox.
     * What is left stays in the outbox for the next start. Idempotent.
     *
     * @param drainWaitMs how long webhook delivery may take.
     */
    public void close(final long drainWaitMs)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (delivery != null)
            {
                try
                {
                    final boolean drained = delivery.awaitDrained(drainWaitMs);
                    LOG.info("event=delivery_stopped drained={} backlog={}", drained,
                        delivery.metrics().maxBacklog());
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                delivery.close();
            }
            if (db != null)
            {
                db.close();
                LOG.info("event=postgres_sink_stopped written={} unwritten={}", db.writer().records(), db.unwritten());
            }
            if (kafka != null)
            {
                kafka.close();
                LOG.info("event=kafka_sink_stopped sent={} failed_attempts={} unsent={}", kafka.sent(),
                    kafka.failedAttempts(), kafka.unsent());
            }
        }
        finally
        {
            outbox.close();
        }
    }

    /**
     * Appends the database and Kafka sinks' metrics in the Prometheus text format (webhook delivery's are
     * {@code ServiceMetrics}'). Any thread.
     *
     * @param out          where.
     * @param withOutbox   also the outbox's counters (when webhook delivery, which reports them, is off).
     */
    void prometheus(final StringBuilder out, final boolean withOutbox)
    {
        if (withOutbox)
        {
            metric(out, "vigil_outbox_appended_total", "counter", "Alerts appended to the outbox for delivery.", null,
                outbox.lastSeq());
            metric(out, "vigil_outbox_repeats_skipped_total", "counter", "Replayed alerts the outbox already held.",
                null, outbox.duplicatesSkipped());
        }
        if (db != null)
        {
            final String sink = dbName;
            metric(out, "vigil_postgres_sink_backlog", "gauge", "Alerts in the outbox not yet written to PostgreSQL.",
                sink, db.backlog());
            metric(out, "vigil_postgres_sink_written_total", "counter", "Alerts written to PostgreSQL since start.",
                sink, db.writer().records());
            metric(out, "vigil_postgres_sink_failed_attempts_total", "counter",
                "Failed PostgreSQL write attempts (retried).", sink, db.writer().failedAttempts());
        }
        if (kafka != null)
        {
            final String sink = kafka.config().name();
            metric(out, "vigil_kafka_sink_backlog", "gauge", "Alerts in the outbox not yet acknowledged by Kafka.",
                sink, kafka.backlog());
            metric(out, "vigil_kafka_sink_sent_total", "counter", "Alerts acknowledged by Kafka since start.", sink,
                kafka.sent());
            metric(out, "vigil_kafka_sink_failed_attempts_total", "counter",
                "Records the Kafka producer gave up on and the sink sent again.", sink, kafka.failedAttempts());
        }
    }

    private static void metric(final StringBuilder out, final String name, final String type, final String help,
        final String sink, final long value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(' ')
            .append(type).append('\n').append(name);
        if (sink != null)
        {
            out.append("{sink=\"").append(sink).append("\"}");
        }
        out.append(' ').append(value).append('\n');
    }

    /** @return the database and Kafka sinks' figures for the dashboard's snapshot. Any thread. */
    java.util.Map<String, Object> snapshot()
    {
        final java.util.Map<String, Object> s = new java.util.LinkedHashMap<>();
        if (db != null)
        {
            s.put("postgres_sink", java.util.Map.of("backlog", db.backlog(), "written", db.writer().records(),
                "failed_attempts", db.writer().failedAttempts()));
        }
        if (kafka != null)
        {
            s.put("kafka_sink", java.util.Map.of("backlog", kafka.backlog(), "sent", kafka.sent(),
                "failed_attempts", kafka.failedAttempts()));
        }
        return s;
    }

    /** Stops every reader without waiting for a backlog (the service failed to start). */
    @Override
    public void close()
    {
        close(0);
    }
}
