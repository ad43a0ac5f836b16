package io.vigil.core.time;

/**
 * Event-time watermark of one source: the highest event time seen minus the out-of-orderness bound.
 * An event is late when its time is below the watermark minus the allowed lateness.
 * <p>
 * Thread contract: one writer (the shard or journaler that owns it); not thread safe.
 */
public final class WatermarkTracker
{
    /** Watermark before any event: nothing is late. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    private final long outOfOrdernessMs;
    private final long allowedLatenessMs;
    private long maxEventTimeMs = Long.MIN_VALUE;

    /**
     * @param outOfOrdernessMs  how far behind the newest event an event may arrive and still be on time.
     * @param allowedLatenessMs how far behind the watermark an event may arrive and still be applied.
     */
    public WatermarkTracker(final long outOfOrdernessMs, final long allowedLatenessMs)
    {
        if (outOfOrdernessMs < 0 || allowedLatenessMs < 0)
        {
            throw new IllegalArgumentException("out-of-orderness and allowed lateness must be >= 0 ms");
        }
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    /**
     * Observes an event time.
     *
     * @param eventTimeMs the event's time.
     * @return whether the event is late (it does not move the watermark then).
     */
    public boolean onEvent(final long eventTimeMs)
    {
        if (isLate(eventTimeMs))
        {
            return true;
        }
        if (eventTimeMs > maxEventTimeMs)
        {
            maxEventTimeMs = eventTimeMs;
        }
        return false;
    }

    /**
     * @param eventTimeMs an event time.
     * @return whether an event with that time would be late now.
     */
    public boolean isLate(final long eventTimeMs)
    {
        final long wm = watermarkMs();
        return wm != NO_WATERMARK && eventTimeMs < wm - allowedLatenessMs;
    }

    /** @return the current watermark, epoch ms, or {@link #NO_WATERMARK} before the first event. */
    public long watermarkMs()
    {
        return maxEventTimeMs == Long.MIN_VALUE ? NO_WATERMARK : maxEventTimeMs - outOfOrdernessMs;
    }

    /** @return the highest event time seen, or {@code Long.MIN_VALUE}. */
    public long maxEventTimeMs()
    {
        return maxEventTimeMs;
    }
}
