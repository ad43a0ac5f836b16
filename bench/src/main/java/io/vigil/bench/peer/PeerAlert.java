package io.vigil.bench.peer;

/**
 * An alert from the peer: the rule, the card and the triggering transaction (what the equivalence check
 * compares), its event time for cooldowns, and the trigger's intended send time for latency. A Flink POJO.
 */
public class PeerAlert
{
    /** Rule id, as in Vigil's pack. */
    public String rule;
    /** Card token. */
    public String card;
    /** Triggering transaction id. */
    public String txId;
    /** Its event time, epoch ms. */
    public long tsMs;
    /** Its intended send time, nanoTime. */
    public long intendedNanos;
    /** Its position in the sent stream. */
    public long seq;

    /** For Flink. */
    public PeerAlert()
    {
    }

    /**
     * @param rule    rule id.
     * @param trigger the transaction that made it fire.
     * @return the alert.
     */
    public static PeerAlert of(final String rule, final PeerTx trigger)
    {
        final PeerAlert a = new PeerAlert();
        a.rule = rule;
        a.card = trigger.card;
        a.txId = trigger.id;
        a.tsMs = trigger.tsMs;
        a.intendedNanos = trigger.intendedNanos;
        a.seq = trigger.seq;
        return a;
    }

    /** @return "rule card txId", the identity compared with Vigil's alerts. */
    public String identity()
    {
        return rule + " " + card + " " + txId;
    }
}
