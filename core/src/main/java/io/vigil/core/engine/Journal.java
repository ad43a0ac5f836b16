package io.vigil.core.engine;

import org.agrona.DirectBuffer;

/**
 * Durable, ordered log of every input that changes engine state. The engine appends an event before any
 * shard sees it. Implemented by the {@code journal} module over Chronicle Queue.
 * <p>
 * Thread contract: {@link #append} is called from the journaler thread only; {@link #close} after the
 * engine has stopped.
 */
public interface Journal extends AutoCloseable
{
    /**
     * Appends one entry.
     *
     * @param type   the entry's type (see {@link EventSlot} type constants).
     * @param buffer holding the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the entry's journal index: unique and increasing.
     */
    long append(int type, DirectBuffer buffer, int offset, int length);

    /** Closes the journal; entries appended are readable afterwards. */
    @Override
    void close();
}
