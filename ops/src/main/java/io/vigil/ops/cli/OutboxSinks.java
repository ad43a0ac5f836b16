package io.vigil.ops.cli;

import io.vigil.core.alert.AlertSink;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.db.DbSinkConfig;
import io.vigil.ops.db.JdbcAlertSink;
import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.OutboxAlertSink;
import io.vigil.ops.delivery.WebhookConfig;
import io.vigil.ops.kafka.KafkaAlertSink;
import io.vigil.ops.kafka.KafkaSinkConfig;
import io.vigil.rules.RuleSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The alert outbox of {@code demo} and {@code backtest} and its readers: one outbox ({@code --outbox DIR}, or a
 * temporary one), appended to by the engine's alert collector through one {@link OutboxAlertSink}, read at once by
 * webhook delivery ({@code --webhooks}), the PostgreSQL sink ({@code --db-config}) and the Kafka sink
 * ({@code --kafka-sink}), each on its own thread and at
 * its own pace, each resuming after a restart where it stopped.
 * <p>
 * A temporary outbox is deleted at the end when every reader has finished it, and kept (its path printed) when
 * alerts are left for a later run with {@code --outbox}.
 * <p>
 * Thread contract: the command's thread.
 */
final class OutboxSinks
{
    private final WebhookOptions webhookOptions;
    private final AlertOutbox outbox;
    private final boolean temporary;
    private final JdbcAlertSink db;
    private final KafkaAlertSink kafka;
    private final AlertDelivery delivery;
    private final OutboxAlertSink sink;
    private final long seqAtStart;

    private OutboxSinks(final WebhookOptions webhookOptions, final AlertOutbox outbox, final boolean temporary,
        final JdbcAlertSink db, final KafkaAlertSink kafka, final AlertDelivery delivery, final AlertRoutes routes)
    {
        this.kafka = kafka;
        this.webhookOptions = webhookOptions;
        this.outbox = outbox;
        this.temporary = temporary;
        this.db = db;
        this.delivery = delivery;
        this.seqAtStart = outbox.lastSeq();
        final List<Thread> readers = new ArrayList<>();
        if (db != null)
        {
            readers.add(db.thread());
        }
        if (kafka != null)
        {
            readers.add(kafka.thread());
        }
        if (delivery != null)
        {
            readers.add(delivery.thread());
        }
        this.sink = OutboxAlertSink.forReaders(outbox, routes, readers);
    }

    /**
     * Loads both configurations, opens the outbox and starts its readers.
     *
     * @param dbOption       {@code --db-config}.
     * @param webhookOptions {@code --webhooks}, {@code --outbox}, {@code --delivery-wait}.
     * @param rules          the running rules.
     * @return the running readers, or null when neither option is given.
     * @throws IOException if a temporary outbox cannot be created.
     * @throws UserError   for a bad configuration or an unreachable database.
     */
    static OutboxSinks start(final DbOption dbOption, final WebhookOptions webhookOptions, final RuleSet rules)
        throws IOException
    {
        return start(dbOption, webhookOptions, rules, null);
    }

    /**
     * As {@link #start(DbOption, WebhookOptions, RuleSet)}, with a lasting default for the outbox directory.
     *
     * @param dbOption       {@code --db-config}.
     * @param webhookOptions {@code --webhooks}, {@code --outbox}, {@code --delivery-wait}.
     * @param rules          the running rules.
     * @param defaultDir     the outbox when {@code --outbox} is not given (kept, never deleted); null for a
     *                       temporary one.
     * @return the running readers, or null when neither option is given.
     * @throws IOException if a temporary outbox cannot be created.
     * @throws UserError   for a bad configuration or an unreachable database.
     */
    static OutboxSinks start(final DbOption dbOption, final WebhookOptions webhookOptions, final RuleSet rules,
        final Path defaultDir) throws IOException
    {
        final DbSinkConfig dbConfig = dbOption.load();
        final KafkaSinkConfig kafkaConfig = dbOption.kafkaSink.load();
        final WebhookConfig hooks = webhookOptions.load();
        if (dbConfig == null && kafkaConfig == null && hooks == null)
        {
            return null;
        }
        final boolean temporary = webhookOptions.outbox == null && defaultDir == null;
        final Path dir = temporary ? Files.createTempDirectory("vigil-outbox") :
            webhookOptions.outbox != null ? webhookOptions.outbox : defaultDir;
        final AlertOutbox outbox = AlertOutbox.open(dir);
        final AlertRoutes routes = AlertRoutes.of(rules);
        JdbcAlertSink db = null;
        KafkaAlertSink kafka = null;
        try
        {
            db = dbConfig == null ? null : DbOption.start(dbConfig, outbox);
            kafka = kafkaConfig == null ? null : KafkaSinkOption.start(kafkaConfig, outbox);
            final AlertDelivery delivery = hooks == null ? null : AlertDelivery.start(hooks, outbox, routes);
            return new OutboxSinks(webhookOptions, outbox, temporary, db, kafka, delivery, routes);
        }
        catch (final RuntimeException ex)
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
            if (temporary)
            {
                deleteRecursively(dir);
            }
            throw ex;
        }
    }

    /** @return the sink to give the engine: it appends each alert to the outbox and wakes the readers. */
    AlertSink sink()
    {
        return sink;
    }

    /** @return the PostgreSQL sink, or null. */
    JdbcAlertSink db()
    {
        return db;
    }

    /** @return the Kafka sink, or null. */
    KafkaAlertSink kafka()
    {
        return kafka;
    }

    /** @return webhook delivery, or null. */
    AlertDelivery delivery()
    {
        return delivery;
    }

    /**
     * After the engine has closed: lets the PostgreSQL sink write the rest (up to its {@code close_timeout}) and
     * webhook delivery deliver it (up to {@code --delivery-wait}), prints their summaries, closes the outbox, and
     * deletes a temporary outbox that every reader finished (or says where what is left waits).
     *
     * @param out where to print.
     * @throws IOException if a temporary outbox cannot be deleted.
     */
    void finish(final PrintWriter out) throws IOException
    {
        out.printf(Locale.ROOT, "outbox       %,d alert(s) appended this run, %,d repeat(s) skipped, in %s%s%n",
            outbox.lastSeq() - seqAtStart, outbox.duplicatesSkipped(), outbox.dir(), temporary ? " (temporary)" : "");
        long left = 0;
        if (db != null)
        {
            db.close();
            DbOption.summary(out, db);
            left += db.unwritten();
        }
        if (kafka != null)
        {
            kafka.close();
            KafkaSinkOption.summary(out, kafka);
            left += kafka.unsent();
        }
        if (delivery != null)
        {
            left += webhookOptions.finish(delivery, out);
        }
        outbox.close();
        if (left == 0 && temporary)
        {
            deleteRecursively(outbox.dir());
        }
        else if (left > 0)
        {
            out.printf(Locale.ROOT, "outbox       alerts not yet delivered or written stay in %s; a run with --outbox %s "
                + "finishes them%n", outbox.dir(), outbox.dir());
        }
    }

    /** Stops the readers without waiting for a backlog (the run failed before the engine started). */
    void abort() throws IOException
    {
        if (delivery != null)
        {
            delivery.close();
        }
        if (db != null)
        {
            db.close();
        }
        if (kafka != null)
        {
            kafka.close();
        }
        outbox.close();
        if (temporary)
        {
            deleteRecursively(outbox.dir());
        }
    }

    private static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
