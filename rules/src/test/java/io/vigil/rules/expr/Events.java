package io.vigil.rules.expr;

import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Test events: a flyweight over its own off-heap buffer, filled with a typical transaction that tests then
 * change field by field.
 */
final class Events
{
    /** 2026-01-05T10:15:30Z. */
    static final long TS = 1_767_608_130_000L;

    private Events()
    {
    }

    /** @return a typical approved EUR card transaction of 12.34 at a grocery in Berlin. */
    static TransactionFlyweight typical()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(TransactionDescriptor.ENCODED_LENGTH));
        return new TransactionFlyweight().wrap(buffer, 0).clear()
            .id("tx-0001").tsMs(TS).card("card-42").account("acct-7").merchant("m-17").device("dev-9")
            .ip("10.0.0.1").mcc(5411).amountMinor(1234).currency("EUR").country("DE").channel(Channel.POS)
            .status(TxStatus.APPROVED).location(52.52, 13.405);
    }

    /** @return a typical transaction without location, account, device or ip. */
    static TransactionFlyweight bare()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(TransactionDescriptor.ENCODED_LENGTH));
        return new TransactionFlyweight().wrap(buffer, 0).clear()
            .id("tx-0002").tsMs(TS).card("card-42").merchant("m-17").amountMinor(500).currency("USD")
            .country("US").channel(Channel.ECOM).status(TxStatus.DECLINED);
    }

    /**
     * @param source a filter.
     * @param tx     an event.
     * @return whether the compiled filter matches it.
     */
    static boolean matches(final String source, final TransactionFlyweight tx)
    {
        return ExprCompiler.filter(source).test(tx);
    }
}
