package io.vigil.journal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.vigil.journal.SampleTransactions.LENGTH;
import static io.vigil.journal.SampleTransactions.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChronicleJournalTest
{
    private static final int COUNT = 10_000;
    private static SampleTransactions transactions;

    @TempDir
    Path dir;

    @BeforeAll
    static void encodeTransactions()
    {
        transactions = new SampleTransactions(COUNT, 42);
    }

    @Test
    void shouldReadBackByteIdenticalEntriesWithTheIndexesAppendReturned()
    {
        final long[] indexes = transactions.appendTo(dir, 0, COUNT);

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.readAll(handler)).isEqualTo(COUNT);
        }

        assertThat(handler.size()).isEqualTo(COUNT);
        for (int i = 0; i < COUNT; i++)
        {
            assertThat(handler.indexes.get(i)).as("index of entry %d", i).isEqualTo(indexes[i]);
            assertThat(handler.types.get(i)).isEqualTo(EventSlot.TYPE_TRANSACTION);
            assertThat(handler.payloads.get(i)).as("payload of entry %d", i).isEqualTo(transactions.bytes(i));
        }
    }

    @Test
    void shouldReturnStrictlyIncreasingIndexes()
    {
        final long[] indexes = transactions.appendTo(dir, 0, COUNT);

        for (int i = 1; i < COUNT; i++)
        {
            assertThat(indexes[i]).as("index %d", i).isGreaterThan(indexes[i - 1]);
        }
    }

    @Test
    void shouldReadBackWhatWasAppendedAfterReopening()
    {
        final long[] first = transactions.appendTo(dir, 0, COUNT / 2);
        final long[] second = transactions.appendTo(dir, COUNT / 2, COUNT);

        assertThat(second[0]).isGreaterThan(first[first.length - 1]);
        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.firstIndex()).isEqualTo(first[0]);
            assertThat(reader.lastIndex()).isEqualTo(second[second.length - 1]);
            assertThat(reader.count()).isEqualTo(COUNT);
            assertThat(reader.readAll(handler)).isEqualTo(COUNT);
        }
        for (int i = 0; i < COUNT; i++)
        {
            final long expectedIndex = i < COUNT / 2 ? first[i] : second[i - COUNT / 2];
            assertThat(handler.indexes.get(i)).as("index of entry %d", i).isEqualTo(expectedIndex);
            assertThat(handler.payloads.get(i)).as("payload of entry %d", i).isEqualTo(transactions.bytes(i));
        }
    }

    @Test
    void shouldPreserveTheEntryType()
    {
        final int[] types = {EventSlot.TYPE_TRANSACTION, 0, 2, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            for (int i = 0; i < types.length; i++)
            {
                journal.append(types[i], transactions.buffer(), offset(i), LENGTH);
            }
        }

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.readAll(handler);
        }
        assertThat(handler.types).containsExactly(
            EventSlot.TYPE_TRANSACTION, 0, 2, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    @Test
    void shouldAppendEmptyPayloadsAndPayloadsFromHeapBuffersAtAnOffset()
    {
        final byte[] heap = new byte[100];
        for (int i = 0; i < heap.length; i++)
        {
            heap[i] = (byte)(i * 7);
        }
        final UnsafeBuffer heapBuffer = new UnsafeBuffer(heap, 10, 80);
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            journal.append(3, heapBuffer, 5, 20);
            journal.append(4, heapBuffer, 0, 0);
            journal.append(5, heapBuffer, 79, 1);
        }

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.readAll(handler);
        }
        final byte[] expected = new byte[20];
        System.arraycopy(heap, 15, expected, 0, 20);
        assertThat(handler.types).containsExactly(3, 4, 5);
        assertThat(handler.payloads.get(0)).isEqualTo(expected);
        assertThat(handler.payloads.get(1)).isEmpty();
        assertThat(handler.payloads.get(2)).containsExactly(heap[89]);
    }

    @Test
    void shouldAppendTheLargestPayloadAcceptedAndRejectALargerOne()
    {
        final int max = JournalEntryDescriptor.MAX_PAYLOAD_LENGTH;
        final UnsafeBuffer big = new UnsafeBuffer(new byte[max + 1]);
        for (int i = 0; i <= max; i++)
        {
            big.putByte(i, (byte)(i * 31 + (i >>> 8)));
        }
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            journal.append(9, big, 1, max);
            assertThatThrownBy(() -> journal.append(9, big, 0, max + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length must be in [0, " + max);
        }

        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.readAll(handler)).isEqualTo(1);
        }
        final byte[] expected = new byte[max];
        big.getBytes(1, expected);
        assertThat(handler.payloads.get(0)).isEqualTo(expected);
    }

    @Test
    void shouldRejectARangeOutsideTheBufferWithoutWriting()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            assertThatThrownBy(() -> journal.append(1, buffer, 60, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside a buffer of 64 bytes");
            assertThatThrownBy(() -> journal.append(1, buffer, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.count()).isZero();
        }
    }

    @Test
    void shouldAppendFromAThreadOtherThanTheOneThatOpenedAndClosesIt() throws Exception
    {
        final long[] indexes = new long[100];
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            final Thread journaler = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < indexes.length; i++)
                    {
                        indexes[i] =
                            journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(i), LENGTH);
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "test-journaler");
            journaler.start();
            journaler.join();
        }

        assertThat(failure.get()).isNull();
        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.readAll(handler);
        }
        assertThat(handler.indexes).containsExactlyElementsOf(boxed(indexes));
    }

    @Test
    void shouldKeepIndexesIncreasingAcrossRollCycles()
    {
        final SetTimeProvider clock = new SetTimeProvider(1_767_571_200_000L);
        final JournalConfig config = new JournalConfig().rollCycle(JournalRollCycle.MINUTELY).timeProvider(clock);
        final List<Long> indexes = new ArrayList<>();
        try (ChronicleJournal journal = ChronicleJournal.open(dir, config))
        {
            for (int i = 0; i < 30; i++)
            {
                if (i % 10 == 0 && i > 0)
                {
                    clock.advanceMillis(60_000);
                }
                indexes.add(journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(i), LENGTH));
            }
        }

        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        assertThat(indexes.get(10) - indexes.get(9)).as("a new cycle starts a new index range").isGreaterThan(1);
        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir, config))
        {
            assertThat(reader.count()).isEqualTo(30);
            assertThat(reader.readAll(handler)).isEqualTo(30);
            assertThat(reader.moveToIndex(indexes.get(15))).isTrue();
            final RecordingHandler suffix = new RecordingHandler();
            assertThat(reader.readAll(suffix)).isEqualTo(15);
            assertThat(suffix.indexes).containsExactlyElementsOf(indexes.subList(15, 30));
        }
        assertThat(handler.indexes).containsExactlyElementsOf(indexes);
        for (int i = 0; i < 30; i++)
        {
            assertThat(handler.payloads.get(i)).isEqualTo(transactions.bytes(i));
        }
    }

    @Test
    void shouldKeepTheRollCycleAJournalWasCreatedWithAndWarnOnlyAMisconfiguredWriter()
    {
        final JournalConfig minutely = new JournalConfig().rollCycle(JournalRollCycle.MINUTELY);
        final long[] indexes = new long[3];
        try (ChronicleJournal journal = ChronicleJournal.open(dir, minutely))
        {
            for (int i = 0; i < indexes.length; i++)
            {
                indexes[i] = journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(i), LENGTH);
            }
        }
        assertThat(ChronicleQueues.existingRollCycle(dir)).isEqualTo(JournalRollCycle.MINUTELY);

        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        final Logger root = (Logger)LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        final RecordingHandler handler = new RecordingHandler();
        final long next;
        try
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertThat(reader.moveToIndex(indexes[1])).isTrue();
                reader.readAll(handler);
            }
            assertThat(log.list).as("warnings of a reader opened with the default roll cycle").isEmpty();

            try (ChronicleJournal reopened = ChronicleJournal.open(dir))
            {
                next = reopened.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(3), LENGTH);
            }
        }
        finally
        {
            root.detachAppender(log);
        }

        assertThat(handler.indexes).containsExactly(indexes[1], indexes[2]);
        assertThat(next).isGreaterThan(indexes[2]);
        assertThat(log.list).singleElement().satisfies(event ->
        {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("keeps the roll cycle MINUTELY", "DAILY is ignored");
        });
    }

    @Test
    void shouldRecogniseEachRollCycleByItsFileNames()
    {
        assertThat(JournalRollCycle.ofCycleName("20261124F")).isEqualTo(JournalRollCycle.DAILY);
        assertThat(JournalRollCycle.ofCycleName("20261124-07F")).isEqualTo(JournalRollCycle.HOURLY);
        assertThat(JournalRollCycle.ofCycleName("20261124-0752")).isEqualTo(JournalRollCycle.MINUTELY);
        assertThat(JournalRollCycle.ofCycleName("20261124")).isNull();
        assertThat(JournalRollCycle.ofCycleName("metadata")).isNull();
    }

    @Test
    void shouldStartOneFilePerHourWhenOpenedWithTheHourlyRollCycleNamedInConfiguration() throws IOException
    {
        final long index;
        try (ChronicleJournal journal = ChronicleJournal.open(dir, JournalRollCycle.parse(" Hourly ")))
        {
            index = journal.append(EventSlot.TYPE_TRANSACTION, transactions.buffer(), offset(0), LENGTH);
        }

        try (Stream<Path> files = Files.list(dir))
        {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".cq4")))
                .singleElement().asString().matches("\\d{8}-\\d{2}F\\.cq4");
        }
        final RecordingHandler handler = new RecordingHandler();
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertThat(reader.readAll(handler)).isEqualTo(1);
        }
        assertThat(handler.indexes).containsExactly(index);
        assertThat(handler.payloads.get(0)).isEqualTo(transactions.bytes(0));
    }

    @Test
    void shouldRejectARollCycleNameItDoesNotKnowNamingTheValue()
    {
        assertThat(JournalRollCycle.parse("daily")).isEqualTo(JournalRollCycle.DAILY);
        assertThat(JournalRollCycle.parse("MINUTELY")).isEqualTo(JournalRollCycle.MINUTELY);
        assertThatThrownBy(() -> JournalRollCycle.parse("weekly"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("journal rollCycle: expected daily, hourly or minutely, found \"weekly\"");
        assertThatThrownBy(() -> JournalRollCycle.parse(null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("found null");
    }

    @Test
    void shouldCarryTheTransactionSoItsFlyweightReadsItInPlace()
    {
        transactions.appendTo(dir, 0, 3);
        final List<String> ids = new ArrayList<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.readAll((index, type, buffer, offset, length) ->
            {
                view.wrap(buffer, offset, length);
                ids.add(tx.wrap(view, 0).id() + "/" + tx.amountMinor());
            });
        }
        final TransactionFlyweight expected = new TransactionFlyweight();
        assertThat(ids).containsExactly(
            expected.wrap(transactions.buffer(), offset(0)).id() + "/" + expected.amountMinor(),
            expected.wrap(transactions.buffer(), offset(1)).id() + "/" + expected.amountMinor(),
            expected.wrap(transactions.buffer(), offset(2)).id() + "/" + expected.amountMinor());
    }

    private static List<Long> boxed(final long[] values)
    {
        final List<Long> list = new ArrayList<>(values.length);
        for (final long v : values)
        {
            list.add(v);
        }
        return list;
    }
}
