package io.vigil.ops.delivery;

import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again, and when it is given up (dead-lettered): exponential backoff with
 * full jitter (a wait drawn uniformly in [0, min(maxBackoffMs, initialBackoffMs * 2^(attempt-1))]), at most
 * {@code maxAttempts} attempts, and no attempt once the alert is older than {@code maxAgeMs}. Immutable.
 *
 * @param maxAttempts      attempts before dead-lettering, &gt;= 1.
 * @param maxAgeMs         age (since the alert entered the outbox) after which a failure dead-letters it, ms.
 * @param initialBackoffMs the cap of the first wait, ms, &gt;= 1.
 * @param maxBackoffMs     the largest cap, ms, &gt;= initialBackoffMs.
 */
public record RetryPolicy(int maxAttempts, long maxAgeMs, long initialBackoffMs, long maxBackoffMs)
{
    /** The defaults: 12 attempts, 24 h, waits from 1 s doubling up to 10 min. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(12, 24 * 3_600_000L, 1_000, 600_000);

    /** Checks the ranges. */
    public RetryPolicy
    {
        if (maxAttempts < 1 || maxAgeMs < 1 || initialBackoffMs < 1 || maxBackoffMs < initialBackoffMs)
        {
            throw new IllegalArgumentException("retry policy: expected max-attempts >= 1, max-age > 0 and "
                + "0 < initial-backoff <= max-backoff, found " + this);
        }
    }

    /**
     * @param failedAttempts attempts made so far, all failed, &gt;= 1.
     * @param random         jitter source (delivery is outside the engine's state, so any random will do).
     * @return how long to wait before the next attempt, ms.
     */
    public long backoffMs(final int failedAttempts, final RandomGenerator random)
    {
        final int shift = Math.min(Math.max(failedAttempts - 1, 0), 40);
        final long cap = Math.min(maxBackoffMs, initialBackoffMs << shift);
        return random.nextLong(cap + 1);
    }

    /**
     * @param attemptsMade attempts made, all failed.
     * @param ageMs        age of the oldest alert concerned, ms.
     * @return whether to give up (dead-letter) rather than retry.
     */
    public boolean exhausted(final int attemptsMade, final long ageMs)
    {
        return attemptsMade >= maxAttempts || ageMs >= maxAgeMs;
    }
}
