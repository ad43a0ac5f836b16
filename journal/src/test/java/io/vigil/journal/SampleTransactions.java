package io.vigil.journal;

import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Real encoded transactions for journal tests: {@code count} of them, back to back in one off-heap buffer,
 * with fields that vary from one to the next (ids, keys of varying length, amounts, locations, enums).
 */
final class SampleTransactions
{
    static final int LENGTH = TransactionDescriptor.ENCODED_LENGTH;

    private static final String[] CURRENCIES = {"USD", "EUR", "JPY", "GBP", "KWD"};
    private static final String[] COUNTRIES = {"US", "FR", "JP", "GB", "KW", "DE"};
    private static final Channel[] CHANNELS = Channel.values();

    private final UnsafeBuffer buffer;
    private final int count;

    SampleTransactions(final int count, final long seed)
    {
        this.count = count;
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(count * LENGTH));
        final SplittableRandom random = new SplittableRandom(seed);
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (int i = 0; i < count; i++)
        {
            tx.wrap(buffer, offset(i)).clear()
                .id("tx-" + seed + "-" + i + "-" + "x".repeat(random.nextInt(20)))
                .tsMs(1_767_571_200_000L + i * 250L + random.nextInt(1_000))
                .card("card-" + random.nextInt(5_000))
                .account(random.nextBoolean() ? "acc-" + random.nextInt(900) : "")
                .merchant("m-" + random.nextInt(300))
                .device(random.nextInt(4) == 0 ? "" : "dev-" + Long.toHexString(random.nextLong()))
                .ip(random.nextBoolean() ? "10." + random.nextInt(256) + ".0." + random.nextInt(256) : "")
                .mcc(random.nextInt(10_000))
                .amountMinor(random.nextLong(0, 10_000_000L))
                .currency(CURRENCIES[random.nextInt(CURRENCIES.length)])
                .country(COUNTRIES[random.nextInt(COUNTRIES.length)])
                .channel(CHANNELS[random.nextInt(CHANNELS.length)])
                .status(random.nextInt(10) == 0 ? TxStatus.DECLINED : TxStatus.APPROVED);
            if (random.nextBoolean())
            {
                tx.location(random.nextDouble(-90, 90), random.nextDouble(-180, 180));
            }
        }
    }

    /** @return the buffer holding all transactions. */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /** @return number of transactions. */
    int count()
    {
        return count;
    }

    /**
     * @param i which transaction.
     * @return its offset in {@link #buffer()}.
     */
    static int offset(final int i)
    {
        return i * LENGTH;
    }

    /**
     * Appends transactions {@code from} (inclusive) to {@code to} (exclusive) to the journal in {@code dir},
     * opening and closing it.
     *
     * @return the indexes append returned, in order.
     */
    long[] appendTo(final Path dir, final int from, final int to)
    {
        final long[] indexes = new long[to - from];
        try (ChronicleJournal journal = ChronicleJournal.open(dir))
        {
            for (int i = from; i < to; i++)
            {
                indexes[i - from] = journal.append(EventSlot.TYPE_TRANSACTION, buffer, offset(i), LENGTH);
            }
        }
        return indexes;
    }

    /**
     * @param i which transaction.
     * @return a copy of its bytes.
     */
    byte[] bytes(final int i)
    {
        final byte[] copy = new byte[LENGTH];
        buffer.getBytes(offset(i), copy);
        return copy;
    }
}
