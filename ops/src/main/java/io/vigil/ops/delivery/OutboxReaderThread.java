package io.vigil.ops.delivery;

import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * The thread of a reader of the durable alert outbox that keeps its own progress (the PostgreSQL and Kafka
 * sinks): it opens a cursor, finds its resume point, lets {@link #startAndAwaitResume()} return once that is
 * known, then reads on until closed. A failure stops the thread loudly and is kept for {@link #failure()}; what
 * the reader had not finished stays in the outbox for the next start.
 * <p>
 * Thread contract: {@link #startAndAwaitResume()} once, from the controlling thread; {@link #resume} and
 * {@link #loop} run on the reader's own thread; {@link #failure()} from any thread.
 */
public abstract class OutboxReaderThread
{
    private static final Logger LOG = LoggerFactory.getLogger(OutboxReaderThread.class);

    /** The outbox read; owned by whoever opened it, closed after the reader. */
    protected final AlertOutbox outbox;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Throwable failure;
    /** Outbox sequence of the last alert this reader finished (or resumed after); written by the reader thread. */
    protected volatile long doneSeq;
    /** Whether the reader resumed after its own progress record; written by the reader thread. */
    protected volatile boolean resumed;
    /** Set by {@link #stopReader}: the reader finishes what it can, then stops. */
    protected volatile boolean closing;
    private volatile long giveUpAtNs;
    private boolean closed;

    /**
     * @param outbox the open outbox to read.
     * @param threadName the reader thread's name (a daemon thread).
     */
    protected OutboxReaderThread(final AlertOutbox outbox, final String threadName)
    {
        this.outbox = outbox;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts the thread and returns once the resume point is known (or the reader failed finding it). */
    protected final void startAndAwaitResume()
    {
        thread.start();
        try
        {
            ready.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the reader thread, to unpark when alerts were appended to the outbox, or to join on close. */
    public final Thread thread()
    {
        return thread;
    }

    /** @return the failure that stopped the reader thread, or null. */
    public final Throwable failure()
    {
        return failure;
    }

    /** @return whether the reader resumed after its progress record (false: it started at the outbox's start). */
    public final boolean resumed()
    {
        return resumed;
    }

    /** @return the outbox sequence of the last alert finished (or resumed after); 0 before the first. */
    public final long doneSeq()
    {
        return doneSeq;
    }

    /** @return alerts in the outbox not yet finished by this reader: its backlog, on disk. */
    public final long backlog()
    {
        return Math.max(0, outbox.lastSeq() - doneSeq);
    }

    /** @return the outbox read. */
    public final AlertOutbox outbox()
    {
        return outbox;
    }

    /** @return true once {@link #stopReader} was called and its timeout has passed: stop retrying. */
    protected final boolean giveUp()
    {
        return closing && System.nanoTime() - giveUpAtNs > 0;
    }

    /**
     * Asks the reader to finish within {@code closeTimeoutNs} (after which {@link #giveUp()} is true) and waits for
     * its thread up to {@code joinMs}. Call from the controlling thread.
     *
     * @param closeTimeoutNs how long the reader may go on trying to finish its backlog.
     * @param joinMs         how long to wait for the thread (the timeout plus what one attempt may still take).
     * @return false when the reader was already stopped (nothing done).
     */
    protected final boolean stopReader(final long closeTimeoutNs, final long joinMs)
    {
        if (closed)
        {
            return false;
        }
        closed = true;
        giveUpAtNs = System.nanoTime() + closeTimeoutNs;
        closing = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try
        {
            thread.join(joinMs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * Positions the cursor after what this reader already finished; runs on the reader thread before
     * {@link #startAndAwaitResume()} returns.
     *
     * @param cursor the reader's cursor over the outbox's alerts.
     */
    protected abstract void resume(AlertCursor cursor);

    /**
     * Reads and handles alerts until closed; runs on the reader thread.
     *
     * @param cursor the reader's cursor, positioned by {@link #resume}.
     */
    protected abstract void loop(AlertCursor cursor);

    /** @return who this reader is, for the log line when it stops on a failure (e.g. "the Kafka sink 'alerts'"). */
    protected abstract String describe();

    private void run()
    {
        try (AlertCursor cursor = outbox.newAlertCursor())
        {
            try
            {
                resume(cursor);
            }
            finally
            {
                ready.countDown();
            }
            loop(cursor);
        }
        catch (final RuntimeException | Error ex) // never quietly: the backlog stays in the outbox for the next start
        {
            ready.countDown();
            failure = ex;
            LOG.error("{} stopped: {}; alerts it had not finished stay in the outbox {} for the next start",
                describe(), ex, outbox.dir(), ex);
        }
    }
}
