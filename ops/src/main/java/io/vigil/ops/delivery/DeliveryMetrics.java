package io.vigil.ops.delivery;

import java.util.List;

/**
 * Delivery figures at a moment, for metrics endpoints and run summaries.
 *
 * @param appended          alerts in the outbox (ever appended to it).
 * @param duplicatesSkipped alerts not appended since start because the outbox already held them (replays).
 * @param endpoints         per endpoint, in configuration order.
 */
public record DeliveryMetrics(long appended, long duplicatesSkipped, List<EndpointMetrics> endpoints)
{
    /** @return the largest backlog of any endpoint. */
    public long maxBacklog()
    {
        long max = 0;
        for (final EndpointMetrics e : endpoints)
        {
            max = Math.max(max, e.backlog());
        }
        return max;
    }
}
