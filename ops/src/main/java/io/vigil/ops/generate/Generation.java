package io.vigil.ops.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Runs a whole generation to files: the events as JSON Lines ({@link TransactionJsonWriter}: transactions, and
 * with {@link GeneratorConfig#context()} every other kind, from {@link ContextTraffic}) and the injected cases as
 * JSON Lines ({@link TruthWriter}), written once the last event is out.
 */
public final class Generation
{
    private Generation()
    {
    }

    /**
     * @param config   what to generate.
     * @param txOut    transactions file, created or replaced (its directory too, if missing).
     * @param truthOut ground-truth file, created or replaced.
     * @return counts of what was written.
     * @throws IOException if a file cannot be written.
     */
    public static GenerationSummary writeFiles(final GeneratorConfig config, final Path txOut, final Path truthOut)
        throws IOException
    {
        createParent(txOut);
        createParent(truthOut);
        try (OutputStream tx = Files.newOutputStream(txOut);
            OutputStream truth = Files.newOutputStream(truthOut))
        {
            return write(config, tx, truth);
        }
    }

    /**
     * @param config   what to generate.
     * @param txOut    where the transactions go; flushed, not closed.
     * @param truthOut where the truth goes; flushed, not closed.
     * @return counts of what was written.
     * @throws IOException from the streams.
     */
    public static GenerationSummary write(final GeneratorConfig config, final OutputStream txOut,
        final OutputStream truthOut) throws IOException
    {
        final TransactionJsonWriter txWriter = new TransactionJsonWriter(txOut);
        final Iterator<? extends GeneratedEvent> events;
        final TrafficGenerator traffic;
        final ContextTraffic context;
        if (config.context())
        {
            context = new ContextTraffic(config);
            traffic = context.traffic();
            events = context;
        }
        else
        {
            context = null;
            traffic = new TrafficGenerator(config);
            events = traffic;
        }
        long written = 0;
        long others = 0;
        long declined = 0;
        long first = 0;
        long last = 0;
        while (events.hasNext())
        {
            final GeneratedEvent event = events.next();
            if (event instanceof GeneratedTransaction tx)
            {
                if (!tx.isApproved())
                {
                    declined++;
                }
                txWriter.write(tx);
            }
            else
            {
                others++;
                txWriter.write((ContextEvent)event);
            }
            if (++written == 1)
            {
                first = event.tsMs();
            }
            last = event.tsMs();
        }
        txWriter.flush();

        final TruthWriter truthWriter = new TruthWriter(truthOut);
        final Map<FraudType, Integer> byType = new EnumMap<>(FraudType.class);
        for (final FraudType type : FraudType.values())
        {
            if (!type.contextual() || config.context())
            {
                byType.put(type, 0);
            }
        }
        long injected = traffic.injectedTransactionCount();
        for (final TruthCase c : context != null ? context.truthCases() : traffic.truthCases())
        {
            truthWriter.write(c);
            byType.merge(c.type(), 1, Integer::sum);
            injected += c.type().contextual() ? c.txIds().size() : 0;
        }
        truthWriter.flush();
        return new GenerationSummary(written, injected, declined, first, last, Collections.unmodifiableMap(byType),
            others);
    }

    private static void createParent(final Path file) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
    }
}
