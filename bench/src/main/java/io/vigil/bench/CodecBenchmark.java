package io.vigil.bench;

import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The event codec: writing a transaction into a slot through the flyweight (what ingest does, key hashes
 * included) and reading the fields a rule reads. Run with {@code -prof gc} for B/op. Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class CodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
    private final String id = "tx-0000123456";
    private final String card = "card-00012345";
    private final String merchant = "m-000777";
    private long ts = 1_767_571_200_000L;

    /** @return the encoded time, consumed by JMH. */
    @Benchmark
    public long encode()
    {
        tx.clear().id(id).tsMs(ts++).card(card).account("acct-0001").merchant(merchant).mcc(5411)
            .amountMinor(1234).currency("EUR").country("DE").location(52.52, 13.405).channel(Channel.POS)
            .status(TxStatus.APPROVED);
        return tx.tsMs();
    }

    /** @return a mix of the fields rules read, consumed by JMH. */
    @Benchmark
    public long decode()
    {
        return tx.tsMs() + tx.amountMinor() + tx.keyHash(KeyType.CARD) + tx.currencyExponent() +
            (tx.isApproved() ? 1 : 0) + tx.idLength();
    }
}
