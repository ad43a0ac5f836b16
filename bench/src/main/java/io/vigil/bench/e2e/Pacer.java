package io.vigil.bench.e2e;

import java.util.concurrent.locks.LockSupport;

/**
 * How the load generator waits for the next intended send time. The schedule never moves: a late wake-up
 * only makes the next sends late, and their latency is charged from the schedule.
 */
public enum Pacer
{
    /** Park while more than 200 µs are left, then yield the core until due: fair to the engine's threads. */
    YIELD,
    /** Park while more than 200 µs are left, then spin: punctual, but holds a core. */
    SPIN;

    private static final long PARK_ABOVE_NS = 200_000;
    private static final long PARK_MARGIN_NS = 100_000;

    /**
     * Waits until {@code System.nanoTime() >= deadlineNanos}.
     *
     * @param deadlineNanos the intended send time.
     * @return the time at return.
     */
    public long awaitUntil(final long deadlineNanos)
    {
        long now;
        while ((now = System.nanoTime()) < deadlineNanos)
        {
            final long left = deadlineNanos - now;
            if (left > PARK_ABOVE_NS)
            {
                LockSupport.parkNanos(left - PARK_MARGIN_NS);
            }
            else if (this == YIELD)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return now;
    }
}
