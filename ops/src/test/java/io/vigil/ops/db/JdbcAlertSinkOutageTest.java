package io.vigil.ops.db;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.NoJournal;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stopped mid-stream and started again: the engine goes on detecting without waiting for it, the sink
 * holds the backlog and retries with backoff, and once PostgreSQL is back every alert is in the table exactly once.
 */
@Tag("slow")
@Timeout(300)
class JdbcAlertSinkOutageTest
{
    @Test
    void shouldDrainTheBacklogAfterTheDatabaseComesBackLosingAndDoublingNothing() throws Exception
    {
        try (PostgresServer server = PostgresServer.start())
        {
            final String url = server.newDatabase();
            final DbSinkConfig config = DbSinkConfig.builder(url).user("vigil").batchSize(50)
                .flushInterval(Duration.ofMillis(20)).queueCapacity(1_000_000).retryBackoffMax(Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(60)).build();
            final JdbcAlertSink db = JdbcAlertSink.start(config);
            final DbTestSupport.JsonCollector collected = new DbTestSupport.JsonCollector();
            final RuleSet rules = RuleSet.fromSource("noisy.yaml", DbTestSupport.NOISY_RULES);
            final EngineConfig engineConfig = new EngineConfig().shardCount(2).ringSize(1024)
                .waitStrategy(WaitStrategyKind.SLEEPING).journal(new NoJournal())
                .alertSink(new FanOutAlertSink(List.of(collected, db))).programFactory(rules.factory(0)).conclude();
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
                assertThat(db.collectorWaits()).isZero();
                assertThat(db.accepted()).isEqualTo(collected.lines.size());
                assertThat(db.backlog()).isPositive();
                assertThat(DbTestSupport.rowCount(url)).isEqualTo(-1);

                server.startServer();
                DbTestSupport.await("the backlog drained", 120_000, () -> db.backlog() == 0);
            }
            assertThat(db.unwritten()).isZero();
            final Map<String, String> expected = DbTestSupport.byId(collected.lines);
            assertThat(expected).hasSizeGreaterThan(5_000);
            final Map<String, String> rows = DbTestSupport.rows(url);
            assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(rows).isEqualTo(expected);
            assertThat(db.writer().records()).isEqualTo(expected.size());
        }
    }

    @Test
    void shouldCountWhatItCouldNotWriteWhenTheDatabaseStaysAwayPastTheCloseTimeout() throws Exception
    {
        try (PostgresServer server = PostgresServer.start())
        {
            final String url = server.newDatabase();
            final JdbcAlertSink db = JdbcAlertSink.start(DbSinkConfig.builder(url).user("vigil").batchSize(4)
                .flushInterval(Duration.ofMillis(5)).retryBackoffMax(Duration.ofMillis(100))
                .closeTimeout(Duration.ofSeconds(1)).build());
            db.offer(0, AlertTableWriterTest.alertJson(0, null, ""));
            DbTestSupport.await("the first alert written", 30_000, () -> db.writer().records() == 1);
            server.stopServer();
            for (int i = 1; i <= 10; i++)
            {
                db.offer(i, AlertTableWriterTest.alertJson(i, null, ""));
            }
            db.close();
            assertThat(db.unwritten()).isEqualTo(10);
            assertThat(db.backlog()).isZero();
            assertThat(db.writer().failedAttempts()).isPositive();
            server.startServer();
            assertThat(DbTestSupport.rows(url)).hasSize(1);
        }
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
