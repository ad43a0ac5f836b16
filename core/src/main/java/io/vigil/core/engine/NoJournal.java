package io.vigil.core.engine;

import org.agrona.DirectBuffer;

/**
 * A journal that keeps nothing and numbers entries 0, 1, 2, ...: for backtests run without
 * {@code --journal}, where the input file itself is the record.
 */
public final class NoJournal implements Journal
{
    private long next;

    @Override
    public long append(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return next++;
    }

    @Override
    public void close()
    {
    }
}
