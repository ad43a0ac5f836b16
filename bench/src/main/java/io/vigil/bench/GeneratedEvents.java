package io.vigil.bench;

import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A block of generated transactions encoded back to back off-heap, replayed in a loop by benchmarks. Each lap
 * shifts event times by the block's span so time keeps moving forward, as in a live stream.
 */
final class GeneratedEvents
{
    private final UnsafeBuffer buffer;
    private final int count;
    private final long spanMs;
    private final TransactionFlyweight tx = new TransactionFlyweight();
    private int next;
    private long lapOffsetMs;

    GeneratedEvents(final int count, final int cards, final long seed)
    {
        this.count = count;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(count * TransactionDescriptor.ENCODED_LENGTH, 64));
        final TrafficGenerator generator = new TrafficGenerator(
            GeneratorConfig.builder().events(count).cards(cards).seed(seed).build());
        long first = 0;
        long last = 0;
        for (int i = 0; i < count; i++)
        {
            generator.next().encodeTo(tx.wrap(buffer, i * TransactionDescriptor.ENCODED_LENGTH));
            if (i == 0)
            {
                first = tx.tsMs();
            }
            last = tx.tsMs();
        }
        this.spanMs = last - first + 1;
    }

    /**
     * @return the next event, its time shifted to the current lap; valid until the next call.
     */
    TransactionFlyweight next()
    {
        if (next == count)
        {
            next = 0;
            lapOffsetMs += spanMs;
            for (int i = 0; i < count; i++)
            {
                tx.wrap(buffer, i * TransactionDescriptor.ENCODED_LENGTH);
                tx.tsMs(tx.tsMs() + spanMs);
            }
        }
        return tx.wrap(buffer, (next++) * TransactionDescriptor.ENCODED_LENGTH);
    }

    int count()
    {
        return count;
    }
}
