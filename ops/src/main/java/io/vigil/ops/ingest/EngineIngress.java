package io.vigil.ops.ingest;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;

/**
 * Copies a parsed transaction into the engine's ring: claim (waiting while the ring is full: back-pressure,
 * never a drop), copy, stamp the receipt time for latency measurement, publish.
 * <p>
 * Thread contract: one instance per producer thread.
 */
public final class EngineIngress implements JsonLinesReader.Consumer
{
    private final Engine engine;

    /**
     * @param engine a started engine.
     */
    public EngineIngress(final Engine engine)
    {
        this.engine = engine;
    }

    @Override
    public void accept(final TransactionFlyweight tx)
    {
        final long sequence = engine.claim();
        final EventSlot slot = engine.slot(sequence);
        tx.copyTo(slot.buffer(), 0);
        slot.transaction(System.nanoTime());
        engine.publish(sequence);
    }
}
