package io.vigil.core.engine;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.core.util.Hashing;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineTest
{
    private static final RuleRef BIG = new RuleRef(0, "big-amount", 1, Severity.HIGH, KeyType.CARD);
    private static final RuleRef MERCHANT_BIG = new RuleRef(1, "merchant-big", 2, Severity.LOW, KeyType.MERCHANT);

    /** Fires BIG per card and MERCHANT_BIG per merchant when amount >= 100.00, on the shard owning the key. */
    private static ShardProgramFactory bigAmountRules()
    {
        return (shardId, shardCount) -> (tx, journalIndex, alerts) ->
        {
            if (tx.amountMinor() >= 10_000)
            {
                fireIfOwned(BIG, tx, journalIndex, alerts, shardId, shardCount);
                fireIfOwned(MERCHANT_BIG, tx, journalIndex, alerts, shardId, shardCount);
            }
        };
    }

    private static void fireIfOwned(
        final RuleRef rule, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts,
        final int shardId, final int shardCount)
    {
        if (Hashing.shardOf(tx.keyHash(rule.keyType()), shardCount) == shardId)
        {
            alerts.begin(rule, tx, journalIndex).detailAmount("amount", tx.amountMinor(), tx.currencyExponent())
                .publish();
        }
    }

    @Test
    void shouldEmitAlertsForMatchingEventsInInputOrder()
    {
        final ListSink sink = new ListSink();
        try (Engine engine = new Engine(new EngineConfig().programFactory(bigAmountRules()).alertSink(sink)).start())
        {
            publish(engine, 0, 5_000);
            publish(engine, 1, 25_000);
            publish(engine, 2, 10_000);
            publish(engine, 3, 9_999);
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(sink.lines).hasSize(4);
        assertThat(sink.lines.get(0)).contains("\"rule\":\"big-amount\"", "\"tx_id\":\"tx-00001\"",
            "\"key_type\":\"card\"", "\"key\":\"card-1\"", "\"amount\":\"250.00\"", "\"severity\":\"high\"");
        assertThat(sink.lines.get(1)).contains("\"rule\":\"merchant-big\"", "\"rule_version\":2",
            "\"key_type\":\"merchant\"", "\"key\":\"m-1\"", "\"tx_id\":\"tx-00001\"");
        assertThat(sink.lines.get(2)).contains("\"tx_id\":\"tx-00002\"", "\"rule\":\"big-amount\"");
        assertThat(sink.lines.get(0)).startsWith("{\"alert_id\":\"").endsWith("}}");
    }

    @Test
    void shouldWriteTheSameAlertsInTheSameOrderWhateverTheShardCount()
    {
        final List<String> one = run(1, 2_000);
        final List<String> three = run(3, 2_000);
        final List<String> again = run(3, 2_000);

        assertThat(one).isNotEmpty();
        assertThat(three).isEqualTo(one);
        assertThat(again).isEqualTo(one);
    }

    @Test
    void shouldProcessEverythingThroughATinyRingWithoutDropping()
    {
        final ListSink sink = new ListSink();
        final int events = 20_000;
        try (Engine engine = new Engine(new EngineConfig().ringSize(8).shardCount(2)
            .programFactory(bigAmountRules()).alertSink(sink)).start())
        {
            for (int i = 0; i < events; i++)
            {
                publish(engine, i, 10_000);
            }
            assertThat(engine.awaitDrained(30, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.processed()).isEqualTo(events);
            assertThat(engine.journaled()).isEqualTo(events);
        }
        assertThat(sink.lines).hasSize(events * 2);
    }

    @Test
    void shouldSurviveAFullAlertRingWithManyShards()
    {
        final ListSink sink = new ListSink();
        final int events = 30_000;
        try (Engine engine = new Engine(new EngineConfig().ringSize(4096).shardCount(3).alertRingBytes(64 * 1024)
            .programFactory(bigAmountRules()).alertSink(sink)).start())
        {
            for (int i = 0; i < events; i++)
            {
                publish(engine, i, 10_000);
            }
            assertThat(engine.awaitDrained(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sink.lines).hasSize(events * 2);
    }

    @Test
    void shouldCountAFailingRuleAndGoOn()
    {
        final ListSink sink = new ListSink();
        final DistinctErrorCounter errors = new DistinctErrorCounter(new java.io.PrintStream(
            java.io.OutputStream.nullOutputStream()));
        final ShardProgramFactory failing = (shardId, shardCount) -> (tx, journalIndex, alerts) ->
        {
            if (tx.amountMinor() == 666)
            {
                throw new IllegalStateException("poison");
            }
            bigAmountRules().create(shardId, shardCount).onTransaction(tx, journalIndex, alerts);
        };
        try (Engine engine = new Engine(new EngineConfig().programFactory(failing).alertSink(sink)
            .errorHandler(errors)).start())
        {
            publish(engine, 0, 666);
            publish(engine, 1, 666);
            publish(engine, 2, 50_000);
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(errors.total()).isEqualTo(2);
        assertThat(errors.distinct()).isEqualTo(1);
        assertThat(sink.lines).hasSize(2);
    }

    @Test
    void shouldRefuseNewEventsOnceTheJournalHasFailed()
    {
        final Journal broken = new Journal()
        {
            @Override
            public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void close()
            {
            }
        };
        final ListSink sink = new ListSink();
        final Engine engine = new Engine(new EngineConfig().journal(broken).programFactory(bigAmountRules())
            .alertSink(sink).errorHandler(new DistinctErrorCounter(new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream())))).start();
        publish(engine, 0, 50_000);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.failure() == null && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }

        assertThat(engine.failure()).hasMessage("disk full");
        assertThatThrownBy(engine::tryClaim).hasMessageContaining("engine has failed");
        assertThat(sink.lines).isEmpty();
    }

    @Test
    void shouldSwitchRulesAtTheChangesPositionAndJournalItsSource()
    {
        final ListSink sink = new ListSink();
        final List<String> journaled = new CopyOnWriteArrayList<>();
        final Journal recording = new Journal()
        {
            private long next;

            @Override
            public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                if (type == EventSlot.TYPE_PROGRAM)
                {
                    journaled.add(buffer.getLong(offset) + ":" + buffer.getStringWithoutLengthUtf8(offset + 8,
                        length - 8));
                }
                return next++;
            }

            @Override
            public void close()
            {
            }
        };
        final ShardProgramFactory onlyMerchants = (shardId, shardCount) -> (tx, journalIndex, alerts) ->
        {
            if (tx.amountMinor() >= 10_000)
            {
                fireIfOwned(MERCHANT_BIG, tx, journalIndex, alerts, shardId, shardCount);
            }
        };
        try (Engine engine = new Engine(new EngineConfig().shardCount(2).journal(recording)
            .programFactory(bigAmountRules()).alertSink(sink)).start())
        {
            publish(engine, 0, 50_000);
            final long version = engine.changeProgram("rules: [merchant-big]".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), onlyMerchants);
            publish(engine, 1, 50_000);
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
            assertThat(version).isEqualTo(1);
        }

        assertThat(sink.lines).hasSize(3);
        assertThat(sink.lines.get(0)).contains("\"rule\":\"big-amount\"", "tx-00000");
        assertThat(sink.lines.get(1)).contains("\"rule\":\"merchant-big\"", "tx-00000");
        assertThat(sink.lines.get(2)).contains("\"rule\":\"merchant-big\"", "tx-00001");
        assertThat(journaled).containsExactly("1:rules: [merchant-big]");
    }

    private static List<String> run(final int shards, final int events)
    {
        final ListSink sink = new ListSink();
        try (Engine engine = new Engine(new EngineConfig().shardCount(shards).programFactory(bigAmountRules())
            .alertSink(sink)).start())
        {
            for (int i = 0; i < events; i++)
            {
                publish(engine, i, (i * 7919L) % 20_000);
            }
        }
        return new ArrayList<>(sink.lines);
    }

    static void publish(final Engine engine, final int i, final long amountMinor)
    {
        final long seq = engine.claim();
        fill(engine, seq, i, amountMinor);
    }

    static void publishInto(final Engine engine, final long seq, final int i)
    {
        fill(engine, seq, i, 100);
    }

    private static void fill(final Engine engine, final long seq, final int i, final long amountMinor)
    {
        final EventSlot slot = engine.slot(seq);
        new TransactionFlyweight().wrap(slot.buffer(), 0).clear()
            .id(String.format("tx-%05d", i)).tsMs(1_767_571_200_000L + i * 1000L)
            .card("card-" + (i % 17)).account("acc").merchant("m-" + (i % 5)).mcc(5411)
            .amountMinor(amountMinor).currency("USD").country("US").channel(Channel.POS).status(TxStatus.APPROVED);
        slot.transaction(System.nanoTime());
        engine.publish(seq);
    }

    static final class ListSink implements AlertSink
    {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void onAlert(final AlertView alert)
        {
            lines.add(alert.json());
        }
    }
}
