package io.vigil.ops.recovery;

import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.JsonLinesReader;

/**
 * Resumes a bounded input after a crash, with the journal as the source of truth: skips the input's
 * transactions up to and including the one the journal holds last ({@code RecoveryReport.lastTransactionId}),
 * then hands the rest on. Ids are unique in an input, so the first match is the resume point.
 * <p>
 * Thread contract: the reading thread.
 */
public final class ResumingIngress implements JsonLinesReader.Consumer
{
    private final JsonLinesReader.Consumer next;
    private String resumeAfterId;
    private long skipped;

    /**
     * @param next          where transactions after the resume point go.
     * @param resumeAfterId the journal's last transaction id, or null to pass everything on.
     */
    public ResumingIngress(final JsonLinesReader.Consumer next, final String resumeAfterId)
    {
        this.next = next;
        this.resumeAfterId = resumeAfterId;
    }

    @Override
    public void accept(final TransactionFlyweight tx)
    {
        if (resumeAfterId == null)
        {
            next.accept(tx);
            return;
        }
        skipped++;
        if (resumeAfterId.equals(tx.id()))
        {
            resumeAfterId = null;
        }
    }

    /** @return whether the resume point has been passed (or there was none). */
    public boolean resumed()
    {
        return resumeAfterId == null;
    }

    /** @return input transactions skipped as already journaled. */
    public long skipped()
    {
        return skipped;
    }
}
