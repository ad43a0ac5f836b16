package io.vigil.bench.e2e;

/**
 * Where a transaction's latency is taken, each measured from its <em>intended</em> send time (fixed in advance
 * by the load's schedule), so a stall anywhere is charged to every event it delays.
 */
public enum Stage
{
    /** Published into the ring: the load generator's own lag behind its schedule. */
    RECEIVED("received", "published into the ring"),
    /** Appended to the journal by the journaler. */
    JOURNALED("journaled", "appended to the journal"),
    /** The shard finished its rules on it. */
    EVALUATED("evaluated", "shard done with its rules"),
    /** The alert collector finished it: every alert it triggered is in the sink (the end-to-end figure). */
    COLLECTED("collected", "collector done: its alerts handed to the sink"),
    /** Per alert: the alert sink (one that drops alerts, or with --outbox the alert outbox) returned from it. */
    ALERT("alert", "per alert, sink returned (with --outbox: alert in the outbox)");

    private final String label;
    private final String meaning;

    Stage(final String label, final String meaning)
    {
        this.label = label;
        this.meaning = meaning;
    }

    /** @return short name for tables. */
    public String label()
    {
        return label;
    }

    /** @return what the timestamp marks. */
    public String meaning()
    {
        return meaning;
    }
}
