package io.vigil.ops.delivery;

import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One endpoint's delivery: reads the outbox in order, keeps the alerts its filter takes, sends them one request
 * at a time (a batch of up to {@code batchSize}), retries a failed request with backoff, dead-letters it when
 * the retry policy is exhausted, and records each outcome in the outbox's progress queue. One request in
 * flight per endpoint keeps delivery in outbox order and makes "how far it got" a single position; re-driven
 * dead letters go before new alerts.
 * <p>
 * Thread contract: the delivery thread only, except the metrics accessors (any thread). HTTP completions
 * arrive on the HTTP client's threads and are handed back through {@code completions}.
 */
final class EndpointDelivery
{
    /** The outcome of a request, handed to the delivery thread. */
    record Completion(EndpointDelivery endpoint, int status, Throwable error)
    {
    }

    /** Larger batches leave the Vigil-Alert-Ids header out, to stay under servers' header limits. */
    static final int MAX_IDS_IN_HEADER = 100;

    private final EndpointConfig config;
    private final AlertOutbox outbox;
    private final DeliveryLedger ledger;
    private final AlertCursor cursor;
    private final AlertCursor redriveCursor;
    private final HttpClient client;
    private final Consumer<Completion> completions;
    private final CircuitBreaker breaker;

    private List<OutboxEntry> batch;
    private boolean batchIsRedrive;
    private long batchScannedSeq;
    private int attempts;
    private long nextAttemptAtMs;
    private volatile boolean inFlight;
    private volatile long doneSeq;
    private volatile int redriveBacklog;
    private volatile long delivered;
    private volatile long failedAttempts;
    private volatile long deadLettered;
    private volatile String lastError = "";

    EndpointDelivery(final EndpointConfig config, final AlertOutbox outbox, final DeliveryLedger ledger,
        final Consumer<Completion> completions)
    {
        this.config = config;
        this.outbox = outbox;
        this.ledger = ledger;
        this.completions = completions;
        this.breaker = new CircuitBreaker(config.breakerFailures(), config.breakerOpenMs());
        this.client = HttpClients.forEndpoint(config.url(), Duration.ofMillis(config.timeoutMs()));
        this.cursor = outbox.newAlertCursor();
        this.redriveCursor = outbox.newAlertCursor();
        final long[] resume = ledger.resumePoint(config.name());
        if (resume == null)
        {
            cursor.toStart();
        }
        else
        {
            cursor.after(resume[1]);
            doneSeq = resume[0];
        }
        redriveBacklog = ledger.redrivePending(config.name()).size();
    }

    /** @return the endpoint's configuration. */
    EndpointConfig config()
    {
        return config;
    }

    /**
     * Sends the next request if one is due: nothing in flight, a batch to send, its backoff over, the breaker
     * letting it through.
     *
     * @param nowMs wall clock, ms.
     */
    void poll(final long nowMs)
    {
        if (inFlight)
        {
            return;
        }
        if (batch == null && !fillBatch())
        {
            return;
        }
        if (nowMs < nextAttemptAtMs || !breaker.allowRequest(nowMs))
        {
            return;
        }
        send();
    }

    private boolean fillBatch()
    {
        final List<DeliveryLedger.DeadLetter> redrives = ledger.redrivePending(config.name());
        redriveBacklog = redrives.size();
        if (!redrives.isEmpty())
        {
            final OutboxEntry e = redriveCursor.read(redrives.get(0).outboxIndex());
            if (e == null)
            {
                throw new IllegalStateException("outbox: re-drive of an alert that is not in it, index "
                    + Long.toHexString(redrives.get(0).outboxIndex()));
            }
            batch = List.of(e);
            batchIsRedrive = true;
            return true;
        }
        final List<OutboxEntry> next = new ArrayList<>(config.batchSize());
        long scannedSeq = doneSeq;
        while (next.size() < config.batchSize())
        {
            final OutboxEntry e = cursor.next();
            if (e == null)
            {
                break;
            }
            scannedSeq = e.seq();
            if (config.filter().matches(e))
            {
                next.add(e);
            }
        }
        if (next.isEmpty())
        {
            doneSeq = scannedSeq;
            return false;
        }
        batch = next;
        batchScannedSeq = scannedSeq;
        batchIsRedrive = false;
        return true;
    }

    private void send()
    {
        inFlight = true;
        final byte[] body = WebhookRequests.body(batch);
        final StringBuilder ids = new StringBuilder(Math.min(batch.size(), MAX_IDS_IN_HEADER) * 33);
        for (int i = 0; i < batch.size() && batch.size() <= MAX_IDS_IN_HEADER; i++)
        {
            ids.append(i == 0 ? "" : ",").append(batch.get(i).alertId());
        }
        final HttpRequest request = WebhookRequests.request(config, body, WebhookRequests.idempotencyKey(batch),
            ids.toString(), attempts + 1, System.currentTimeMillis() / 1000);
        final CompletableFuture<HttpResponse<String>> future;
        try
        {
            future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final RuntimeException ex)
        {
            completions.accept(new Completion(this, 0, ex));
            return;
        }
        // the request timeout covers the wait for the response headers; this also bounds a body that never ends
        future.orTimeout(config.timeoutMs() * 2, TimeUnit.MILLISECONDS).whenComplete((response, error) ->
            completions.accept(new Completion(this, response == null ? 0 : response.statusCode(), error)));
    }

    /**
     * Handles a request's outcome: records it, then moves on, retries later or dead-letters.
     *
     * @param completion the outcome.
     * @param nowMs      wall clock, ms.
     */
    void onComplete(final Completion completion, final long nowMs)
    {
        inFlight = false;
        final List<OutboxEntry> sent = batch;
        final OutboxEntry first = sent.get(0);
        final OutboxEntry last = sent.get(sent.size() - 1);
        final boolean ok = completion.error() == null && completion.status() >= 200 && completion.status() < 300;
        if (ok)
        {
            breaker.onSuccess();
            if (batchIsRedrive)
            {
                record(DeliveryRecord.Type.REDELIVERED, first, last, attempts + 1, nowMs, "HTTP " + completion.status());
            }
            else
            {
                record(DeliveryRecord.Type.DELIVERED, first, last, attempts + 1, nowMs, "HTTP " + completion.status());
                doneSeq = batchScannedSeq;
            }
            delivered += sent.size();
            finishBatch();
            return;
        }
        attempts++;
        failedAttempts++;
        breaker.onFailure(nowMs);
        final String error = describe(completion);
        lastError = error;
        record(DeliveryRecord.Type.ATTEMPT_FAILED, first, last, attempts, nowMs, error);
        long oldestMs = Long.MAX_VALUE;
        for (final OutboxEntry e : sent)
        {
            oldestMs = Math.min(oldestMs, e.appendedAtMs());
        }
        if (config.retry().exhausted(attempts, nowMs - oldestMs))
        {
            for (final OutboxEntry e : sent)
            {
                record(DeliveryRecord.Type.DEAD_LETTERED, e, e, attempts, nowMs, error);
            }
            deadLettered += sent.size();
            if (!batchIsRedrive)
            {
                doneSeq = batchScannedSeq;
            }
            finishBatch();
            return;
        }
        nextAttemptAtMs = nowMs + config.retry().backoffMs(attempts, ThreadLocalRandom.current());
    }

    private void finishBatch()
    {
        batch = null;
        attempts = 0;
        nextAttemptAtMs = 0;
        redriveBacklog = ledger.redrivePending(config.name()).size();
    }

    private void record(final DeliveryRecord.Type type, final OutboxEntry first, final OutboxEntry last,
        final int attempt, final long nowMs, final String detail)
    {
        final DeliveryRecord r = new DeliveryRecord(type, config.name(), first.seq(), last.seq(), last.index(), attempt,
            nowMs, detail);
        outbox.appendProgress(r);
        ledger.apply(r);
    }

    private static String describe(final Completion c)
    {
        if (c.error() == null)
        {
            return "HTTP " + c.status();
        }
        Throwable t = c.error();
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
            || t.getClass() == java.io.IOException.class && t.getMessage() == null))
        {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** @return whether nothing is left to do: no backlog, no request in flight. */
    boolean drained()
    {
        return !inFlight && backlog() == 0;
    }

    /** @return the endpoint's figures now; any thread. */
    EndpointMetrics metrics()
    {
        return new EndpointMetrics(config.name(), backlog(), delivered, failedAttempts, deadLettered, inFlight,
            breaker.state().name(), breaker.timesOpened(), lastError);
    }

    private long backlog()
    {
        return Math.max(0, outbox.lastSeq() - doneSeq) + redriveBacklog;
    }

    /** Releases the readers; the delivery thread, once stopped. */
    void close()
    {
        cursor.close();
        redriveCursor.close();
    }
}
