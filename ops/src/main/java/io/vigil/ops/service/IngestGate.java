package io.vigil.ops.service;

import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Where HTTP ingest enters the engine: deduplicates by transaction id, claims ring slots, copies the parsed
 * transactions in, publishes, then waits until the journaler has passed them and reports each one's journal
 * index. An acknowledgement therefore always means "journaled".
 * <p>
 * A batch is offered under one lock (deduplication and claiming must agree on order; the critical section
 * only copies 336 bytes per transaction). When the ring stays full for {@value #FULL_RING_WAIT_MS} ms the
 * offer stops: the transactions published so far are accepted and journaled as usual, the caller answers
 * 429, and the client resends the whole request, whose accepted part is then deduplicated.
 * <p>
 * Thread contract: any number of request threads.
 */
public final class IngestGate
{
    /** How long an offer waits for room in a full ring before giving up with {@link Outcome#RING_FULL}. */
    static final long FULL_RING_WAIT_MS = 20;

    /** How an offer ended. */
    public enum Outcome
    {
        /** Every transaction is journaled (or was already): {@link Offer#journalIndexes} are set. */
        ACCEPTED,
        /** The ring stayed full: some transactions may have been accepted; resend the whole batch. */
        RING_FULL,
        /** Published but not journaled within the ack timeout: resend later (deduplicated). */
        NOT_JOURNALED_IN_TIME,
        /** The engine has failed or is stopping. */
        UNAVAILABLE
    }

    /** The result of one offer, index by index with the batch. */
    public static final class Offer
    {
        Outcome outcome;
        final long[] journalIndexes;
        final boolean[] duplicates;
        int published;
        int duplicateCount;

        Offer(final int size)
        {
            journalIndexes = new long[size];
            duplicates = new boolean[size];
        }

        /** @return how the offer ended. */
        public Outcome outcome()
        {
            return outcome;
        }

        /** @return the journal index of each transaction (when {@link Outcome#ACCEPTED}). */
        public long[] journalIndexes()
        {
            return journalIndexes;
        }

        /** @return which transactions had been accepted before (acknowledged again, not applied twice). */
        public boolean[] duplicates()
        {
            return duplicates;
        }

        /** @return transactions newly published by this offer. */
        public int published()
        {
            return published;
        }

        /** @return transactions that were duplicates. */
        public int duplicateCount()
        {
            return duplicateCount;
        }
    }

    private final Engine engine;
    private final DedupIndex dedup;
    private final long ackTimeoutNs;
    private final Object lock = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong ringFull = new AtomicLong();
    private final AtomicLong ticks = new AtomicLong();
    /** Under {@link #lock}: the newest accepted event time, when it was published, the last idle tick. */
    private long newestEventTimeMs = Long.MIN_VALUE;
    private long lastPublishNs;
    private long lastTickMs = Long.MIN_VALUE;
    private volatile boolean closed;

    IngestGate(final Engine engine, final DedupIndex dedup, final long ackTimeoutNs)
    {
        this.engine = engine;
        this.dedup = dedup;
        this.ackTimeoutNs = ackTimeoutNs;
    }

    /**
     * Offers parsed transactions and waits until they are journaled.
     *
     * @param batch      the transactions, each wrapped over its own buffer.
     * @param count      how many of {@code batch} to offer.
     * @param receivedNs {@code System.nanoTime()} when the request arrived (latency measurement only).
     * @return the outcome, with journal indexes when accepted.
     */
    public Offer offer(final TransactionFlyweight[] batch, final int count, final long receivedNs)
    {
        final Offer offer = new Offer(count);
        final DedupIndex.Entry[] entries = new DedupIndex.Entry[count];
        long highestSequence = -1;
        synchronized (lock)
        {
            for (int i = 0; i < count; i++)
            {
                if (closed)
                {
                    offer.outcome = Outcome.UNAVAILABLE;
                    return offer;
                }
                final TransactionFlyweight tx = batch[i];
                final String id = tx.id();
                final DedupIndex.Entry known = dedup.get(id);
                if (known != null)
                {
                    entries[i] = known;
                    offer.duplicates[i] = true;
                    offer.duplicateCount++;
                    highestSequence = Math.max(highestSequence, known.sequence);
                    continue;
                }
                final long sequence;
                try
                {
                    sequence = claim();
                }
                catch (final IllegalStateException ex)
                {
                    offer.outcome = Outcome.UNAVAILABLE;
                    return offer;
                }
                if (sequence < 0)
                {
                    ringFull.incrementAndGet();
                    offer.outcome = Outcome.RING_FULL;
                    return offer;
                }
                final EventSlot slot = engine.slot(sequence);
                tx.copyTo(slot.buffer(), 0);
                slot.transaction(receivedNs);
                engine.publish(sequence);
                newestEventTimeMs = Math.max(newestEventTimeMs, tx.tsMs());
                lastPublishNs = receivedNs;
                final DedupIndex.Entry entry = new DedupIndex.Entry(sequence, tx.tsMs(), -1);
                dedup.put(id, entry);
                entries[i] = entry;
                offer.published++;
                highestSequence = sequence;
            }
        }
        accepted.addAndGet(offer.published);
        duplicates.addAndGet(offer.duplicateCount);
        offer.outcome = awaitJournaled(highestSequence) ? Outcome.ACCEPTED :
            engine.failure() != null ? Outcome.UNAVAILABLE : Outcome.NOT_JOURNALED_IN_TIME;
        if (offer.outcome == Outcome.ACCEPTED)
        {
            for (int i = 0; i < count; i++)
            {
                offer.journalIndexes[i] = resolve(entries[i]);
            }
        }
        return offer;
    }

    private long claim()
    {
        long sequence = engine.tryClaim();
        if (sequence >= 0)
        {
            return sequence;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FULL_RING_WAIT_MS);
        while ((sequence = engine.tryClaim()) < 0 && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(50_000);
        }
        return sequence;
    }

    private boolean awaitJournaled(final long sequence)
    {
        if (sequence < 0)
        {
            return true;
        }
        final long start = System.nanoTime();
        int idle = 0;
        while (engine.journaledSequence() < sequence)
        {
            if (engine.failure() != null || System.nanoTime() - start > ackTimeoutNs)
            {
                return false;
            }
            if (++idle < 50)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(idle < 200 ? 10_000 : 100_000);
            }
        }
        return true;
    }

    private long resolve(final DedupIndex.Entry entry)
    {
        long index = entry.journalIndex();
        if (index < 0 && entry.sequence >= 0)
        {
            index = engine.journalIndexOf(entry.sequence);
            if (index >= 0)
            {
                entry.journalIndex(index);
            }
        }
        return index;
    }

    /** Stops accepting: later offers answer {@link Outcome#UNAVAILABLE}; an offer in progress finishes. */
    void close()
    {
        synchronized (lock)
        {
            closed = true;
        }
    }

    /** @return whether the gate still accepts. */
    boolean isOpen()
    {
        return !closed;
    }

    /**
     * Publishes an idle-source tick when nothing was published for {@code idleNs}: event time moves on from the
     * newest accepted event time by the time elapsed since its publication, so windows that fire on close and
     * absences still close on a quiet source. The tick is a journaled input like a transaction (DESIGN.md, Time),
     * so a replay sees the same ticks; the wall clock picks only its value. Nothing happens before the first
     * transaction, or when the tick would not move time on.
     * <p>
     * Thread contract: any thread (serialised with ingest).
     *
     * @param nowNs  {@code System.nanoTime()} now.
     * @param idleNs how long ingest must have been quiet.
     * @return the event time ticked to, epoch ms, or {@link Long#MIN_VALUE} when no tick was published.
     */
    public long tickIfIdle(final long nowNs, final long idleNs)
    {
        synchronized (lock)
        {
            if (closed || newestEventTimeMs == Long.MIN_VALUE || nowNs - lastPublishNs < idleNs)
            {
                return Long.MIN_VALUE;
            }
            final long tickMs = newestEventTimeMs + (nowNs - lastPublishNs) / 1_000_000L;
            if (tickMs <= lastTickMs)
            {
                return Long.MIN_VALUE;
            }
            engine.publishTick(tickMs);
            lastTickMs = tickMs;
            ticks.incrementAndGet();
            return tickMs;
        }
    }

    /** @return idle-source ticks published. */
    public long ticks()
    {
        return ticks.get();
    }

    /** @return transactions accepted (journaled or on their way) since start. */
    public long accepted()
    {
        return accepted.get();
    }

    /** @return retried transactions acknowledged again and not applied. */
    public long duplicates()
    {
        return duplicates.get();
    }

    /** @return offers stopped by a full ring. */
    public long ringFull()
    {
        return ringFull.get();
    }

    /** @return ids held for deduplication (read under the lock). */
    public int dedupSize()
    {
        synchronized (lock)
        {
            return dedup.size();
        }
    }
}
