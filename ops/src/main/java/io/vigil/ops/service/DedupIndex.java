package io.vigil.ops.service;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The transaction ids accepted recently, for idempotent ingest: a client that retries after a timeout gets
 * the original acknowledgement (and journal index) again, and the engine sees the transaction once.
 * <p>
 * Ids are remembered in acceptance order (the journal's order). The oldest are forgotten once their event time
 * is more than the horizon behind the newest event time accepted, or when more than {@code maxIds} are held;
 * a retry of a forgotten id is accepted as new. The set is not written anywhere of its own: on restart it is
 * rebuilt from the journal's tail ({@link DedupRebuilder}), which holds exactly the accepted transactions, so
 * it comes back the same whatever the crash.
 * <p>
 * Thread contract: guarded by the {@link IngestGate}'s lock.
 */
final class DedupIndex
{
    /** What is known of one accepted transaction. */
    static final class Entry
    {
        /** Ring sequence it was published at, or -1 when it was rebuilt from the journal. */
        final long sequence;
        final long tsMs;
        private volatile long journalIndex;

        Entry(final long sequence, final long tsMs, final long journalIndex)
        {
            this.sequence = sequence;
            this.tsMs = tsMs;
            this.journalIndex = journalIndex;
        }

        /** @return its journal index, or -1 while not yet known. */
        long journalIndex()
        {
            return journalIndex;
        }

        void journalIndex(final long index)
        {
            this.journalIndex = index;
        }
    }

    private final long horizonMs;
    private final int maxIds;
    private final Map<String, Entry> byId = new HashMap<>();
    private final ArrayDeque<String> order = new ArrayDeque<>();
    private final ArrayDeque<Entry> orderEntries = new ArrayDeque<>();
    private long newestTsMs = Long.MIN_VALUE;
    private long forgotten;

    /**
     * @param horizonMs event-time horizon, ms.
     * @param maxIds    most ids held; 0 turns deduplication off.
     */
    DedupIndex(final long horizonMs, final int maxIds)
    {
        this.horizonMs = horizonMs;
        this.maxIds = maxIds;
    }

    /** @return the accepted transaction with this id, or null. */
    Entry get(final String id)
    {
        return maxIds == 0 ? null : byId.get(id);
    }

    /** Remembers an accepted transaction and forgets what fell out of the horizon. */
    void put(final String id, final Entry entry)
    {
        if (maxIds == 0)
        {
            return;
        }
        byId.put(id, entry);
        order.addLast(id);
        orderEntries.addLast(entry);
        if (entry.tsMs > newestTsMs)
        {
            newestTsMs = entry.tsMs;
        }
        while (!order.isEmpty() &&
            (order.size() > maxIds || orderEntries.peekFirst().tsMs < newestTsMs - horizonMs))
        {
            final String oldest = order.pollFirst();
            final Entry oldestEntry = orderEntries.pollFirst();
            if (byId.get(oldest) == oldestEntry)
            {
                byId.remove(oldest);
            }
            forgotten++;
        }
    }

    /** @return ids held. */
    int size()
    {
        return byId.size();
    }

    /** @return ids forgotten since start (out of the horizon or over the limit). */
    long forgotten()
    {
        return forgotten;
    }
}
