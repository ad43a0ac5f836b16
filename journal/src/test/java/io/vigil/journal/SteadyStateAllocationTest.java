package io.vigil.journal;

import io.vigil.core.engine.EventSlot;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import static io.vigil.journal.SampleTransactions.LENGTH;
import static io.vigil.journal.SampleTransactions.offset;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts the bytes this thread allocates while appending and reading, through the JVM's per-thread allocation
 * counter. Not timed: an allocation per entry would show as at least 16 bytes an entry, whatever the machine;
 * what is left after warm-up is the JIT's and class loading's, well under one byte an entry.
 */
class SteadyStateAllocationTest
{
    private static final int ENTRIES_PER_ROUND = 10_000;
    private static final int WARM_UP_ROUNDS = 6;
    private static final int MEASURED_ROUNDS = 7;

    @TempDir
    Path dir;

    private long checksum;

    @Test
    void shouldNotAllocatePerEntryWhenAppendingAndReadingInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final SampleTransactions transactions = new SampleTransactions(100, 3);
        final EntryHandler handler = this::onEntry;
        final long[] appendBytes = new long[MEASURED_ROUNDS];
        final long[] readBytes = new long[MEASURED_ROUNDS];

        try (ChronicleJournal journal = ChronicleJournal.open(dir);
             JournalReader reader = JournalReader.open(dir))
        {
            for (int round = 0; round < WARM_UP_ROUNDS + MEASURED_ROUNDS; round++)
            {
                final long start = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ENTRIES_PER_ROUND; i++)
                {
                    journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(i % 100), LENGTH);
                }
                final long appended = threads.getCurrentThreadAllocatedBytes();
                final long read = reader.readAll(handler);
                final long end = threads.getCurrentThreadAllocatedBytes();

                assertThat(read).isEqualTo(ENTRIES_PER_ROUND);
                if (round >= WARM_UP_ROUNDS)
                {
                    appendBytes[round - WARM_UP_ROUNDS] = appended - start;
                    readBytes[round - WARM_UP_ROUNDS] = end - appended;
                }
            }
        }

        assertThat(checksum).isNotZero();
        // the median round, not the worst: a JIT recompilation now and then charges a few KB to the thread, while
        // an allocation per entry would put every round at 16+ bytes per entry
        assertThat(median(appendBytes))
            .as("median bytes allocated by a round of %d appends, rounds: %s", ENTRIES_PER_ROUND,
                Arrays.toString(appendBytes))
            .isLessThan(ENTRIES_PER_ROUND);
        assertThat(median(readBytes))
            .as("median bytes allocated by a round of %d reads, rounds: %s", ENTRIES_PER_ROUND,
                Arrays.toString(readBytes))
            .isLessThan(ENTRIES_PER_ROUND);
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private void onEntry(final long index, final int type, final DirectBuffer buffer, final int offset,
        final int length)
    {
        checksum += index + type + buffer.getLong(offset) + length;
    }
}
