package io.vigil.bench.peer;

/**
 * The peer's copy of the generated block, handed to its source through a static field (the mini-cluster runs
 * in this JVM, and shipping half a million transactions inside the job graph would only measure
 * serialisation), and the times its source reports. One peer run at a time.
 */
public final class PeerBlock
{
    private static volatile PeerTx[] block;
    private static volatile long spanMs;
    private static volatile long measureStartNanos;
    private static volatile long lastIntendedNanos;

    private PeerBlock()
    {
    }

    /**
     * @param txs    the block, in event-time order.
     * @param span   its event-time span, ms (each lap shifts by it).
     */
    public static void set(final PeerTx[] txs, final long span)
    {
        block = txs;
        spanMs = span;
    }

    static PeerTx[] block()
    {
        return block;
    }

    static long spanMs()
    {
        return spanMs;
    }

    static void measureStart(final long nanos)
    {
        measureStartNanos = nanos;
    }

    static long measureStart()
    {
        return measureStartNanos;
    }

    static void lastIntended(final long nanos)
    {
        lastIntendedNanos = nanos;
    }

    static long lastIntended()
    {
        return lastIntendedNanos;
    }
}
