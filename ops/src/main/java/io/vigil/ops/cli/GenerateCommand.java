package io.vigil.ops.cli;

import io.vigil.ops.generate.FraudType;
import io.vigil.ops.generate.Generation;
import io.vigil.ops.generate.GenerationSummary;
import io.vigil.ops.generate.GeneratorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil generate}: writes a deterministic synthetic transaction stream with injected fraud, and the
 * ground truth of what was injected.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write synthetic card traffic with injected fraud cases (deterministic for a seed).")
final class GenerateCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", defaultValue = "1000000", description = "Transactions (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--cards", defaultValue = "10000", description = "Cards in the population (default: "
        + "${DEFAULT-VALUE}).")
    int cards;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fraud-per-million", description = "Injected fraud cases per million events (default: "
        + "250).")
    Double fraudPerMillion;

    @Option(names = "--out", required = true, description = "Transactions file (JSON Lines).")
    Path out;

    @Option(names = "--truth", required = true, description = "Ground-truth file of injected cases (JSON Lines).")
    Path truth;

    @Override
    public Integer call() throws IOException
    {
        final GeneratorConfig config;
        try
        {
            final GeneratorConfig.Builder builder = GeneratorConfig.builder().events(events).cards(cards).seed(seed);
            if (fraudPerMillion != null)
            {
                builder.fraudCasesPerMillion(fraudPerMillion);
            }
            config = builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError(ex.getMessage(), 2);
        }
        final long startNs = System.nanoTime();
        final GenerationSummary summary = Generation.writeFiles(config, out, truth);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "generated    %,d transactions on %,d cards in %.1f s (%,.0f/s), seed %d%n",
            summary.events(), cards, seconds, summary.events() / seconds, seed);
        o.printf(Locale.ROOT, "declined     %.2f%%%n", 100 * summary.declineRate());
        o.printf(Locale.ROOT, "injected     %,d cases:%n", summary.totalCases());
        for (final FraudType type : FraudType.values())
        {
            o.printf(Locale.ROOT, "  %-20s %,d%n", type.wireName(), summary.casesByType().getOrDefault(type, 0));
        }
        o.println("transactions " + out);
        o.println("truth        " + truth);
        return 0;
    }
}
