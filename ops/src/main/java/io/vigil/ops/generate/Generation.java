package io.vigil.ops.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Runs a whole generation to files: the transactions as JSON Lines ({@link TransactionJsonWriter}) and the
 * injected cases as JSON Lines ({@link TruthWriter}), written once the last transaction is out.
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
        final TrafficGenerator generator = new TrafficGenerator(config);
        final TransactionJsonWriter txWriter = new TransactionJsonWriter(txOut);
        long declined = 0;
        long first = 0;
        long last = 0;
        while (generator.hasNext())
        {
            final GeneratedTransaction tx = generator.next();
            if (!tx.isApproved())
            {
                declined++;
            }
            if (generator.emitted() == 1)
            {
                first = tx.tsMs();
            }
            last = tx.tsMs();
            txWriter.write(tx);
        }
        txWriter.flush();

        final TruthWriter truthWriter = new TruthWriter(truthOut);
        final Map<FraudType, Integer> byType = new EnumMap<>(FraudType.class);
        for (final FraudType type : FraudType.values())
        {
            byType.put(type, 0);
        }
        for (final TruthCase c : generator.truthCases())
        {
            truthWriter.write(c);
            byType.merge(c.type(), 1, Integer::sum);
        }
        truthWriter.flush();
        return new GenerationSummary(generator.emitted(), generator.injectedTransactionCount(), declined, first, last,
            Collections.unmodifiableMap(byType));
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
