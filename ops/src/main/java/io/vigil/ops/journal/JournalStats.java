package io.vigil.ops.journal;

import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.EventKind;
import io.vigil.journal.JournalReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a journal holds, by reading it once: entries by type and their bytes, index range, the transactions'
 * event-time range, damaged entries, cycle files, and the read rate.
 */
public final class JournalStats
{
    private final Path dir;
    private final Map<Integer, long[]> byType = new TreeMap<>();
    /** Transaction-slot entries by event kind code (transactions, profiles, account events, reference entries). */
    private final long[] byKind = new long[256];
    private long entries;
    private long damaged;
    private long firstIndex = -1;
    private long lastIndex = -1;
    private long minTsMs = Long.MAX_VALUE;
    private long maxTsMs = Long.MIN_VALUE;
    private long readNanos;
    private int cycleFiles;
    private long cycleBytes;

    private JournalStats(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * @param journalDir a journal directory.
     * @return its statistics.
     */
    public static JournalStats of(final Path journalDir)
    {
        final JournalStats stats = new JournalStats(journalDir);
        final long start = System.nanoTime();
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            stats.firstIndex = reader.firstIndex();
            stats.lastIndex = reader.lastIndex();
            reader.moveToStart();
            while (true)
            {
                try
                {
                    if (reader.read(stats::count, 4096) == 0)
                    {
                        break;
                    }
                }
                catch (final IllegalStateException ex)
                {
                    stats.damaged++;
                    if (!reader.moveToIndex(reader.position() + 1))
                    {
                        break;
                    }
                }
            }
        }
        stats.readNanos = System.nanoTime() - start;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journalDir, "*.cq4"))
        {
            for (final Path file : files)
            {
                stats.cycleFiles++;
                stats.cycleBytes += Files.size(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return stats;
    }

    private void count(final long index, final int type, final org.agrona.DirectBuffer buffer, final int offset,
        final int length)
    {
        entries++;
        final long[] counts = byType.computeIfAbsent(type, t -> new long[2]);
        counts[0]++;
        counts[1] += length;
        if (type == EventSlot.TYPE_TRANSACTION)
        {
            final long tsMs = buffer.getLong(offset);
            if (length > io.vigil.core.event.TransactionDescriptor.KIND_OFFSET)
            {
                byKind[buffer.getByte(offset + io.vigil.core.event.TransactionDescriptor.KIND_OFFSET) & 0xFF]++;
            }
            minTsMs = Math.min(minTsMs, tsMs);
            maxTsMs = Math.max(maxTsMs, tsMs);
        }
    }

    /** @return entries read. */
    public long entries()
    {
        return entries;
    }

    /** @return damaged (malformed) entries. */
    public long damaged()
    {
        return damaged;
    }

    /** @param type an entry type. @return entries of that type. */
    public long count(final int type)
    {
        final long[] counts = byType.get(type);
        return counts == null ? 0 : counts[0];
    }

    /** Prints the statistics. */
    public void print(final PrintWriter out)
    {
        out.println("journal      " + dir);
        out.printf(Locale.ROOT, "entries      %,d (indexes %d to %d; 0x%x to 0x%x)%n", entries, firstIndex, lastIndex,
            firstIndex, lastIndex);
        for (final Map.Entry<Integer, long[]> type : byType.entrySet())
        {
            out.printf(Locale.ROOT, "  %-20s %,12d  %,d payload bytes%n", EntryJson.typeName(type.getKey()),
                type.getValue()[0], type.getValue()[1]);
            if (type.getKey() == EventSlot.TYPE_TRANSACTION && byKind[EventKind.TRANSACTION.code()] != type.getValue()[0])
            {
                // other event kinds share the transaction slot type: say how many of each
                for (int code = 0; code < byKind.length; code++)
                {
                    if (byKind[code] > 0)
                    {
                        final EventKind kind = EventKind.fromCode(code);
                        out.printf(Locale.ROOT, "    %-18s %,12d%n", kind == null ? "kind " + code : kind.wireName(),
                            byKind[code]);
                    }
                }
            }
        }
        if (minTsMs <= maxTsMs)
        {
            out.println("event time   " + Instant.ofEpochMilli(minTsMs) + " to " + Instant.ofEpochMilli(maxTsMs));
        }
        out.printf(Locale.ROOT, "damaged      %,d entries%n", damaged);
        out.printf(Locale.ROOT, "files        %d cycle file(s), %,d bytes on disk (allocated, sparse)%n", cycleFiles,
            cycleBytes);
        out.printf(Locale.ROOT, "read in      %.2f s (%,.0f entries/s)%n", readNanos / 1e9,
            entries / Math.max(readNanos / 1e9, 1e-9));
        out.flush();
    }
}
