package io.vigil.ops.cli;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.NoJournal;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.journal.JournalReader;
import io.vigil.journal.recovery.JournalReplayer;
import io.vigil.ops.journal.AlertDiff;
import io.vigil.ops.journal.FromFilterSink;
import io.vigil.ops.journal.JournalLocation;
import io.vigil.ops.recovery.RuleSetCompiler;
import io.vigil.ops.sink.AlertCounts;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.ops.sink.JsonLinesAlertSink;
import io.vigil.rules.RuleSet;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil replay}: runs a journal's history through the engine again and writes the alerts: with the
 * rules that ran (journaled rule changes apply), or, with {@code --rules}, with another rule set over the same
 * input (what-if / shadow mode), then with {@code --diff} compares those alerts with the original rules' by
 * alert id. State is always rebuilt from the journal's start; {@code --from} only limits which alerts are
 * written. The journal is only read.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a journal's history, with its own rules or another rule set, and write (and diff) the alerts.")
final class ReplayCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, description = "Data directory or journal directory.")
    Path journalDir;

    @Option(names = "--from", description = "Write alerts from this journal index (decimal or 0x hex) or event time "
        + "(ISO-8601, e.g. 2026-01-10T00:00:00Z) on; state is still rebuilt from the journal's start.")
    String from;

    @Option(names = "--rules", description = "Replay with this rule file instead of the rules that ran (what-if); "
        + "journaled rule changes are then ignored.")
    Path rulesFile;

    @Option(names = "--original-rules", description = "The rules the journal's input first ran with, if the journal "
        + "does not record them (a journal of backtest --journal). Default: the built-in card pack.")
    Path originalRules;

    @Option(names = "--out-of-order", defaultValue = "0s", converter = DurationConverter.class,
        description = "Out-of-orderness bound the original run used (default: ${DEFAULT-VALUE}).")
    java.time.Duration outOfOrder;

    @Option(names = "--output", required = true, description = "Where to write the alerts (JSON Lines).")
    Path output;

    @Option(names = "--diff", description = "Also replay with the original rules and compare: OUTPUT.original.jsonl, "
        + "OUTPUT.diff.jsonl, and counts per rule. Needs --rules.")
    boolean diff;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException
    {
        final JournalLocation location = JournalCommand.locate(journalDir);
        if (diff && rulesFile == null)
        {
            throw new UserError("--diff compares another rule set with the original: give --rules FILE", 2);
        }
        final long[] fromPoint = parseFrom(from);
        final RuleSetCompiler compiler = new RuleSetCompiler(outOfOrder.toMillis());
        final RuleSet original = load(originalRules, "--original-rules");
        final PrintWriter out = spec.commandLine().getOut();
        if (rulesFile == null)
        {
            final Replayed run = replay(location, original, true, compiler, output, fromPoint);
            run.print(out, "replay (the rules that ran) " + location.journal());
            return 0;
        }
        final RuleSet whatIf = load(rulesFile, "--rules");
        final Replayed run = replay(location, whatIf, false, compiler, output, fromPoint);
        run.print(out, "replay with " + rulesFile + " over " + location.journal());
        if (diff)
        {
            final Path originalOut = output.resolveSibling(output.getFileName() + ".original.jsonl");
            final Replayed base = replay(location, original, true, compiler, originalOut, fromPoint);
            out.printf(Locale.ROOT, "original     %,d alerts (the rules that ran) in %s%n", base.alerts, originalOut);
            final Path diffFile = output.resolveSibling(output.getFileName() + ".diff.jsonl");
            AlertDiff.compare(originalOut, output, diffFile).print(out);
            out.println("diff file    " + diffFile);
        }
        return 0;
    }

    private record Replayed(long entries, long alerts, long elapsedNs, AlertCounts counts, Path output)
    {
        void print(final PrintWriter out, final String title)
        {
            RunSummary.print(out, title, entries, 0, elapsedNs, counts, new Histogram(3), 1, "-", "read only");
            out.println("alerts file  " + output);
        }
    }

    private Replayed replay(
        final JournalLocation location, final RuleSet rules, final boolean followRuleChanges,
        final RuleSetCompiler compiler, final Path outputFile, final long[] fromPoint) throws IOException
    {
        final AlertCounts counts = new AlertCounts(rules.ruleRefs());
        final AlertSink sink = new FromFilterSink(new FanOutAlertSink(List.of(JsonLinesAlertSink.create(outputFile),
            counts)), fromPoint[0], fromPoint[1]);
        final ShardProgramFactory factory = rules.factory(outOfOrder.toMillis());
        final EngineConfig config = new EngineConfig().shardCount(engineOptions.shards).ringSize(engineOptions.ringSize)
            .waitStrategy(engineOptions.waitStrategyKind()).journal(new NoJournal()).alertSink(sink)
            .programFactory(factory).programSource(rules.source().getBytes(StandardCharsets.UTF_8));
        final long start = System.nanoTime();
        final Engine engine = new Engine(config).start();
        final JournalReplayer replayer = new JournalReplayer(engine, compiler, followRuleChanges, -1, null, 1_000_000,
            null);
        try (JournalReader reader = JournalReader.open(location.journal()))
        {
            reader.moveToStart();
            replayer.replay(reader);
        }
        finally
        {
            engine.close();
        }
        return new Replayed(replayer.transactions(), engine.alerts(), System.nanoTime() - start, counts, outputFile);
    }

    private static RuleSet load(final Path file, final String option)
    {
        if (file == null)
        {
            return RuleSet.defaultPack();
        }
        if (!Files.isReadable(file))
        {
            throw new UserError(option + " " + file + ": no such readable file", UserError.NO_INPUT);
        }
        try
        {
            return RuleSet.load(file);
        }
        catch (final IOException ex)
        {
            throw new UserError(option + " " + file + ": " + ex.getMessage(), UserError.NO_INPUT);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
    }

    /** @return {from index, from time ms}, each Long.MIN_VALUE when not limited. */
    static long[] parseFrom(final String from)
    {
        if (from == null)
        {
            return new long[] {Long.MIN_VALUE, Long.MIN_VALUE};
        }
        try
        {
            if (from.startsWith("0x"))
            {
                return new long[] {Long.parseUnsignedLong(from.substring(2), 16), Long.MIN_VALUE};
            }
            if (from.chars().allMatch(Character::isDigit))
            {
                return new long[] {Long.parseLong(from), Long.MIN_VALUE};
            }
            return new long[] {Long.MIN_VALUE, Instant.parse(from).toEpochMilli()};
        }
        catch (final NumberFormatException | DateTimeParseException ex)
        {
            throw new UserError("--from: expected a journal index (decimal or 0x hex) or an ISO-8601 time such as " +
                "2026-01-10T00:00:00Z, found '" + from + "'", 2);
        }
    }
}
