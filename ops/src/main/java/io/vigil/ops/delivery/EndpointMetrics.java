package io.vigil.ops.delivery;

/**
 * One endpoint's delivery figures at a moment. Counters run since the delivery started (this process).
 *
 * @param name           the endpoint.
 * @param backlog        alerts in the outbox this endpoint has still to finish (deliver, dead-letter or skip by
 *                       its filter), re-drives included: the queue a slow or dead endpoint grows, on disk.
 * @param delivered      alerts accepted (2xx), re-drives included.
 * @param failedAttempts requests that failed (non-2xx, timeout, connection error).
 * @param deadLettered   alerts given up on.
 * @param inFlight       whether a request is under way.
 * @param breaker        the circuit breaker's state: CLOSED, OPEN or HALF_OPEN.
 * @param breakerOpened  how many times the breaker opened.
 * @param lastError      the last failure, or "" if none.
 */
public record EndpointMetrics(String name, long backlog, long delivered, long failedAttempts, long deadLettered,
    boolean inFlight, String breaker, long breakerOpened, String lastError)
{
}
