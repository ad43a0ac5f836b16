package io.vigil.journal;

import io.vigil.core.engine.EventSlot;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static io.vigil.journal.SampleTransactions.LENGTH;
import static io.vigil.journal.SampleTransactions.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalReaderTest
{
    private static final int COUNT = 1_000;
    private static SampleTransactions transactions;

    @TempDir
    Path dir;

    @BeforeAll
    static void encodeTransactions()
    {
        transactions = new SampleTransactions(COUNT, 7);
    }

    @Test
    void shouldReadNothingFromAnEmptyJournal()
    {
        ChronicleJournal.open(dir).close();

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.firstIndex()).isEqualTo(JournalReader.NULL_INDEX);
            assertThat(reader.lastIndex()).isEqualTo(JournalReader.NULL_INDEX);
            assertThat(reader.count()).isZero();
            assertThat(reader.read(handler, 10)).isZero();
            assertThat(reader.readAll(handler)).isZero();
            reader.moveToStart();
            assertThat(reader.readAll(handler)).isZero();
        }
        assertThat(handler.size()).isZero();
    }

    @Test
    void shouldReadNothingFromADirectoryThatHoldsNoJournal()
    {
        try (JournalReader reader = JournalReader.open(dir.resolve("missing")))
        {
            assertThat(reader.firstIndex()).isEqualTo(JournalReader.NULL_INDEX);
            assertThat(reader.lastIndex()).isEqualTo(JournalReader.NULL_INDEX);
            assertThat(reader.readAll(new RecordingHandler())).isZero();
        }
    }

    @Test
    void shouldReadExactlyTheSuffixWhenStartingFromAMiddleIndex()
    {
        final long[] indexes = transactions.appendTo(dir, 0, COUNT);
        final int middle = 637;

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.moveToIndex(indexes[middle])).isTrue();
            assertThat(reader.readAll(handler)).isEqualTo(COUNT - middle);
        }

        assertThat(handler.indexes).containsExactlyElementsOf(
            Arrays.stream(indexes, middle, COUNT).boxed().toList());
        for (int i = middle; i < COUNT; i++)
        {
            assertThat(handler.payloads.get(i - middle)).as("payload of entry %d", i).isEqualTo(transactions.bytes(i));
        }
    }

    @Test
    void shouldReportTheFirstAndLastIndexAndTheCount()
    {
        final long[] indexes = transactions.appendTo(dir, 0, COUNT);

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.firstIndex()).isEqualTo(indexes[0]);
            assertThat(reader.lastIndex()).isEqualTo(indexes[COUNT - 1]);
            assertThat(reader.count()).isEqualTo(COUNT);
        }
    }

    @Test
    void shouldStopAtTheLimitAndResumeWhereItStopped()
    {
        final long[] indexes = transactions.appendTo(dir, 0, 25);

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.read(handler, 10)).isEqualTo(10);
            assertThat(reader.position()).isEqualTo(indexes[10]);
            assertThat(reader.read(handler, 10)).isEqualTo(10);
            assertThat(reader.read(handler, 10)).isEqualTo(5);
            assertThat(reader.read(handler, 10)).isZero();
        }
        assertThat(handler.indexes).containsExactlyElementsOf(Arrays.stream(indexes).boxed().toList());
    }

    @Test
    void shouldReadFromTheStartAgainAfterMovingToStart()
    {
        transactions.appendTo(dir, 0, 20);

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.readAll(new RecordingHandler())).isEqualTo(20);
            reader.moveToStart();
            assertThat(reader.readAll(new RecordingHandler())).isEqualTo(20);
        }
    }

    @Test
    void shouldRefuseToMoveToAnIndexTheJournalDoesNotHold()
    {
        final long[] indexes = transactions.appendTo(dir, 0, 20);

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.moveToIndex(indexes[19] + 5)).isFalse();
            assertThat(reader.moveToIndex(indexes[0] + (1L << 40))).isFalse();
            assertThat(reader.moveToIndex(indexes[19])).isTrue();
            assertThat(reader.readAll(new RecordingHandler())).isEqualTo(1);
        }
    }

    @Test
    void shouldSeeEntriesAppendedWhileItIsOpen()
    {
        final RecordingHandler handler = new RecordingHandler();
        try (ChronicleJournal journal = ChronicleJournal.open(dir);
             JournalReader reader = JournalReader.open(dir))
        {
            final long first = journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(0), LENGTH);
            assertThat(reader.readAll(handler)).isEqualTo(1);
            assertThat(reader.readAll(handler)).isZero();

            final long second = journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(1), LENGTH);
            final long third = journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(2), LENGTH);
            assertThat(reader.readAll(handler)).isEqualTo(2);
            assertThat(handler.indexes).containsExactly(first, second, third);
        }
    }

    @Test
    void shouldSkipAlreadyReadEntriesAfterMovingToTheEnd()
    {
        try (ChronicleJournal journal = ChronicleJournal.open(dir);
             JournalReader reader = JournalReader.open(dir))
        {
            journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(0), LENGTH);
            reader.moveToEnd();
            final long later = journal.append(2, transactions.buffer(), offset(1), LENGTH);

            final RecordingHandler handler = new RecordingHandler();
            assertThat(reader.readAll(handler)).isEqualTo(1);
            assertThat(handler.indexes).containsExactly(later);
            assertThat(handler.types).containsExactly(2);
        }
    }

    @Test
    void shouldReadAnEntryAgainWhenItsHandlerThrew()
    {
        final long[] indexes = transactions.appendTo(dir, 0, 5);

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThatThrownBy(() -> reader.readAll((index, type, buffer, offset, length) ->
            {
                if (index == indexes[2])
                {
                    throw new IllegalStateException("shard refused entry");
                }
                handler.onEntry(index, type, buffer, offset, length);
            })).hasMessage("shard refused entry");
            assertThat(reader.readAll(handler)).isEqualTo(3);
        }
        assertThat(handler.indexes).containsExactlyElementsOf(Arrays.stream(indexes).boxed().toList());
    }

    @Test
    void shouldNameTheIndexOfAnEntryThatDoesNotFollowTheLayout()
    {
        final long badIndex;
        try (SingleChronicleQueue queue = ChronicleQueues.open(dir, new JournalConfig(), true);
             ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().writeInt(EventSlot.TYPE_TRANSACTION).writeInt(400).writeByte((byte)1);
            }
            badIndex = appender.lastIndexAppended();
        }

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThatThrownBy(() -> reader.readAll(new RecordingHandler()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("journal entry at index " + badIndex + " (0x" + Long.toHexString(badIndex) +
                    "): expected a payload length of 1, found 400");
        }
    }
}
