package io.vigil.core.engine;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.snapshot.CheckpointSink;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoint barriers through the ring: published on the configured interval of events or of event time and
 * at close, journaled, reaching every shard after exactly the events before them, with the barrier's journal
 * index; the sink is made durable before the barrier is reported passed; replayed events never trigger one and
 * are not journaled again.
 */
class CheckpointBarrierTest
{
    /** Counts the transactions its shard has seen; the count is its whole state. */
    static final class CountingProgram implements ShardProgram
    {
        long seen;

        @Override
        public void onTransaction(final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
        {
            seen++;
        }

        @Override
        public boolean supportsSnapshots()
        {
            return true;
        }

        @Override
        public void writeSnapshot(final SnapshotWriter out)
        {
            out.putLong(seen);
        }

        @Override
        public void restoreSnapshot(final SnapshotReader in)
        {
            seen = in.getLong("seen");
        }
    }

    static final class RecordingSink implements CheckpointSink
    {
        final AtomicLong ids = new AtomicLong();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public long nextCheckpointId()
        {
            return ids.incrementAndGet();
        }

        @Override
        public void onShardSnapshot(
            final long checkpointId, final long journalIndex, final int shardId, final int shardCount,
            final byte[] programSource, final DirectBuffer body, final int offset, final int length)
        {
            calls.add("snapshot " + checkpointId + " shard " + shardId + " index " + journalIndex + " seen " +
                body.getLong(offset, java.nio.ByteOrder.LITTLE_ENDIAN) + " rules " +
                (programSource == null ? "-" : new String(programSource, java.nio.charset.StandardCharsets.UTF_8)));
        }

        @Override
        public void onShardSnapshotFailed(final long checkpointId, final int shardId, final Throwable cause)
        {
            calls.add("failed " + checkpointId + " shard " + shardId);
        }

        @Override
        public void onBarrierPassed(final long checkpointId, final long journalIndex, final int shardCount)
        {
            calls.add("passed " + checkpointId + " index " + journalIndex);
        }
    }

    @Test
    void shouldCheckpointEveryNEventsAndAtCloseWithEachShardsStateAtTheBarrier()
    {
        final RecordingSink checkpoints = new RecordingSink();
        final io.vigil.core.alert.AlertSink alerts = new io.vigil.core.alert.AlertSink()
        {
            @Override
            public void onAlert(final io.vigil.core.alert.AlertView alert)
            {
            }

            @Override
            public void onCheckpoint(final long checkpointId)
            {
                checkpoints.calls.add("durable " + checkpointId);
            }
        };
        final Engine engine = new Engine(new EngineConfig().shardCount(2).programFactory((id, n) -> new CountingProgram())
            .alertSink(alerts).checkpointSink(checkpoints).checkpointIntervalEvents(100)
            .programSource("rules: []".getBytes(java.nio.charset.StandardCharsets.UTF_8))).start();
        for (int i = 0; i < 250; i++)
        {
            EngineTest.publish(engine, i, 100);
        }
        engine.close();
        // NoJournal numbers entries 0, 1, 2 …: barrier 1 follows 100 transactions (index 100), barrier 2 another 100
        // (index 201), the close barrier the last 50 (index 252)
        assertThat(checkpoints.calls).containsSubsequence(
            "durable 1", "passed 1 index 100", "durable 2", "passed 2 index 201", "durable 3", "passed 3 index 252");
        for (int shard = 0; shard < 2; shard++)
        {
            assertThat(checkpoints.calls).contains(
                "snapshot 1 shard " + shard + " index 100 seen 100 rules rules: []",
                "snapshot 2 shard " + shard + " index 201 seen 200 rules rules: []",
                "snapshot 3 shard " + shard + " index 252 seen 250 rules rules: []");
        }
        assertThat(checkpoints.calls.indexOf("snapshot 1 shard 1 index 100 seen 100 rules rules: []"))
            .isLessThan(checkpoints.calls.indexOf("passed 1 index 100"));
        assertThat(checkpoints.calls).hasSize(12);
    }

    @Test
    void shouldCheckpointOnAnIntervalOfEventTimeAndNeverForReplayedEvents()
    {
        final RecordingSink checkpoints = new RecordingSink();
        final List<Integer> journaledTypes = new CopyOnWriteArrayList<>();
        final Journal journal = new Journal()
        {
            private long next;

            @Override
            public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
            {
                journaledTypes.add(type);
                return next++;
            }

            @Override
            public void close()
            {
            }
        };
        final Engine engine = new Engine(new EngineConfig().programFactory((id, n) -> new CountingProgram())
            .alertSink(new EngineTest.ListSink()).journal(journal).checkpointSink(checkpoints)
            .checkpointIntervalEventTimeMs(10_000).checkpointOnClose(false)).start();
        // replayed: 50 events, 1 s apart, already journaled at indexes 1000+: no barrier, nothing appended
        for (int i = 0; i < 50; i++)
        {
            final long seq = engine.claim();
            final EventSlot slot = engine.slot(seq);
            new TransactionFlyweight().wrap(slot.buffer(), 0).clear().id("r-" + i).tsMs(1_767_571_200_000L + i * 1000L)
                .card("c").account("a").merchant("m").mcc(1).amountMinor(1).currency("USD").country("US")
                .channel(io.vigil.core.event.Channel.POS).status(io.vigil.core.event.TxStatus.APPROVED);
            slot.transaction(System.nanoTime());
            slot.replayed(1000 + i);
            engine.publish(seq);
        }
        // live: 25 events 1 s apart (EngineTest.publish): a barrier after the event 10 s past the first one (the
        // 11th: index 11, 50 + 11 seen), then after the one 10 s past that (index 22, 71 seen)
        for (int i = 0; i < 25; i++)
        {
            EngineTest.publish(engine, i, 100);
        }
        engine.close();
        assertThat(journaledTypes).hasSize(25 + 2);
        assertThat(journaledTypes.stream().filter(t -> t == EventSlot.TYPE_CHECKPOINT).count()).isEqualTo(2);
        assertThat(checkpoints.calls).contains("snapshot 1 shard 0 index 11 seen 61 rules -",
            "snapshot 2 shard 0 index 22 seen 71 rules -");
    }
}
