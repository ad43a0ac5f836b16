package io.vigil.rules;

/**
 * The event-time clock of one shard, shared by its rule program, key groups and rule states: the highest
 * event time seen and the watermark. Written by the program only; read by rules (a late event is one whose
 * time is below {@link #watermarkMs()} minus the rule's allowed lateness).
 * <p>
 * Thread contract: owned by one shard thread.
 */
public final class ShardClock
{
    long maxEventTimeMs = Long.MIN_VALUE;
    long watermarkMs = Long.MIN_VALUE;

    /** @return the highest event time seen, epoch ms, or {@code Long.MIN_VALUE}. */
    public long maxEventTimeMs()
    {
        return maxEventTimeMs;
    }

    /** @return the watermark, epoch ms, or {@code Long.MIN_VALUE} before the first event. */
    public long watermarkMs()
    {
        return watermarkMs;
    }
}
