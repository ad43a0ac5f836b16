package io.vigil.ops.cli;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.Journal;
import io.vigil.core.engine.NoJournal;
import io.vigil.journal.ChronicleJournal;
import io.vigil.ops.ingest.EngineIngress;
import io.vigil.ops.ingest.InputException;
import io.vigil.ops.ingest.JsonLinesReader;
import io.vigil.ops.ingest.OnError;
import io.vigil.ops.report.Recall;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil backtest}: runs the same engine as the live service over a history file, as fast as it can,
 * and writes the alerts. Output is deterministic: the same input gives the same bytes, whatever the shard
 * count.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Run the engine over a JSON Lines history file and write the alerts as JSON Lines.")
final class BacktestCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final long PROGRESS_EVERY_NS = 2_000_000_000L;

    @Option(names = "--input", required = true, description = "Transactions, one JSON object per line.")
    Path input;

    @Option(names = "--output", required = true, description = "Where to write alerts (JSON Lines).")
    Path output;

    @Option(names = "--journal", description = "Journal every input to this Chronicle Queue directory.")
    Path journalDir;

    @Option(names = "--on-error", defaultValue = "fail",
        description = "What to do with a bad input line: fail (stop, naming it) or skip (count it, write it to the "
            + "rejects file). Default: ${DEFAULT-VALUE}.")
    OnError onError;

    @Option(names = "--rejects", description = "Where skipped lines go (default: OUTPUT with .rejects.jsonl).")
    Path rejects;

    @Option(names = "--late-output", description = "Where late events go, one JSON line each (default: OUTPUT with "
        + ".late.jsonl; written only if there are any).")
    Path lateOutput;

    @Option(names = "--truth", description = "Ground truth of the generator: print the recall of injected cases.")
    Path truth;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    RulesOption rulesOption;

    @Mixin
    DurabilityOptions durability;

    @Mixin
    DbOption dbOption;

    @Mixin
    WebhookOptions webhookOptions;

    @Override
    public Integer call() throws IOException
    {
        if (!Files.isReadable(input))
        {
            throw new UserError("--input " + input + ": no such readable file", UserError.NO_INPUT);
        }
        if (durability.dataDir != null)
        {
            if (journalDir != null)
            {
                throw new UserError("--journal and --data-dir: give one (--data-dir keeps its journal in DIR/journal)", 2);
            }
            return DurableBacktest.run(spec.commandLine().getOut(), spec.commandLine().getErr(), input, output, onError,
                rejects != null ? rejects : output.resolveSibling(output.getFileName() + ".rejects.jsonl"), quiet,
                engineOptions, rulesOption, durability, dbOption, webhookOptions);
        }
        final io.vigil.core.engine.WaitStrategyKind waitStrategy = engineOptions.waitStrategyKind();
        final RuleSet rules = rulesOption.load();
        final PrintWriter out = spec.commandLine().getOut();
        final Path rejectsPath = rejects != null ? rejects :
            output.resolveSibling(output.getFileName() + ".rejects.jsonl");
        // before the output file: a bad configuration leaves no empty file
        final OutboxSinks outboxSinks = OutboxSinks.start(dbOption, webhookOptions, rules);
        final AlertCounts counts = new AlertCounts(rules.ruleRefs());
        final JsonLinesAlertSink file = JsonLinesAlertSink.create(output);
        final JsonLinesAlertSink late = JsonLinesAlertSink.lateEvents(lateOutput != null ? lateOutput :
            output.resolveSibling(output.getFileName() + ".late.jsonl"));
        final List<AlertSink> sinks = new ArrayList<>(List.of(file, late, counts));
        if (outboxSinks != null)
        {
            sinks.add(outboxSinks.sink());
        }
        final AlertSink sink = new FanOutAlertSink(sinks);
        final Journal journal = journalDir == null ? new NoJournal() : ChronicleJournal.open(journalDir);

        final EngineConfig config;
        try
        {
            config = new EngineConfig()
                .shardCount(engineOptions.shards)
                .ringSize(engineOptions.ringSize)
                .waitStrategy(waitStrategy)
                .journal(journal)
                .alertSink(sink)
                .programFactory(rulesOption.factory(rules))
                .conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            journal.close();
            sink.close();
            if (outboxSinks != null)
            {
                outboxSinks.abort();
            }
            throw new UserError(ex.getMessage(), 2);
        }

        final long startNs = System.nanoTime();
        long events;
        long rejected;
        long lateEvents;
        final Histogram latency = new Histogram(3);
        try (Engine engine = new Engine(config).start();
            JsonLinesReader reader = JsonLinesReader.open(input, onError, rejectsPath))
        {
            final EngineIngress ingress = new EngineIngress(engine);
            long lastProgressNs = startNs;
            try
            {
                while (reader.read(ingress, 4096))
                {
                    final long now = System.nanoTime();
                    if (!quiet && now - lastProgressNs >= PROGRESS_EVERY_NS)
                    {
                        lastProgressNs = now;
                        spec.commandLine().getErr().printf(Locale.ROOT, "backtest: %,d events, %,d alerts, %,.0f events/s%n",
                            reader.accepted(), engine.alerts(), reader.accepted() / ((now - startNs) / 1e9));
                    }
                }
            }
            catch (final InputException ex)
            {
                throw new UserError(input + ": " + ex.getMessage() +
                    " (use --on-error skip to skip bad lines into a rejects file)", UserError.BAD_INPUT);
            }
            catch (final NoSuchFileException ex)
            {
                throw new UserError("cannot write rejects file " + ex.getFile(), UserError.NO_INPUT);
            }
            // end of a bounded input: a journaled final tick lets every open window close
            engine.publishTick(Long.MAX_VALUE);
            events = reader.accepted();
            rejected = reader.rejected();
            engine.close();
            lateEvents = engine.lateEvents();
            latency.add(engine.intervalLatency(null));
        }
        final long elapsedNs = System.nanoTime() - startNs;
        RunSummary.print(out, "backtest " + input, events, rejected, elapsedNs, counts, latency,
            engineOptions.shards, engineOptions.waitStrategy, journalDir == null ? "off" : journalDir.toString());
        out.println("alerts file  " + output);
        if (rejected > 0)
        {
            out.println("rejects file " + rejectsPath);
        }
        if (late.writtenLateFile() != null)
        {
            out.printf(Locale.ROOT, "late events  %,d records in %s%n", lateEvents, late.writtenLateFile());
        }
        if (truth != null)
        {
            Recall.evaluate(Recall.loadCases(truth), Recall.loadAlerts(output)).print(out);
        }
        if (outboxSinks != null)
        {
            outboxSinks.finish(out);
        }
        return 0;
    }
}
