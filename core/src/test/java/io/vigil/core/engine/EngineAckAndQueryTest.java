package io.vigil.core.engine;

import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.util.Hashing;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service builds on: the journal index of a published sequence once journaled (for acks), and key
 * queries answered by the owning shard through the ring, not journaled.
 */
class EngineAckAndQueryTest
{
    @Test
    void shouldTellTheJournalIndexOfEachPublishedSequenceOnceJournaled() throws Exception
    {
        final List<Long> appended = new ArrayList<>();
        final Journal journal = new Journal()
        {
            private long next = 1000;

            @Override
            public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                appended.add(next);
                return next += 3;
            }

            @Override
            public void close()
            {
            }
        };
        try (Engine engine = new Engine(new EngineConfig().ringSize(8).journal(journal).multiProducer(true)
            .programFactory((s, n) -> (tx, index, alerts) -> { }).alertSink(alert -> { })).start())
        {
            final List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                final long seq = engine.claim();
                sequences.add(seq);
                EngineTest.publishInto(engine, seq, i);
            }
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
            assertThat(engine.journaledSequence()).isEqualTo(19);
            for (int i = 0; i < 20; i++)
            {
                assertThat(engine.journalIndexOf(sequences.get(i))).isEqualTo(appended.get(i) + 3);
            }
            assertThat(engine.journalIndexOf(20)).isEqualTo(-1);
        }
    }

    @Test
    void shouldForgetAnIndexOnlyWhenItsEntryIsReused()
    {
        final JournalIndexLog log = new JournalIndexLog(4);
        log.record(1, 101);
        log.record(5, 105);
        assertThat(log.indexOf(1)).isEqualTo(-1);
        assertThat(log.indexOf(5)).isEqualTo(105);
        assertThat(log.indexOf(2)).isEqualTo(-1);
    }

    @Test
    void shouldAnswerAKeyQueryOnTheOwningShardWithoutJournalingIt() throws Exception
    {
        final List<Integer> types = new ArrayList<>();
        final Journal journal = new Journal()
        {
            @Override
            public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                types.add(type);
                return types.size();
            }

            @Override
            public void close()
            {
            }
        };
        final ShardProgramFactory programs = (shardId, shardCount) -> new ShardProgram()
        {
            private final Map<Long, Integer> seen = new java.util.HashMap<>();

            @Override
            public void onTransaction(
                final TransactionFlyweight tx, final long journalIndex, final io.vigil.core.alert.AlertPublisher alerts)
            {
                final long hash = tx.keyHash(KeyType.CARD);
                if (Hashing.shardOf(hash, shardCount) == shardId)
                {
                    seen.merge(hash, 1, Integer::sum);
                }
            }

            @Override
            public Map<String, Object> describeKey(final KeyType keyType, final long keyHash)
            {
                final Integer count = seen.get(keyHash);
                return count == null ? null : Map.of("shard", shardId, "events", count,
                    "thread", Thread.currentThread().getName());
            }
        };
        try (Engine engine = new Engine(new EngineConfig().shardCount(3).journal(journal).multiProducer(true)
            .programFactory(programs).alertSink(alert -> { })).start())
        {
            for (int i = 0; i < 34; i++)
            {
                EngineTest.publish(engine, i, 100);
            }
            final Map<String, Object> card3 = engine.queryKey(KeyType.CARD, Hashing.hash("card-3")).get(10, TimeUnit.SECONDS);
            final int owner = Hashing.shardOf(Hashing.hash("card-3"), 3);
            assertThat(card3).containsEntry("shard", owner).containsEntry("events", 2)
                .containsEntry("thread", "vigil-shard-" + owner);
            assertThat(engine.queryKey(KeyType.CARD, Hashing.hash("nobody")).get(10, TimeUnit.SECONDS)).isNull();
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(types).hasSize(34).containsOnly(EventSlot.TYPE_TRANSACTION);
    }
}
