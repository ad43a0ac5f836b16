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
