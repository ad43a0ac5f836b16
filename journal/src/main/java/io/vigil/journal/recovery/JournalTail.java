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
        long index = fromIndex;
        for (int steps = 0; ; steps++, index--)
        {
            if (first < 0 || index < first)
            {
                return new Object[] {null, endOfInput}; // walked back to the journal's start: no transaction
            }
            if (steps >= MAX_STEPS || !readAt(reader, index))
            {
                return null; // too far, or a cycle boundary (indexes jump): the caller reads forward instead
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
    }

    /**
     * Reads the whole journal forward for its last transaction and whether a final tick ends it: the fallback
     * when walking back stops at a cycle boundary. Linear in the journal's length.
     *
     * @return {id or null, endOfInput}.
     */
    Object[] lastTransactionForward(final JournalReader reader)
    {
        final long[] last = {-1};
        final boolean[] end = {false};
        reader.moveToStart();
        while (true)
        {
            try
            {
                if (reader.read((index, entryType, buffer, offset, length) ->
                {
                    if (entryType == EventSlot.TYPE_TRANSACTION)
                    {
                        last[0] = index;
                        end[0] = false;
                    }
                    else if (entryType == EventSlot.TYPE_TICK)
                    {
                        end[0] = buffer.getLong(offset) == Long.MAX_VALUE;
                    }
                }, 4096) == 0)
                {
                    break;
                }
            }
            catch (final IllegalStateException ex)
            {
                if (!reader.moveToIndex(reader.position() + 1))
                {
                    break;
                }
            }
        }
        return new Object[] {last[0] < 0 ? null : transactionIdAt(reader, last[0]), end[0]};
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
