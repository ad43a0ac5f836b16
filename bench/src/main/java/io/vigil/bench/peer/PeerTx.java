package io.vigil.bench.peer;

import io.vigil.ops.generate.GeneratedTransaction;

/**
 * A transaction as the peer sees it: the fields the compared rules read, plus the intended send time for
 * latency. A Flink POJO (public fields, no-argument constructor) so Flink serialises it without Kryo.
 */
public class PeerTx
{
    /** Transaction id. */
    public String id;
    /** Card token: the key. */
    public String card;
    /** Event time, epoch ms. */
    public long tsMs;
    /** Amount in the currency's major unit, computed as Vigil does ({@code amountMinor / 10^exponent}). */
    public double amount;
    /** Whether approved. */
    public boolean approved;
    /** Intended send time, {@code System.nanoTime()}, for latency only. */
    public long intendedNanos;
    /** Position in the sent stream, from 0: tells warm-up from measured transactions. */
    public long seq;

    /** For Flink. */
    public PeerTx()
    {
    }

    /**
     * @param g a generated transaction.
     * @return its peer view (intended time 0).
     */
    public static PeerTx of(final GeneratedTransaction g)
    {
        final PeerTx t = new PeerTx();
        t.id = g.id();
        t.card = g.card();
        t.tsMs = g.tsMs();
        t.amount = g.amountMinor() / POWERS_OF_TEN[g.currencyExponent()];
        t.approved = g.isApproved();
        return t;
    }

    /**
     * @param shiftMs     added to the event time (a later lap of the block).
     * @param intendedNs  the intended send time.
     * @param seq         position in the sent stream.
     * @return a copy.
     */
    public PeerTx copy(final long shiftMs, final long intendedNs, final long seq)
    {
        final PeerTx t = new PeerTx();
        t.id = id;
        t.card = card;
        t.tsMs = tsMs + shiftMs;
        t.amount = amount;
        t.approved = approved;
        t.intendedNanos = intendedNs;
        t.seq = seq;
        return t;
    }

    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000};
}
