package io.vigil.bench;

import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.journal.ChronicleJournal;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Appending one encoded transaction (336 bytes) to the Chronicle Queue journal, as the journaler does per
 * event. The queue lives in a temporary directory (set {@code -Dvigil.bench.dir} to choose the disk).
 * Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class JournalAppendBenchmark
{
    private final UnsafeBuffer event = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private Path dir;
    private ChronicleJournal journal;

    /**
     * Opens a fresh journal.
     *
     * @throws IOException if the directory cannot be made.
     */
    @Setup
    public void setup() throws IOException
    {
        final String base = System.getProperty("vigil.bench.dir");
        dir = base == null ? Files.createTempDirectory("vigil-bench-journal") :
            Files.createTempDirectory(Path.of(base), "vigil-bench-journal");
        journal = ChronicleJournal.open(dir);
    }

    /** @return the entry's index, consumed by JMH. */
    @Benchmark
    public long append()
    {
        return journal.append(EventSlot.TYPE_TRANSACTION, event, 0, TransactionDescriptor.ENCODED_LENGTH);
    }

    /**
     * Closes and deletes the journal.
     *
     * @throws IOException if it cannot be deleted.
     */
    @TearDown
    public void tearDown() throws IOException
    {
        journal.close();
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
