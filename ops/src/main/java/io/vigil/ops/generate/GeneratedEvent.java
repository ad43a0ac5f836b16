package io.vigil.ops.generate;

import io.vigil.core.event.EventKind;
import io.vigil.core.event.TransactionFlyweight;

/**
 * One generated event of any {@link EventKind}: a {@link GeneratedTransaction} or a {@link ContextEvent}.
 * Immutable, safe to share between threads.
 */
public interface GeneratedEvent
{
    /** @return the event's id, unique in its generation. */
    String id();

    /** @return event time, epoch ms. */
    long tsMs();

    /** @return what kind of event this is. */
    EventKind kind();

    /**
     * Writes the event into an event slot: clears it, then sets every field (and so every key hash).
     *
     * @param flyweight wrapped over the destination.
     * @return the flyweight.
     */
    TransactionFlyweight encodeTo(TransactionFlyweight flyweight);
}
