package io.vigil.bench.peer;

import io.vigil.bench.e2e.Pacer;
import org.apache.flink.streaming.api.functions.source.legacy.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The peer's input: the same transactions, in the same order, on the same open-model schedule as Vigil's
 * load generator (transaction {@code i} due at {@code start + i / rate}, stamped with that intended time), or
 * flat out when the rate is 0. Event time is the transaction's; the watermark after each transaction is the
 * next one's time minus 1 ms (the source knows it: the stream is in event-time order), the freshest watermark
 * that is still correct, so Flink CEP holds nothing back longer than it must.
 * <p>
 * Reads its block from {@link PeerBlock} (same JVM: the mini-cluster runs in-process). Parallelism 1.
 */
public final class PacedSource implements SourceFunction<PeerTx>
{
    private static final long serialVersionUID = 1L;

    private final long ratePerSec;
    private final long warmupEvents;
    private final long events;
    private final Pacer pacer;
    private volatile boolean running = true;

    /**
     * @param ratePerSec   offered rate, transactions/s; 0 for as fast as possible.
     * @param warmupEvents sent first; latencies reset after them.
     * @param events       sent after the warm-up.
     * @param pacer        how to wait for an intended time.
     */
    public PacedSource(final long ratePerSec, final long warmupEvents, final long events, final Pacer pacer)
    {
        this.ratePerSec = ratePerSec;
        this.warmupEvents = warmupEvents;
        this.events = events;
        this.pacer = pacer;
    }

    @Override
    public void run(final SourceContext<PeerTx> ctx)
    {
        final PeerTx[] block = PeerBlock.block();
        final long spanMs = PeerBlock.spanMs();
        final long total = warmupEvents + events;
        final long startNs = System.nanoTime() + 1_000_000;
        long watermark = Long.MIN_VALUE;
        for (long i = 0; i < total && running; i++)
        {
            final long intendedNs = ratePerSec > 0 ? startNs + i * 1_000_000_000L / ratePerSec : System.nanoTime();
            if (i == warmupEvents)
            {
                PeerProbe.measureFrom(i);
                PeerBlock.measureStart(intendedNs);
            }
            if (ratePerSec > 0)
            {
                pacer.awaitUntil(intendedNs);
            }
            final PeerTx tx = at(block, spanMs, i, intendedNs);
            final long nextTs = tsAt(block, spanMs, i + 1);
            synchronized (ctx.getCheckpointLock())
            {
                ctx.collectWithTimestamp(tx, tx.tsMs);
                if (i + 1 < total && nextTs - 1 > watermark)
                {
                    watermark = nextTs - 1;
                    ctx.emitWatermark(new Watermark(watermark));
                }
            }
        }
        PeerBlock.lastIntended(ratePerSec > 0 ? startNs + (total - 1) * 1_000_000_000L / ratePerSec : 0);
    }

    private static PeerTx at(final PeerTx[] block, final long spanMs, final long i, final long intendedNs)
    {
        final long lap = i / block.length;
        return block[(int)(i - lap * block.length)].copy(lap * spanMs, intendedNs, i);
    }

    private static long tsAt(final PeerTx[] block, final long spanMs, final long i)
    {
        final long lap = i / block.length;
        return block[(int)(i - lap * block.length)].tsMs + lap * spanMs;
    }

    @Override
    public void cancel()
    {
        running = false;
    }
}
