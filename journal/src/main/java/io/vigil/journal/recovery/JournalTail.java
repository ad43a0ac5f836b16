package io.vigil.journal.recovery;

import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;

/**
 * Answers where ingest should resume, from the journal alone: the id of the last journaled transaction and
 * whether a final tick ended the input. Reads single entries by index, walking back from a given index within
 * its cycle (indexes are consecutive inside a cycle) for at most {@link #MAX_STEPS} entries.
 * <p>
 * Thread contract: the thread that owns the reader.
 */
final class JournalTail
{
    static final int MAX_STEPS = 1_000_000;

    private final TransactionFlyweight tx = new TransactionFlyweight();
    private final org.agrona.concurrent.UnsafeBuffer copy =
        new org.agrona.concurrent.UnsafeBuffer(new byte[io.vigil.core.event.TransactionDescriptor.ENCODED_LENGTH]);
    private String transactionId;
    private int type;
    private long tickMs;

    /**
     * @param reader     the journal.
     * @param index      an entry's index.
     * @return the id of the transaction at {@code index}, or null if that entry is not a transaction.
     */
    String transactionIdAt(final JournalReader reader, final long index)
    {
        return readAt(reader, index) && type == EventSlot.TYPE_TRANSACTION ? transactionId : null;
    }

    /**
     * Walks back from {@code fromIndex} (inclusive) to the last transaction, skipping checkpoint barriers.
     *
     * @return {id or null, endOfInput} where endOfInput tells whether the newest non-barrier entry is a final tick.
     */
    Object[] lastTransactionBefore(final JournalReader reader, final long fromIndex)
    {
        boolean newestSeen = false;
        boolean endOfInput = false;
        final long first = reader.firstIndex();
        for (long index = fromIndex, steps = 0; index >= first && index >= 0 && steps < MAX_STEPS; index--, steps++)
        {
            if (!readAt(reader, index))
            {
                break;
            }
            if (type == EventSlot.TYPE_CHECKPOINT || type == EventSlot.TYPE_PROGRAM)
            {
                continue;
            }
            if (!newestSeen)
            {
                newestSeen = true;
                endOfInput = type == EventSlot.TYPE_TICK && tickMs == Long.MAX_VALUE;
            }
            if (type == EventSlot.TYPE_TRANSACTION)
            {
                return new Object[] {transactionId, endOfInput};
            }
        }
        return new Object[] {null, endOfInput};
    }

    private boolean readAt(final JournalReader reader, final long index)
    {
        if (!reader.moveToIndex(index))
        {
            return false;
        }
        type = -1;
        try
        {
            return readOne(reader);
        }
        catch (final IllegalStateException ex)
        {
            return true; // a damaged entry: neither a transaction nor a tick
        }
    }

    private boolean readOne(final JournalReader reader)
    {
        return reader.read((i, entryType, buffer, offset, length) ->
        {
            type = entryType;
            if (entryType == EventSlot.TYPE_TRANSACTION)
            {
                copy.putBytes(0, buffer, offset, Math.min(length, copy.capacity()));
                transactionId = tx.wrap(copy, 0).id();
            }
            else if (entryType == EventSlot.TYPE_TICK)
            {
                tickMs = buffer.getLong(offset);
            }
        }, 1) == 1;
    }
}
