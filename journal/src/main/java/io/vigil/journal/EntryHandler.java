package io.vigil.journal;

import org.agrona.DirectBuffer;

/**
 * Receives journal entries from a {@link JournalReader}, one call per entry, in index order.
 * <p>
 * Thread contract: called on the thread that called {@link JournalReader#read}. The buffer is a view of the
 * journal itself, valid only during the call and not to be written: copy what must outlive it.
 */
@FunctionalInterface
public interface EntryHandler
{
    /**
     * @param index  the entry's journal index, as {@link ChronicleJournal#append} returned it.
     * @param type   the entry type, as appended.
     * @param buffer holding the payload, read-only, valid during this call only.
     * @param offset first payload byte in {@code buffer}.
     * @param length payload bytes.
     */
    void onEntry(long index, int type, DirectBuffer buffer, int offset, int length);
}
