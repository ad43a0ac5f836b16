package io.vigil.ops.cli;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.journal.recovery.DurableConfig;
import io.vigil.journal.recovery.DurableEngine;
import io.vigil.journal.recovery.RecoveryException;
import io.vigil.journal.recovery.RecoveryReport;
import io.vigil.ops.ingest.EngineIngress;
import io.vigil.ops.ingest.InputException;
import io.vigil.ops.ingest.JsonLinesReader;
import io.vigil.ops.ingest.OnError;
import io.vigil.ops.recovery.ResumingIngress;
import io.vigil.ops.recovery.RuleSetCompiler;
import io.vigil.ops.sink.AlertCounts;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.ops.sink.JsonLinesAlertSink;
import io.vigil.rules.RuleSet;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code backtest --data-dir DIR}: a backtest that survives being killed. It recovers the engine from DIR
 * ({@link DurableEngine}: newest usable checkpoint, then the journal after it), skips the input up to the last
 * transaction the journal holds (the journal is the source of truth for what was ingested), feeds the rest,
 * journals a final tick and takes a last checkpoint. Alerts are appended to the output: those of input replayed
 * after the checkpoint come out again with the same ids, so a reader deduplicates by {@code alert_id}. Run
 * again on a finished directory, it ingests nothing and re-emits only what replay produces.
 */
final class DurableBacktest
{
    private DurableBacktest()
    {
    }

    static int run(
        final PrintWriter out, final PrintWriter err, final Path input, final Path output, final OnError onError,
        final Path rejectsPath, final boolean quiet, final EngineOptions engineOptions, final RulesOption rulesOption,
        final DurabilityOptions durability, final DbOption dbOption, final WebhookOptions webhookOptions)
        throws IOException
    {
        final RuleSet rules = rulesOption.load();
        // the outbox lives with the data directory unless --outbox says otherwise: a restart resumes every reader
        final OutboxSinks outboxSinks = OutboxSinks.start(dbOption, webhookOptions, rules,
            durability.dataDir.resolve("outbox"));
        final AlertCounts counts = new AlertCounts(rules.ruleRefs());
        final java.util.List<AlertSink> sinks = new java.util.ArrayList<>(List.of(JsonLinesAlertSink.append(output), counts));
        if (outboxSinks != null)
        {
            sinks.add(outboxSinks.sink());
        }
        final AlertSink sink = new FanOutAlertSink(sinks);
        final EngineConfig engineConfig = new EngineConfig()
            .shardCount(engineOptions.shards)
            .ringSize(engineOptions.ringSize)
            .waitStrategy(engineOptions.waitStrategyKind())
            .alertSink(sink)
            .programFactory(rulesOption.factory(rules))
            .programSource(rules.source().getBytes(StandardCharsets.UTF_8));
        final DurableConfig config = durability.applyTo(new DurableConfig().engine(engineConfig)
            .compiler(new RuleSetCompiler(rulesOption.outOfOrder.toMillis())));
        final long startNs = System.nanoTime();
        final DurableEngine durable;
        try
        {
            durable = DurableEngine.open(config);
        }
        catch (final RecoveryException ex)
        {
            sink.close();
            abort(outboxSinks);
            throw new UserError("--data-dir " + durability.dataDir + ": " + ex.getMessage(), 1);
        }
        catch (final IllegalArgumentException ex)
        {
            sink.close();
            abort(outboxSinks);
            throw new UserError(ex.getMessage(), 2);
        }
        final RecoveryReport recovery = durable.recovery();
        for (final String reason : recovery.rejected())
        {
            err.println("backtest: checkpoint not used: " + reason);
        }
        err.println("backtest: " + recovery.summary());
        final Engine engine = durable.engine();
        long events = 0;
        long rejected = 0;
        long skipped = 0;
        final Histogram latency = new Histogram(3);
        try (durable; JsonLinesReader reader = JsonLinesReader.open(input, onError, rejectsPath))
        {
            if (!recovery.endOfInput())
            {
                final ResumingIngress ingress = new ResumingIngress(new EngineIngress(engine), recovery.lastTransactionId());
                long lastProgressNs = startNs;
                while (reader.read(ingress, 4096))
                {
                    final long now = System.nanoTime();
                    if (!quiet && now - lastProgressNs >= 2_000_000_000L)
                    {
                        lastProgressNs = now;
                        err.printf(Locale.ROOT, "backtest: %,d events, %,d alerts%n", reader.accepted(), engine.alerts());
                    }
                }
                if (!ingress.resumed())
                {
                    throw new UserError(input + ": the journal's last transaction '" + recovery.lastTransactionId() +
                        "' is not in this input: it is not the input this data directory was built from",
                        UserError.BAD_INPUT);
                }
                engine.publishTick(Long.MAX_VALUE);
                skipped = ingress.skipped();
                events = reader.accepted() - skipped;
                rejected = reader.rejected();
            }
        }
        catch (final InputException ex)
        {
            throw new UserError(input + ": " + ex.getMessage(), UserError.BAD_INPUT);
        }
        latency.add(engine.intervalLatency(null));
        RunSummary.print(out, "backtest " + input, events, rejected, System.nanoTime() - startNs, counts, latency,
            engineOptions.shards, engineOptions.waitStrategy, config.journalDir().toString());
        out.printf(Locale.ROOT, "recovery     %s%n", recovery.summary());
        for (final String reason : recovery.rejected())
        {
            out.printf(Locale.ROOT, "             checkpoint not used: %s%n", reason);
        }
        out.printf(Locale.ROOT, "resumed      %,d input transactions skipped as already journaled%s%n", skipped,
            recovery.endOfInput() ? " (the journal already held the whole input)" : "");
        if (durable.checkpoints().lastCompleted() != null)
        {
            out.printf(Locale.ROOT, "checkpoints  %,d written, last: %,d bytes in %,d ms%n",
                durable.checkpoints().completedCount(), durable.checkpoints().lastCompleted().totalBytes(),
                durable.checkpoints().lastCompleted().writeMs());
        }
        out.println("alerts file  " + output + " (appended; deduplicate by alert_id across restarts)");
        if (outboxSinks != null)
        {
            outboxSinks.finish(out);
        }
        return 0;
    }

    private static void abort(final OutboxSinks outboxSinks) throws IOException
    {
        if (outboxSinks != null)
        {
            outboxSinks.abort();
        }
    }
}
