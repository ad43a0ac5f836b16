package io.vigil.ops.delivery;

/**
 * One endpoint's circuit breaker: after {@code failureThreshold} consecutive failed requests it opens and
 * refuses requests for {@code openMs}; then it lets one trial request through (half-open): success closes it,
 * failure opens it again. Keeps a dead endpoint from being hammered, and its alerts wait in the outbox.
 * <p>
 * Thread contract: the delivery thread only; {@link #state()} may be read from any thread.
 */
final class CircuitBreaker
{
    /** Breaker states, as metrics show them. */
    enum State
    {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int failureThreshold;
    private final long openMs;
    private int consecutiveFailures;
    private long openUntilMs;
    private volatile State state = State.CLOSED;
    private long opened;

    /**
     * @param failureThreshold consecutive failures that open it, &gt;= 1.
     * @param openMs           how long it stays open, ms.
     */
    CircuitBreaker(final int failureThreshold, final long openMs)
    {
        this.failureThreshold = failureThreshold;
        this.openMs = openMs;
    }

    /**
     * @param nowMs the clock, ms.
     * @return whether a request may be sent now (moves an open breaker whose time is up to half-open).
     */
    boolean allowRequest(final long nowMs)
    {
        if (state == State.OPEN)
        {
            if (nowMs < openUntilMs)
            {
                return false;
            }
            state = State.HALF_OPEN;
        }
        return true;
    }

    /** @return when an open breaker lets a trial request through, ms (meaningful when open). */
    long openUntilMs()
    {
        return openUntilMs;
    }

    /** A request succeeded. */
    void onSuccess()
    {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    /**
     * A request failed.
     *
     * @param nowMs the clock, ms.
     */
    void onFailure(final long nowMs)
    {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold)
        {
            state = State.OPEN;
            openUntilMs = nowMs + openMs;
            opened++;
        }
    }

    /** @return the current state. */
    State state()
    {
        return state;
    }

    /** @return how many times it has opened. */
    long timesOpened()
    {
        return opened;
    }
}
