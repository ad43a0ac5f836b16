package io.vigil.ops.db;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.NoJournal;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.delivery.AlertRoutes;
import io.vigil.ops.delivery.OutboxAlertSink;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stopped mid-stream and started again: the engine goes on detecting without waiting for it, the backlog
 * waits on disk in the alert outbox while the sink retries with backoff, and once PostgreSQL is back every alert is in
 * the table exactly once. And a sink closed while the database is away leaves the rest in the outbox, which the next
 * sink on that outbox writes, resuming after the progress mark.
 */
@Tag("slow")
@Timeout(300)
class JdbcAlertSinkOutageTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDrainTheBacklogAfterTheDatabaseComesBackLosingAndDoublingNothing() throws Exception
    {
        try (PostgresServer server = PostgresServer.start();
            AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final String url = server.newDatabase();
            final DbSinkConfig config = DbSinkConfig.builder(url).user("vigil").batchSize(50)
                .flushInterval(Duration.ofMillis(20)).retryBackoffMax(Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(60)).build();
            final JdbcAlertSink db = JdbcAlertSink.start(config, outbox);
            final DbTestSupport.JsonCollector collected = new DbTestSupport.JsonCollector();
            final RuleSet rules = RuleSet.fromSource("noisy.yaml", DbTestSupport.NOISY_RULES);
            final OutboxAlertSink toOutbox = OutboxAlertSink.forReaders(outbox, AlertRoutes.of(rules), List.of(db.thread()));
            final EngineConfig engineConfig = new EngineConfig().shardCount(2).ringSize(1024)
                .waitStrategy(WaitStrategyKind.SLEEPING).journal(new NoJournal())
                .alertSink(new FanOutAlertSink(List.of(collected, toOutbox))).programFactory(rules.factory(0))
                .conclude();
            final TrafficGenerator generator = new TrafficGenerator(
                GeneratorConfig.builder().seed(5).events(60_000).cards(2_000).build());

            try (Engine engine = new Engine(engineConfig).start())
            {
                feed(engine, generator, 20_000);
                DbTestSupport.await("the first batches in the table", 60_000, () -> DbTestSupport.rowCount(url) > 0);

                server.stopServer();
                feed(engine, generator, Long.MAX_VALUE);
                engine.publishTick(Long.MAX_VALUE);
                // detection does not wait for the database: every event passes every stage while it is down
                assertThat(engine.awaitDrained(120, TimeUnit.SECONDS)).isTrue();
                DbTestSupport.await("a failed write", 60_000, () -> db.writer().failedAttempts() > 0);
                // every alert is on disk in the outbox; the part not yet written is the backlog
                assertThat(outbox.lastSeq()).isEqualTo(collected.lines.size());
                assertThat(db.backlog()).isPositive().isEqualTo(outbox.lastSeq() - db.doneSeq());
                assertThat(unwrittenInOutbox(outbox, db.doneSeq())).isEqualTo(db.backlog());
                assertThat(DbTestSupport.rowCount(url)).isEqualTo(-1);

                server.startServer();
                DbTestSupport.await("the backlog drained", 120_000, () -> db.backlog() == 0);
            }
            db.close();
            assertThat(db.unwritten()).isZero();
            assertThat(db.failure()).isNull();
            final Map<String, String> expected = DbTestSupport.byId(collected.lines);
            assertThat(expected).hasSizeGreaterThan(5_000);
            final Map<String, String> rows = DbTestSupport.rows(url);
            assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(rows).isEqualTo(expected);
            assertThat(db.writer().records()).isEqualTo(expected.size());
            assertThat(progressRecords(outbox)).as("the sink's progress, also recorded in the outbox")
                .isEqualTo(expected.size());
        }
    }

    @Test
    void shouldLeaveWhatItCouldNotWriteInTheOutboxForTheNextStartToWrite() throws Exception
    {
        try (PostgresServer server = PostgresServer.start();
            AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final String url = server.newDatabase();
            final DbSinkConfig config = DbSinkConfig.builder(url).user("vigil").batchSize(4)
                .flushInterval(Duration.ofMillis(5)).retryBackoffMax(Duration.ofMillis(100))
                .closeTimeout(Duration.ofSeconds(1)).build();
            final JdbcAlertSink db = JdbcAlertSink.start(config, outbox);
            assertThat(db.resumed()).isFalse();
            DbTestSupport.append(outbox, 0);
            DbTestSupport.await("the first alert written", 30_000, () -> db.writer().records() == 1);
            server.stopServer();
            for (int i = 1; i <= 10; i++)
            {
                DbTestSupport.append(outbox, i);
            }
            db.close();
            assertThat(db.unwritten()).isEqualTo(10);
            assertThat(db.backlog()).isEqualTo(10);
            assertThat(db.writer().failedAttempts()).isPositive();
            server.startServer();
            assertThat(DbTestSupport.rows(url)).hasSize(1);

            // the next start on the same outbox resumes after the mark: it writes the ten, and only them
            try (JdbcAlertSink next = JdbcAlertSink.start(config, outbox))
            {
                assertThat(next.resumed()).isTrue();
                DbTestSupport.await("the rest written", 30_000, () -> next.backlog() == 0);
                next.close();
                assertThat(next.writer().records()).isEqualTo(10);
            }
            assertThat(DbTestSupport.rows(url)).hasSize(11);

            // a mark left by another outbox is no place in this one: a sink on a new outbox writes it all
            try (AlertOutbox other = AlertOutbox.open(dir.resolve("other")))
            {
                for (int i = 0; i <= 12; i++)
                {
                    DbTestSupport.append(other, i);
                }
                try (JdbcAlertSink fresh = JdbcAlertSink.start(config, other))
                {
                    assertThat(fresh.resumed()).isFalse();
                    fresh.close();
                    assertThat(fresh.writer().records()).isEqualTo(13);
                    assertThat(fresh.unwritten()).isZero();
                }
            }
            assertThat(DbTestSupport.rows(url)).hasSize(13);
        }
    }

    private static long unwrittenInOutbox(final AlertOutbox outbox, final long doneSeq)
    {
        long n = 0;
        try (AlertCursor cursor = outbox.newAlertCursor())
        {
            for (OutboxEntry e = cursor.next(); e != null; e = cursor.next())
            {
                if (e.seq() > doneSeq)
                {
                    n++;
                }
            }
        }
        return n;
    }

    private static long progressRecords(final AlertOutbox outbox)
    {
        long last = 0;
        try (ProgressCursor cursor = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = cursor.next(); r != null; r = cursor.next())
            {
                if (r.endpoint().equals(JdbcAlertSink.PROGRESS_ENDPOINT_PREFIX + "default"))
                {
                    assertThat(r.fromSeq()).isEqualTo(last + 1);
                    last = r.toSeq();
                }
            }
        }
        return last;
    }

    private static void feed(final Engine engine, final TrafficGenerator generator, final long count)
    {
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (long i = 0; i < count && generator.hasNext(); i++)
        {
            final GeneratedTransaction g = generator.next();
            final long seq = engine.claim();
            final EventSlot slot = engine.slot(seq);
            g.encodeTo(tx.wrap(slot.buffer(), 0));
            slot.transaction(System.nanoTime());
            engine.publish(seq);
        }
    }
}
