package io.vigil.core.engine;

import io.vigil.core.event.TransactionDescriptor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, on the publishing thread, when a checkpoint barrier is due: after
 * {@link EngineConfig#checkpointIntervalEvents()} received events, or once received event time has moved
 * {@link EngineConfig#checkpointIntervalEventTimeMs()} past the last barrier's. Events replayed from the journal
 * never count, so no barrier falls inside a replay (its index would be past state not yet rebuilt).
 * Where barriers fall changes no alert: it only decides how much journal a recovery replays.
 * <p>
 * Thread contract: any publishing thread; with several producers the counters are atomic and one thread wins
 * each barrier.
 */
final class CheckpointTrigger
{
    private static final long NO_TIME = Long.MIN_VALUE;

    private final long intervalEvents;
    private final long intervalEventTimeMs;
    private final AtomicLong eventsSinceBarrier = new AtomicLong();
    private final AtomicLong lastBarrierTimeMs = new AtomicLong(NO_TIME);

    CheckpointTrigger(final long intervalEvents, final long intervalEventTimeMs)
    {
        this.intervalEvents = intervalEvents;
        this.intervalEventTimeMs = intervalEventTimeMs;
    }

    /**
     * @param slot an event about to be published.
     * @return whether a barrier should follow it.
     */
    boolean onPublish(final EventSlot slot)
    {
        if (slot.replayed || (slot.type != EventSlot.TYPE_TRANSACTION && slot.type != EventSlot.TYPE_TICK))
        {
            return false;
        }
        boolean due = false;
        if (intervalEvents > 0)
        {
            final long events = eventsSinceBarrier.incrementAndGet();
            due = events >= intervalEvents && eventsSinceBarrier.compareAndSet(events, 0);
        }
        if (intervalEventTimeMs > 0)
        {
            final long timeMs = slot.buffer().getLong(TransactionDescriptor.TS_OFFSET);
            if (timeMs != Long.MAX_VALUE)
            {
                final long last = lastBarrierTimeMs.get();
                if (last == NO_TIME)
                {
                    lastBarrierTimeMs.compareAndSet(NO_TIME, timeMs);
                }
                else if (timeMs - last >= intervalEventTimeMs && lastBarrierTimeMs.compareAndSet(last, timeMs))
                {
                    due = true;
                }
            }
        }
        if (due)
        {
            eventsSinceBarrier.set(0);
        }
        return due;
    }
}
