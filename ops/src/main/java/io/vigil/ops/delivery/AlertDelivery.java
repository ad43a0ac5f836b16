package io.vigil.ops.delivery;

import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.ProgressCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook delivery of alerts, the one entry point: {@link #start} opens the outbox, resumes delivery where the
 * outbox's progress records say it stopped, and starts the delivery thread; {@link #sink()} is the
 * {@link io.vigil.core.alert.AlertSink} to give the engine (alone or in a fan-out); {@link #metrics()} gives
 * backlog and counters per endpoint; {@link #awaitDrained} waits for the backlog to empty; {@link #close}
 * stops.
 * <p>
 * Threads: the engine's alert collector only appends to the outbox (through the sink). One delivery thread,
 * {@code vigil-delivery}, reads the outbox, runs each endpoint's state machine and records progress; the JDK
 * HTTP client's threads carry the requests and hand their outcomes back through a queue. A slow or dead
 * endpoint therefore never holds up detection: its backlog grows in the outbox, on disk.
 * <pre>{@code
 *   AlertDelivery delivery = AlertDelivery.start(WebhookConfigReader.read(file), outboxDir, AlertRoutes.of(rules));
 *   EngineConfig config = new EngineConfig().alertSink(new FanOutAlertSink(List.of(delivery.sink(), other)))...;
 *   ... run the engine; close it (the sink is then done) ...
 *   delivery.awaitDrained(30_000);  // optional
 *   delivery.close();
 * }</pre>
 * Thread contract: {@code start}, {@code awaitDrained} and {@code close} from one controlling thread;
 * {@code metrics} from any.
 */
public final class AlertDelivery implements AutoCloseable
{
    private static final Logger LOGGER = LoggerFactory.getLogger(AlertDelivery.class);
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long REDRIVE_POLL_MS = 200;

    private final WebhookConfig config;
    private final AlertOutbox outbox;
    private final Thread thread;
    private final boolean ownsOutbox;
    private final OutboxAlertSink sink;
    private final ConcurrentLinkedQueue<EndpointDelivery.Completion> completions = new ConcurrentLinkedQueue<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile List<EndpointDelivery> endpoints = List.of();
    private volatile Throwable failure;
    private volatile boolean running = true;
    private boolean closed;

    private AlertDelivery(final WebhookConfig config, final AlertOutbox outbox, final AlertRoutes routes,
        final boolean ownsOutbox)
    {
        this.config = config;
        this.outbox = outbox;
        this.ownsOutbox = ownsOutbox;
        this.thread = new Thread(this::run, "vigil-delivery");
        this.thread.setDaemon(true);
        this.sink = new OutboxAlertSink(outbox, routes, thread);
    }

    /**
     * Opens (or creates) the outbox and starts delivering what it holds and what arrives.
     *
     * @param config    the endpoints.
     * @param outboxDir the outbox directory.
     * @param routes    the running rules' ids and tags.
     * @return the running delivery.
     * @throws IllegalStateException if the outbox cannot be opened or read.
     */
    public static AlertDelivery start(final WebhookConfig config, final Path outboxDir, final AlertRoutes routes)
    {
        return start(new AlertDelivery(config, AlertOutbox.open(outboxDir), routes, true));
    }

    /**
     * Starts delivering from an outbox that the caller opened and shares with other readers (the PostgreSQL sink).
     * The caller appends through its own {@link OutboxAlertSink} (waking {@link #thread()}) and closes the outbox
     * after {@link #close}.
     *
     * @param config the endpoints.
     * @param outbox the open outbox; not closed by this delivery.
     * @param routes the running rules' ids and tags.
     * @return the running delivery.
     * @throws IllegalStateException if the outbox cannot be read.
     */
    public static AlertDelivery start(final WebhookConfig config, final AlertOutbox outbox, final AlertRoutes routes)
    {
        return start(new AlertDelivery(config, outbox, routes, false));
    }

    private static AlertDelivery start(final AlertDelivery delivery)
    {
        delivery.thread.start();
        try
        {
            delivery.ready.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (delivery.failure != null)
        {
            delivery.close();
            throw new IllegalStateException("alert delivery: cannot start: " + delivery.failure.getMessage(),
                delivery.failure);
        }
        return delivery;
    }

    /** @return the sink to hand the engine: it appends each alert to the outbox. */
    public OutboxAlertSink sink()
    {
        return sink;
    }

    /** @return the delivery thread, to unpark when alerts were appended. */
    public Thread thread()
    {
        return thread;
    }

    /** @return the outbox. */
    public AlertOutbox outbox()
    {
        return outbox;
    }

    /** @return the configuration delivered to. */
    public WebhookConfig config()
    {
        return config;
    }

    /** @return figures now; any thread. */
    public DeliveryMetrics metrics()
    {
        final List<EndpointMetrics> list = new ArrayList<>();
        for (final EndpointDelivery e : endpoints)
        {
            list.add(e.metrics());
        }
        return new DeliveryMetrics(outbox.lastSeq(), outbox.duplicatesSkipped(), list);
    }

    /**
     * Waits until every endpoint has finished every alert in the outbox (delivered or dead-lettered), or the
     * time is up. Call once the engine has stopped handing alerts, or the wait may never end.
     *
     * @param timeoutMs longest wait, ms.
     * @return whether everything was delivered or dead-lettered in time.
     * @throws InterruptedException if interrupted.
     */
    public boolean awaitDrained(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            boolean drained = true;
            for (final EndpointDelivery e : endpoints)
            {
                drained &= e.drained();
            }
            if (drained || failure != null)
            {
                return drained;
            }
            if (System.nanoTime() >= deadline)
            {
                return false;
            }
            LockSupport.unpark(thread);
            Thread.sleep(10);
        }
    }

    /**
     * Stops the delivery thread and closes the outbox if it opened it. A request in flight is abandoned: its alerts are not
     * recorded as delivered, so the next start sends them again (a repeat with the same id). Call after the
     * engine has closed its sinks. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (ownsOutbox)
        {
            outbox.close();
        }
    }

    private void run()
    {
        final List<EndpointDelivery> list = new ArrayList<>();
        ProgressCursor progress = null;
        try
        {
            final DeliveryLedger ledger = new DeliveryLedger();
            progress = outbox.newProgressCursor();
            for (DeliveryRecord r = progress.next(); r != null; r = progress.next())
            {
                ledger.apply(r);
            }
            for (final EndpointConfig c : config.endpoints())
            {
                list.add(new EndpointDelivery(c, outbox, ledger, this::complete));
            }
            endpoints = List.copyOf(list);
            ready.countDown();
            loop(ledger, progress);
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            LOGGER.error("alert delivery stopped: {}; alerts stay in the outbox {} for the next start", ex.toString(),
                outbox.dir(), ex);
        }
        finally
        {
            ready.countDown();
            for (final EndpointDelivery e : list)
            {
                e.close();
            }
            if (progress != null)
            {
                progress.close();
            }
        }
    }

    private void loop(final DeliveryLedger ledger, final ProgressCursor progress)
    {
        long nextRedrivePollMs = 0;
        while (running)
        {
            final long nowMs = System.currentTimeMillis();
            for (EndpointDelivery.Completion c = completions.poll(); c != null; c = completions.poll())
            {
                c.endpoint().onComplete(c, nowMs);
            }
            if (nowMs >= nextRedrivePollMs)
            {
                nextRedrivePollMs = nowMs + REDRIVE_POLL_MS;
                // re-drive requests come from the operator's command, possibly another process; this thread's own
                // records were applied as they were written
                for (DeliveryRecord r = progress.next(); r != null; r = progress.next())
                {
                    if (r.type() == DeliveryRecord.Type.REDRIVE_REQUESTED)
                    {
                        ledger.apply(r);
                    }
                }
            }
            for (final EndpointDelivery e : endpoints)
            {
                e.poll(nowMs);
            }
            if (completions.isEmpty())
            {
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
        }
    }

    private void complete(final EndpointDelivery.Completion completion)
    {
        completions.add(completion);
        LockSupport.unpark(thread);
    }
}
