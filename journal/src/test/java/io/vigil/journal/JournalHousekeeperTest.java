package io.vigil.journal;

import io.vigil.core.engine.EventSlot;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journal housekeeping over real roll cycles (minutely, on a test clock): cycles wholly before the oldest
 * needed index's cycle, minus the retention, are deleted; the rest reads back from its new start; keep-all
 * deletes nothing; a trimmed journal says so.
 */
class JournalHousekeeperTest
{
    @TempDir
    Path dir;

    private List<Long> appendFiveCycles(final JournalConfig config, final SetTimeProvider clock)
    {
        final List<Long> indexes = new ArrayList<>();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        try (ChronicleJournal journal = ChronicleJournal.open(dir, config))
        {
            for (int i = 0; i < 50; i++)
            {
                if (i % 10 == 0 && i > 0)
                {
                    clock.advanceMillis(60_000);
                }
                payload.putLong(0, i);
                indexes.add(journal.append(EventSlot.TYPE_TICK, payload, 0, 8));
            }
        }
        return indexes;
    }

    private long cycleFiles() throws Exception
    {
        try (var files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void shouldDeleteCyclesBeforeTheOldestNeededOneAndReadTheRest() throws Exception
    {
        final SetTimeProvider clock = new SetTimeProvider(1_767_571_200_000L);
        final JournalConfig config = new JournalConfig().rollCycle(JournalRollCycle.MINUTELY).timeProvider(clock);
        final List<Long> indexes = appendFiveCycles(config, clock);
        assertThat(cycleFiles()).isEqualTo(5);
        assertThat(JournalHousekeeper.isTrimmed(dir)).isFalse();

        // the oldest checkpoint kept is in the middle of the third cycle; keep one more cycle before it
        final JournalHousekeeper housekeeper = new JournalHousekeeper(dir, 1);
        assertThat(housekeeper.deleteBefore(indexes.get(25))).hasSize(1);
        assertThat(cycleFiles()).isEqualTo(4);
        assertThat(new JournalHousekeeper(dir, 0).deleteBefore(indexes.get(25))).hasSize(1);
        assertThat(cycleFiles()).isEqualTo(3);
        assertThat(JournalHousekeeper.isTrimmed(dir)).isTrue();

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir, config))
        {
            assertThat(reader.moveToIndex(indexes.get(25))).isTrue();
            assertThat(reader.readAll(handler)).isEqualTo(25);
            reader.moveToStart();
            final RecordingHandler fromStart = new RecordingHandler();
            assertThat(reader.readAll(fromStart)).isEqualTo(30);
            assertThat(fromStart.indexes.get(0)).isEqualTo(indexes.get(20));
        }
        assertThat(handler.indexes).containsExactlyElementsOf(indexes.subList(25, 50));
    }

    @Test
    void keepAllShouldDeleteNothing() throws Exception
    {
        final SetTimeProvider clock = new SetTimeProvider(1_767_571_200_000L);
        final JournalConfig config = new JournalConfig().rollCycle(JournalRollCycle.MINUTELY).timeProvider(clock);
        final List<Long> indexes = appendFiveCycles(config, clock);
        assertThat(new JournalHousekeeper(dir, JournalHousekeeper.KEEP_ALL).deleteBefore(indexes.get(49))).isEmpty();
        assertThat(cycleFiles()).isEqualTo(5);
        assertThat(JournalHousekeeper.isTrimmed(dir)).isFalse();
    }
}
