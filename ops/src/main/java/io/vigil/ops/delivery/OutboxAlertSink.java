package io.vigil.ops.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.journal.outbox.AlertOutbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The alert sink in front of the outbox's readers (webhook delivery, the PostgreSQL sink): appends each alert (every record kind but late-event records)
 * to the durable {@link AlertOutbox}, with its rule id and tags, on the alert collector thread, and returns;
 * each reader reads the outbox on its own thread. A repeat of an alert already in the outbox (a replay) is
 * skipped there. The cost on the collector is one Chronicle append (about a microsecond), whatever the
 * endpoints do.
 * <p>
 * Checkpoints ({@link #onCheckpoint}): the sink keeps no buffer; each alert's Chronicle append is complete (the
 * document closed, visible to readers in other processes) before {@link #onAlert} returns, so when the barrier
 * reaches the sink every alert before it is already in the outbox's memory-mapped file. That survives the
 * process dying (SIGKILL, a crash) like the journal does; like the journal, it is not forced to disk, so a power
 * loss or kernel crash may lose the page cache's latest pages. The outbox sequence reached at the last checkpoint
 * is kept ({@link #checkpointedSeq()}).
 * <p>
 * Thread contract: called by the alert collector thread only; {@link #routes(AlertRoutes)} from any thread.
 */
public final class OutboxAlertSink implements AlertSink
{
    /**
     * Told of each alert as it lands in the outbox, on the collector thread, for latency stages (the benchmark's
     * "in the outbox" timestamp). Must be quick and must not keep the view.
     */
    @FunctionalInterface
    public interface AppendListener
    {
        /**
         * @param alert         the alert, valid during the call.
         * @param seq           its outbox sequence, or 0 when it was a repeat and not appended.
         * @param appendedNanos {@code System.nanoTime()} right after the append.
         */
        void onAppended(AlertView alert, long seq, long appendedNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertOutbox outbox;
    private volatile AlertRoutes routes;
    private volatile AppendListener listener;
    private final Thread[] wakeOnIdle;
    private boolean appendedSinceIdle;
    private volatile long checkpointedSeq;

    /**
     * @param outbox     where alerts go; owned by the caller.
     * @param routes     rule ids and tags by ordinal.
     * @param wakeOnIdle a thread to unpark when the collector goes idle after appending (the delivery thread), or
     *                   null.
     */
    public OutboxAlertSink(final AlertOutbox outbox, final AlertRoutes routes, final Thread wakeOnIdle)
    {
        this(outbox, routes, wakeOnIdle == null ? new Thread[0] : new Thread[] {wakeOnIdle});
    }

    private OutboxAlertSink(final AlertOutbox outbox, final AlertRoutes routes, final Thread[] wakeOnIdle)
    {
        this.outbox = outbox;
        this.routes = routes;
        this.wakeOnIdle = wakeOnIdle;
    }

    /**
     * A sink in front of several readers of one outbox (webhook delivery, the PostgreSQL sink).
     *
     * @param outbox     where alerts go; owned by the caller.
     * @param routes     rule ids and tags by ordinal.
     * @param wakeOnIdle the readers' threads, unparked when the collector goes idle after appending.
     * @return the sink.
     */
    public static OutboxAlertSink forReaders(final AlertOutbox outbox, final AlertRoutes routes,
        final List<Thread> wakeOnIdle)
    {
        return new OutboxAlertSink(outbox, routes, wakeOnIdle.toArray(new Thread[0]));
    }

    /**
     * Changes the routing facts (after a rule-set change). Any thread.
     *
     * @param routes the new rules' ids and tags.
     */
    public void routes(final AlertRoutes routes)
    {
        this.routes = routes;
    }

    /**
     * Sets the append listener (null for none). Any thread; takes effect at the next alert.
     *
     * @param listener the listener.
     */
    public void appendListener(final AppendListener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        if (alert.kind() == AlertDescriptor.KIND_LATE)
        {
            return;
        }
        final AlertRoutes r = routes;
        String ruleId = r.ruleId(alert.ruleOrdinal());
        List<String> tags = r.tags(alert.ruleOrdinal());
        if (ruleId == null)
        {
            ruleId = ruleIdFromJson(alert);
            tags = List.of();
        }
        final long seq = outbox.append(alert, ruleId, tags, System.currentTimeMillis());
        appendedSinceIdle |= seq != 0;
        final AppendListener l = listener;
        if (l != null)
        {
            l.onAppended(alert, seq, System.nanoTime());
        }
    }

    private static String ruleIdFromJson(final AlertView alert)
    {
        try
        {
            return JSON.readTree(alert.json()).path("rule").asText("unknown");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("outbox: alert JSON unreadable", ex);
        }
    }

    /**
     * A checkpoint barrier has reached the collector: every alert before it is already appended (nothing is held
     * in this sink), so this records the outbox sequence reached and wakes delivery.
     *
     * @param checkpointId the checkpoint's id.
     */
    @Override
    public void onCheckpoint(final long checkpointId)
    {
        checkpointedSeq = outbox.lastSeq();
        onIdle();
    }

    /** @return the outbox sequence reached when the last checkpoint barrier passed (0 before the first). Any thread. */
    public long checkpointedSeq()
    {
        return checkpointedSeq;
    }

    @Override
    public void onIdle()
    {
        if (appendedSinceIdle)
        {
            appendedSinceIdle = false;
            for (final Thread t : wakeOnIdle)
            {
                LockSupport.unpark(t);
            }
        }
    }
}
