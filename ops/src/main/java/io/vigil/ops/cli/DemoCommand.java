package io.vigil.ops.cli;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.ChronicleJournal;
import io.vigil.ops.db.JdbcAlertSink;
import io.vigil.ops.delivery.AlertDelivery;
import io.vigil.ops.generate.ContextTraffic;
import io.vigil.ops.generate.GeneratedEvent;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import io.vigil.ops.generate.TruthCase;
import io.vigil.ops.report.AlertCollectingSink;
import io.vigil.ops.report.Recall;
import io.vigil.ops.sink.AlertCounts;
import io.vigil.ops.sink.ConsoleAlertSink;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.rules.RuleSet;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code vigil demo}: the whole path on the embedded default: generated traffic with injected fraud, paced
 * into the engine at a fixed rate (intended send times fixed in advance), journaled to Chronicle Queue, run
 * through the default rules; alerts shown as they fire, progress every two seconds, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the engine on generated traffic with the default rules and show alerts as they fire.")
final class DemoCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final long PROGRESS_EVERY_NS = TimeUnit.SECONDS.toNanos(2);

    @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
        description = "How long to run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "50000", description = "Events per second offered; rate x duration "
        + "transactions of traffic, context events (see --context) on top (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cards", defaultValue = "20000", description = "Cards in the population (default: "
        + "${DEFAULT-VALUE}).")
    int cards;

    @Option(names = "--fraud-per-million", defaultValue = "1000", description = "Injected fraud cases per "
        + "million transactions (default: ${DEFAULT-VALUE}).")
    double fraudPerMillion;

    @Option(names = "--context", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "Also send the events the join rules read (card, merchant and account profiles, account events, "
        + "reference entries) and inject the contextual fraud cases, as `vigil generate --context` does; "
        + "--no-context sends transactions only (default: on).")
    boolean context;

    @Option(names = "--journal", description = "Journal directory (default: a temporary one, deleted at the end).")
    Path journalDir;

    @Option(names = "--alert-lines", defaultValue = "20", description = "Most alert lines shown per second; the "
        + "rest are counted (default: ${DEFAULT-VALUE}).")
    int alertLines;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    RulesOption rulesOption;

    @Mixin
    DbOption dbOption;

    @Mixin
    WebhookOptions webhookOptions;

    @Override
    public Integer call() throws IOException
    {
        if (rate < 1 || rate > 10_000_000)
        {
            throw new UserError("--rate: expected 1..10000000 transactions per second, found " + rate, 2);
        }
        if (duration.isNegative() || duration.isZero())
        {
            throw new UserError("--duration: must be positive", 2);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final RuleSet rules = rulesOption.load();
        final long events = Math.max(1, (long)Math.ceil(rate * (duration.toNanos() / 1e9)));
        final GeneratorConfig genConfig;
        try
        {
            genConfig = GeneratorConfig.builder().seed(seed).cards(cards).events(events)
                .fraudCasesPerMillion(fraudPerMillion).context(context).build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError(ex.getMessage(), 2);
        }
        final ContextTraffic contextTraffic = context ? new ContextTraffic(genConfig) : null;
        final TrafficGenerator traffic = context ? contextTraffic.traffic() : new TrafficGenerator(genConfig);
        final Iterator<? extends GeneratedEvent> generator = context ? contextTraffic : traffic;

        final boolean tempJournal = journalDir == null;
        final Path journalPath = tempJournal ? Files.createTempDirectory("vigil-demo-journal") : journalDir;
        final AlertCounts counts = new AlertCounts(rules.ruleRefs());
        final AlertCollectingSink collected = new AlertCollectingSink();
        final OutboxSinks outboxSinks = OutboxSinks.start(dbOption, webhookOptions, rules);
        final AlertDelivery delivery = outboxSinks == null ? null : outboxSinks.delivery();
        final JdbcAlertSink db = outboxSinks == null ? null : outboxSinks.db();
        final io.vigil.ops.kafka.KafkaAlertSink kafka = outboxSinks == null ? null : outboxSinks.kafka();
        final List<AlertSink> sinks = new ArrayList<>(List.of(new ConsoleAlertSink(out, alertLines), counts, collected));
        if (outboxSinks != null)
        {
            sinks.add(outboxSinks.sink());
        }
        final AlertSink sink = new FanOutAlertSink(sinks);

        out.printf(Locale.ROOT, "vigil demo: %,d generated transactions on %,d cards at %,d/s for %s, %s "
            + "(%d rules), %d shard(s), wait strategy %s, journal %s%n", events, cards, rate, human(duration)
            + (context ? " plus context events (profiles, account events, reference entries; about a fifth more events, "
            + "so the run lasts that much longer)" : ""),
            rulesOption.describe(), rules.ruleRefs().size(), engineOptions.shards, engineOptions.waitStrategy,
            journalPath);

        final ChronicleJournal journal = ChronicleJournal.open(journalPath);
        final EngineConfig config;
        try
        {
            config = new EngineConfig().shardCount(engineOptions.shards).ringSize(engineOptions.ringSize)
                .waitStrategy(engineOptions.waitStrategyKind()).alertSink(sink).journal(journal)
                .programFactory(rulesOption.factory(rules)).conclude();
        }
        catch (final IllegalArgumentException | UserError ex)
        {
            journal.close();
            sink.close();
            if (outboxSinks != null)
            {
                outboxSinks.abort();
            }
            throw ex instanceof UserError ? (UserError)ex : new UserError(ex.getMessage(), 2);
        }

        final Histogram latency = new Histogram(3);
        Histogram interval = null;
        final long startNs;
        long sent = 0;
        try (Engine engine = new Engine(config).start())
        {
            final TransactionFlyweight tx = new TransactionFlyweight();
            startNs = System.nanoTime();
            long nextProgressNs = startNs + PROGRESS_EVERY_NS;
            final double nsPerEvent = 1e9 / rate;
            while (generator.hasNext())
            {
                final long now = System.nanoTime();
                final long due = (long)((now - startNs) / nsPerEvent) + 1;
                while (sent < due && generator.hasNext())
                {
                    final GeneratedEvent g = generator.next();
                    final long seq = engine.claim();
                    final EventSlot slot = engine.slot(seq);
                    g.encodeTo(tx.wrap(slot.buffer(), 0));
                    slot.transaction(System.nanoTime());
                    engine.publish(seq);
                    sent++;
                }
                if (now >= nextProgressNs)
                {
                    nextProgressNs += PROGRESS_EVERY_NS;
                    interval = engine.intervalLatency(interval);
                    latency.add(interval);
                    out.printf(Locale.ROOT, "progress  %5.1f s  %,11d events  %,9.0f events/s  %,7d alerts  ring %,d"
                        + "  p99 %s%s%s%s%n", (now - startNs) / 1e9, sent, sent / ((now - startNs) / 1e9), engine.alerts(),
                        engine.ringOccupancy(), interval.getTotalCount() > 0 ?
                        RunSummary.micros(interval.getValueAtPercentile(99)) : "-",
                        delivery == null ? "" : "  webhook backlog " + delivery.metrics().maxBacklog(),
                        db == null ? "" : "  db backlog " + db.backlog(),
                        kafka == null ? "" : "  kafka backlog " + kafka.backlog());
                }
                if (sent >= due)
                {
                    LockSupport.parkNanos(100_000);
                }
            }
            // end of a bounded input: a journaled final tick lets every open window close
            engine.publishTick(Long.MAX_VALUE);
            engine.close();
            interval = engine.intervalLatency(interval);
            latency.add(interval);
        }
        final long elapsedNs = System.nanoTime() - startNs;
        RunSummary.print(out, "demo summary", sent, 0, elapsedNs, counts, latency, engineOptions.shards,
            engineOptions.waitStrategy, journalPath + (tempJournal ? " (temporary)" : ""));
        final List<Recall.Case> cases = new ArrayList<>();
        for (final TruthCase t : context ? contextTraffic.truthCases() : traffic.truthCases())
        {
            cases.add(new Recall.Case(t.caseId(), t.type().wireName(), t.card(), t.account(),
                new HashSet<>(t.txIds())));
        }
        Recall.evaluate(cases, collected.alerts()).print(out);
        if (outboxSinks != null)
        {
            outboxSinks.finish(out);
        }
        if (tempJournal)
        {
            deleteRecursively(journalPath);
        }
        return 0;
    }

    private static String human(final Duration d)
    {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
