package io.vigil.core.engine;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every error and prints each distinct one (by component, type and message) once, with its stack
 * trace, to a stream (standard error by default). Thread safe.
 */
public final class DistinctErrorCounter implements ErrorHandler
{
    private final ConcurrentHashMap<String, AtomicLong> byKind = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final PrintStream out;

    /** Prints to standard error. */
    public DistinctErrorCounter()
    {
        this(System.err);
    }

    /**
     * @param out where to print the first occurrence of each distinct error.
     */
    public DistinctErrorCounter(final PrintStream out)
    {
        this.out = out;
    }

    @Override
    public void onError(final String where, final long sequence, final Throwable error)
    {
        total.incrementAndGet();
        final String kind = where + ": " + error.getClass().getName() + ": " + error.getMessage();
        final AtomicLong count = byKind.computeIfAbsent(kind, k -> new AtomicLong());
        if (count.getAndIncrement() == 0)
        {
            synchronized (out)
            {
                out.println("vigil: error in " + where + " at sequence " + sequence +
                    " (further errors of this kind are counted, not printed)");
                error.printStackTrace(out);
            }
        }
    }

    /** @return errors seen in total. */
    public long total()
    {
        return total.get();
    }

    /** @return distinct kinds of error seen. */
    public int distinct()
    {
        return byKind.size();
    }
}
