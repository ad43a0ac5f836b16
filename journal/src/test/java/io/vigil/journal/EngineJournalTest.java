package io.vigil.journal;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.ShardProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.vigil.journal.SampleTransactions.LENGTH;
import static io.vigil.journal.SampleTransactions.offset;
import static org.assertj.core.api.Assertions.assertThat;

/** The journal behind a running engine: appended from the journaler thread, closed by the engine. */
class EngineJournalTest
{
    private static final int COUNT = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldJournalEveryEventWithTheIndexTheShardsSee()
    {
        final SampleTransactions transactions = new SampleTransactions(COUNT, 11);
        final long[] seenIndexes = new long[COUNT];
        final int[] seen = new int[1];
        final ShardProgram recorder = (tx, journalIndex, alerts) -> seenIndexes[seen[0]++] = journalIndex;

        final Engine engine = new Engine(new EngineConfig().journal(ChronicleJournal.open(dir))
            .programFactory((shardId, shardCount) -> recorder).alertSink(alert -> { }).ringSize(1024));
        try
        {
            engine.start();
            for (int i = 0; i < COUNT; i++)
            {
                final long sequence = engine.claim();
                final EventSlot slot = engine.slot(sequence);
                slot.buffer().putBytes(0, transactions.buffer(), offset(i), LENGTH);
                slot.transaction(System.nanoTime());
                engine.publish(sequence);
            }
            assertThat(engine.awaitDrained(30, TimeUnit.SECONDS)).isTrue();
        }
        finally
        {
            engine.close();
        }
        assertThat(engine.failure()).isNull();
        assertThat(seen[0]).isEqualTo(COUNT);

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.readAll(handler)).isEqualTo(COUNT);
        }
        for (int i = 0; i < COUNT; i++)
        {
            assertThat(handler.indexes.get(i)).as("index of event %d", i).isEqualTo(seenIndexes[i]);
            assertThat(handler.types.get(i)).isEqualTo(EventSlot.TYPE_TRANSACTION);
            assertThat(handler.payloads.get(i)).as("payload of event %d", i).isEqualTo(transactions.bytes(i));
        }
    }
}
