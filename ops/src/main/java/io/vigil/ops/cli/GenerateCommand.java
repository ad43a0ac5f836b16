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
    description = "Write synthetic card traffic with injected fraud cases (deterministic for a seed); with "
        + "--context, also profiles, account events and reference entries.")
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

    @Option(names = "--context", description = "Also generate the events the join rules read, interleaved in "
        + "event time: card profiles (home country, limit, status), merchant profiles (category, risk), account "
        + "profiles (customer risk), account events (logins, device changes, password resets, address changes), "
        + "reference entries (sanctioned countries, blocked BINs), and the contextual fraud cases "
        + "(blocked-card-used, abroad-large-vs-home, high-risk-merchant-large, sanctioned-country, "
        + "takeover-reset-then-spend, high-risk-customer-large). The transactions without it stay as they are; "
        + "--events counts them, context comes on top. Default: off.")
    boolean context;

    @Option(names = "--context-per-million", description = "With --context: contextual fraud cases per million "
        + "events, split evenly over the six types (default: 120).")
    Double contextPerMillion;

    @Option(names = "--account-events-per-day", description = "With --context: account events (mostly logins) "
        + "per account per day (default: 0.5).")
    Double accountEventsPerDay;

    @Option(names = "--profile-updates-per-day", description = "With --context: card profile updates (a new "
        + "limit) per card per day (default: 0.02).")
    Double profileUpdatesPerDay;

    @Option(names = "--out", required = true, description = "Events file (JSON Lines): transactions, and with "
        + "--context every other kind.")
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
            builder.context(context);
            if (contextPerMillion != null)
            {
                builder.contextCasesPerMillion(contextPerMillion);
            }
            if (accountEventsPerDay != null)
            {
                builder.accountEventsPerDay(accountEventsPerDay);
            }
            if (profileUpdatesPerDay != null)
            {
                builder.profileUpdatesPerDay(profileUpdatesPerDay);
            }
            if (!context && (contextPerMillion != null || accountEventsPerDay != null || profileUpdatesPerDay != null))
            {
                throw new IllegalArgumentException("--context-per-million, --account-events-per-day and "
                    + "--profile-updates-per-day need --context");
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
            summary.events() - summary.contextEvents(), cards, seconds, summary.events() / seconds, seed);
        if (context)
        {
            o.printf(Locale.ROOT, "context      %,d other events (profiles, account events, reference entries)%n",
                summary.contextEvents());
        }
        o.printf(Locale.ROOT, "declined     %.2f%%%n", 100 * summary.declineRate());
        o.printf(Locale.ROOT, "injected     %,d cases:%n", summary.totalCases());
        for (final FraudType type : summary.casesByType().keySet())
        {
            o.printf(Locale.ROOT, "  %-25s %,d%n", type.wireName(), summary.casesByType().getOrDefault(type, 0));
        }
        o.println("transactions " + out);
        o.println("truth        " + truth);
        return 0;
    }
}
