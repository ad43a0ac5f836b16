package io.vigil.ops.cli;

import io.vigil.journal.JournalReader;
import io.vigil.journal.snapshot.CheckpointManifest;
import io.vigil.journal.snapshot.CheckpointStore;
import io.vigil.ops.journal.JournalLocation;
import io.vigil.ops.journal.JournalStats;
import io.vigil.ops.journal.JournalViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil journal stats|tail|inspect DIR}: looks inside a journal (a data directory or a bare journal
 * directory) without changing it: readers never append.
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Look inside a journal: stats, tail, inspect.",
    subcommands = {JournalCommand.Stats.class, JournalCommand.Tail.class, JournalCommand.Inspect.class})
final class JournalCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: stats, tail or inspect");
    }

    static JournalLocation locate(final Path dir)
    {
        if (!Files.isDirectory(dir) || !JournalLocation.holdsJournal(dir))
        {
            throw new UserError(dir + ": no journal here (expected a data directory or a journal directory with "
                + "*.cq4 cycle files)", UserError.NO_INPUT);
        }
        return JournalLocation.of(dir);
    }

    /** {@code journal stats DIR}. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Entries by type, index range, event-time range, cycle files, checkpoints, damaged entries.")
    static final class Stats implements Callable<Integer>
    {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Data directory or journal directory.")
        Path dir;

        @Override
        public Integer call() throws IOException
        {
            final JournalLocation location = locate(dir);
            final PrintWriter out = spec.commandLine().getOut();
            JournalStats.of(location.journal()).print(out);
            if (location.checkpoints() != null)
            {
                out.println("checkpoints  (" + location.checkpoints() + ")");
                final List<Path> dirs;
                try (CheckpointStore store = new CheckpointStore(location.checkpoints(), Integer.MAX_VALUE))
                {
                    dirs = store.listNewestFirst();
                }
                for (final Path cp : dirs)
                {
                    try
                    {
                        final CheckpointManifest m = CheckpointManifest.read(cp);
                        out.printf(Locale.ROOT, "  %s  complete  index %d  %d shard(s)  %,d bytes  written in %,d ms%n",
                            cp.getFileName(), m.journalIndex(), m.shardCount(), m.totalBytes(), m.writeMs());
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        out.printf(Locale.ROOT, "  %s  NOT USABLE: %s%n", cp.getFileName(), ex.getMessage());
                    }
                }
            }
            return 0;
        }
    }

    /** {@code journal tail DIR}. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
        description = "The last entries, one JSON object a line; --follow prints new ones as they are appended.")
    static final class Tail implements Callable<Integer>
    {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Data directory or journal directory.")
        Path dir;

        @Option(names = {"-n", "--lines"}, defaultValue = "10", description = "Entries (default: ${DEFAULT-VALUE}).")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing entries as they are appended (Ctrl-C ends).")
        boolean follow;

        @Override
        public Integer call() throws InterruptedException
        {
            if (lines < 0)
            {
                throw new UserError("--lines: expected >= 0, found " + lines, 2);
            }
            try (JournalReader reader = JournalReader.open(locate(dir).journal()))
            {
                JournalViews.tail(reader, lines, follow, spec.commandLine().getOut());
            }
            return 0;
        }
    }

    /** {@code journal inspect DIR --index N}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Entries from an index in full: every transaction field, key hashes, a rule change's text.")
    static final class Inspect implements Callable<Integer>
    {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Data directory or journal directory.")
        Path dir;

        @Option(names = "--index", description = "First entry's index, decimal or 0x hex (default: the first).")
        String index;

        @Option(names = "--count", defaultValue = "1", description = "Entries (default: ${DEFAULT-VALUE}).")
        int count;

        @Override
        public Integer call()
        {
            if (count < 1)
            {
                throw new UserError("--count: expected >= 1, found " + count, 2);
            }
            try (JournalReader reader = JournalReader.open(locate(dir).journal()))
            {
                long from = reader.firstIndex();
                if (index != null)
                {
                    try
                    {
                        from = index.startsWith("0x") ? Long.parseUnsignedLong(index.substring(2), 16) : Long.parseLong(index);
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw new UserError("--index: expected a number (decimal or 0x hex), found '" + index + "'", 2);
                    }
                }
                if (from < 0 || !reader.moveToIndex(from))
                {
                    throw new UserError("--index " + index + ": no such entry; the journal holds indexes " +
                        reader.firstIndex() + " (0x" + Long.toHexString(reader.firstIndex()) + ") to " + reader.lastIndex() +
                        " (0x" + Long.toHexString(reader.lastIndex()) + ")", UserError.BAD_INPUT);
                }
                JournalViews.print(reader, count, true, spec.commandLine().getOut());
            }
            return 0;
        }
    }
}
