package io.vigil.journal.recovery;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link DurableEngine} found and did at start.
 *
 * @param checkpoint            the checkpoint restored, or null (replayed from the journal's start).
 * @param checkpointId          its id, or -1.
 * @param checkpointIndex       its barrier's journal index, or -1.
 * @param rejected              checkpoints tried and not used, newest first, each with the reason.
 * @param entriesReplayed       journal entries replayed after the checkpoint (all kinds).
 * @param transactionsReplayed  of which transactions.
 * @param replayNanos           wall time to replay them and drain the engine.
 * @param damagedEntriesSkipped malformed journal entries skipped (a truncated last entry after a crash).
 * @param lastTransactionId     id of the journal's last transaction (where ingest resumes), or null if none.
 * @param endOfInput            whether the journal's last entry (barriers aside) is a final tick at
 *                              {@code Long.MAX_VALUE}: a bounded input that was read to its end.
 */
public record RecoveryReport(
    Path checkpoint,
    long checkpointId,
    long checkpointIndex,
    List<String> rejected,
    long entriesReplayed,
    long transactionsReplayed,
    long replayNanos,
    long damagedEntriesSkipped,
    String lastTransactionId,
    boolean endOfInput)
{
    /** @return replayed entries per second, or 0 if none. */
    public double replayEntriesPerSecond()
    {
        return replayNanos == 0 ? 0 : entriesReplayed / (replayNanos / 1e9);
    }

    /** @return one line for a log or a console. */
    public String summary()
    {
        final String from = checkpoint == null ? "the journal's start (no usable checkpoint)" :
            "checkpoint " + checkpointId + " (journal index " + checkpointIndex + ")";
        return String.format(java.util.Locale.ROOT,
            "recovered from %s; replayed %,d journal entries (%,d transactions) in %.2f s, %,.0f entries/s%s%s",
            from, entriesReplayed, transactionsReplayed, replayNanos / 1e9, replayEntriesPerSecond(),
            rejected.isEmpty() ? "" : "; " + rejected.size() + " newer checkpoint(s) not usable",
            damagedEntriesSkipped == 0 ? "" : "; " + damagedEntriesSkipped + " damaged journal entry skipped");
    }
}
