package io.vigil.bench.e2e;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Consumer;

/**
 * A block of generated transactions (with injected fraud) encoded back to back off-heap, so the load
 * generator copies 336 bytes per event and generates nothing while it paces. Longer runs replay the block in
 * laps; each lap shifts event times by the block's span so time keeps moving forward, as in a live stream.
 * <p>
 * Thread contract: built on one thread, then read by one producer thread.
 */
public final class EncodedStream
{
    private static final int LENGTH = TransactionDescriptor.ENCODED_LENGTH;

    private final UnsafeBuffer buffer;
    private final int count;
    private final long spanMs;
    private final TransactionFlyweight tx = new TransactionFlyweight();

    private EncodedStream(final UnsafeBuffer buffer, final int count, final long spanMs)
    {
        this.buffer = buffer;
        this.count = count;
        this.spanMs = spanMs;
    }

    /**
     * Generates and encodes a block.
     *
     * @param config  what to generate ({@link GeneratorConfig#events()} events, at most 2^22).
     * @param visitor also sees each generated transaction in order (for a peer's copy of the stream), or null.
     * @return the block.
     */
    public static EncodedStream generate(final GeneratorConfig config, final Consumer<GeneratedTransaction> visitor)
    {
        if (config.events() > (1 << 22))
        {
            throw new IllegalArgumentException("events: expected at most 4194304 in one block, found " +
                config.events());
        }
        final int count = (int)config.events();
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * LENGTH, 64));
        final TrafficGenerator generator = new TrafficGenerator(config);
        final TransactionFlyweight tx = new TransactionFlyweight();
        long first = 0;
        long last = 0;
        for (int i = 0; i < count; i++)
        {
            final GeneratedTransaction g = generator.next();
            g.encodeTo(tx.wrap(buffer, i * LENGTH));
            if (visitor != null)
            {
                visitor.accept(g);
            }
            if (i == 0)
            {
                first = g.tsMs();
            }
            last = g.tsMs();
        }
        return new EncodedStream(buffer, count, last - first + 1);
    }

    /** @return transactions in one lap. */
    public int count()
    {
        return count;
    }

    /** @return event-time span of one lap, ms: lap {@code n} is shifted by {@code n} times this. */
    public long spanMs()
    {
        return spanMs;
    }

    /**
     * Copies the {@code sequence}-th transaction of the endless stream into {@code dst} at offset 0.
     *
     * @param sequence position in the stream, from 0; lap = sequence / count.
     * @param dst      where to write {@link TransactionDescriptor#ENCODED_LENGTH} bytes.
     */
    public void copyTo(final long sequence, final MutableDirectBuffer dst)
    {
        final long lap = sequence / count;
        final int index = (int)(sequence - lap * count);
        dst.putBytes(0, buffer, index * LENGTH, LENGTH);
        if (lap > 0)
        {
            tx.wrap(dst, 0);
            tx.tsMs(tx.tsMs() + lap * spanMs);
        }
    }
}
