package io.vigil.ops.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.InputException;
import io.vigil.ops.ingest.TransactionJsonParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/transactions} (one JSON object, or an array of them) and
 * {@code POST /v1/transactions/stream} (NDJSON: one object per line, read as it arrives, offered in batches).
 * A batch is checked whole before any of it is offered: an invalid transaction gets a 400 naming its index
 * (or line) and field, and nothing of that batch is accepted. An accepted reply lists each transaction's
 * journal index; a retried id is acknowledged again with its original index ({@code "duplicate": true}).
 * <p>
 * Thread contract: any request thread; parse buffers are per thread.
 */
final class TransactionsEndpoint
{
    private final IngestGate gate;
    private final ServiceMetrics metrics;
    private final ServiceConfig.Server server;
    private final long retryAfterS;
    private final JsonFactory json = JsonFactory.builder().build();
    private final ThreadLocal<Batch> batches;

    /** Per-thread parse scratch: a flyweight over its own buffer per batch position. */
    private static final class Batch
    {
        final TransactionFlyweight[] txs;
        final TransactionJsonParser parser = new TransactionJsonParser();

        Batch(final int size)
        {
            txs = new TransactionFlyweight[size];
            for (int i = 0; i < size; i++)
            {
                txs[i] = new TransactionFlyweight().wrap(
                    new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
            }
        }
    }

    TransactionsEndpoint(final IngestGate gate, final ServiceMetrics metrics, final ServiceConfig config)
    {
        this.gate = gate;
        this.metrics = metrics;
        this.server = config.server();
        this.retryAfterS = config.ingest().retryAfter().toSeconds();
        final int size = server.maxBatch();
        this.batches = ThreadLocal.withInitial(() -> new Batch(size));
    }

    void batch(final Request request, final Response response, final Callback callback) throws IOException
    {
        final long receivedNs = System.nanoTime();
        final byte[] body;
        try
        {
            body = Http.body(request, server.maxBodyBytes());
        }
        catch (final Http.TooLarge ex)
        {
            metrics.reject("too_large");
            Http.discardBody(request);
            Http.error(response, callback, 413, ex.getMessage());
            return;
        }
        catch (final IOException ex)
        {
            metrics.reject("incomplete_body");
            Http.error(response, callback, 408, "the request body did not arrive in full (server.idle-timeout): " + ex);
            return;
        }
        final Batch batch = batches.get();
        int count = 0;
        try (JsonParser p = json.createParser(body))
        {
            final JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT)
            {
                batch.parser.parseObject(p, batch.txs[0]);
                count = 1;
            }
            else if (first == JsonToken.START_ARRAY)
            {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY)
                {
                    if (t != JsonToken.START_OBJECT)
                    {
                        throw new InputException(0, null, "element " + count + ": expected a JSON object, found " + t);
                    }
                    if (count == batch.txs.length)
                    {
                        metrics.reject("too_large");
                        Http.error(response, callback, 413, "a batch holds at most " + batch.txs.length +
                            " transactions (server.max-batch)");
                        return;
                    }
                    try
                    {
                        batch.parser.parseObject(p, batch.txs[count]);
                    }
                    catch (final InputException ex)
                    {
                        throw new IndexedInput(count, ex);
                    }
                    count++;
                }
                if (count == 0)
                {
                    throw new InputException(0, null, "expected at least one transaction, found an empty array");
                }
            }
            else
            {
                throw new InputException(0, null, "expected a JSON object or an array of them, found " +
                    (first == null ? "an empty body" : first.toString()));
            }
            if (p.nextToken() != null)
            {
                throw new InputException(0, null, "unexpected content after the JSON value");
            }
        }
        catch (final IndexedInput ex)
        {
            badInput(response, callback, ex.input, "index", ex.index);
            return;
        }
        catch (final InputException ex)
        {
            badInput(response, callback, ex, null, 0);
            return;
        }
        catch (final JsonParseException ex)
        {
            metrics.reject("bad_input");
            Http.error(response, callback, 400, "malformed JSON: " + ex.getOriginalMessage() + " at line " +
                ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr());
            return;
        }
        final IngestGate.Offer offer = gate.offer(batch.txs, count, receivedNs);
        if (refused(offer, response, callback))
        {
            return;
        }
        metrics.recordAck(System.nanoTime() - receivedNs);
        // written directly rather than through a tree of maps: one reply per request, of up to max-batch results
        final StringBuilder reply = new StringBuilder(64 + count * 64);
        reply.append("{\"journaled\":true,\"accepted\":").append(offer.published())
            .append(",\"duplicates\":").append(offer.duplicateCount()).append(",\"results\":[");
        for (int i = 0; i < count; i++)
        {
            final long index = offer.journalIndexes()[i];
            reply.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            appendJsonString(reply, batch.txs[i].id());
            reply.append(",\"journal_index\":").append(index >= 0 ? Long.toString(index) : "null")
                .append(",\"duplicate\":").append(offer.duplicates()[i]).append('}');
        }
        reply.append("]}");
        Http.text(response, callback, 200, "application/json", reply.toString());
    }

    /** Appends a JSON string; ids are printable ASCII (the parser checks), so only quote and backslash need escaping. */
    private static void appendJsonString(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    void stream(final Request request, final Response response, final Callback callback) throws IOException
    {
        final Batch batch = batches.get();
        long line = 0;
        long accepted = 0;
        long duplicates = 0;
        long firstIndex = -1;
        long lastIndex = -1;
        try (InputStream in = Request.asInputStream(request))
        {
            final LineReader lines = new LineReader(in, server.maxLineBytes());
            int count = 0;
            long batchReceivedNs = 0;
            while (true)
            {
                final String text = lines.next();
                if (text != null)
                {
                    line++;
                    if (text.isBlank())
                    {
                        continue;
                    }
                    if (count == 0)
                    {
                        batchReceivedNs = System.nanoTime();
                    }
                    try
                    {
                        batch.parser.parse(text, batch.txs[count]);
                    }
                    catch (final InputException ex)
                    {
                        // every line before the bad one is accepted, so the client knows where to resume
                        if (count > 0)
                        {
                            final IngestGate.Offer offer = gate.offer(batch.txs, count, batchReceivedNs);
                            if (refused(offer, response, callback))
                            {
                                return;
                            }
                            accepted += offer.published();
                            duplicates += offer.duplicateCount();
                            firstIndex = firstIndex < 0 ? offer.journalIndexes()[0] : firstIndex;
                            lastIndex = offer.journalIndexes()[count - 1];
                        }
                        throw ex;
                    }
                    count++;
                }
                if (count > 0 && (count == batch.txs.length || text == null))
                {
                    final IngestGate.Offer offer = gate.offer(batch.txs, count, batchReceivedNs);
                    if (refused(offer, response, callback))
                    {
                        return;
                    }
                    metrics.recordAck(System.nanoTime() - batchReceivedNs);
                    accepted += offer.published();
                    duplicates += offer.duplicateCount();
                    firstIndex = firstIndex < 0 ? offer.journalIndexes()[0] : firstIndex;
                    lastIndex = offer.journalIndexes()[count - 1];
                    count = 0;
                }
                if (text == null)
                {
                    break;
                }
            }
        }
        catch (final LineReader.LineTooLong ex)
        {
            metrics.reject("too_large");
            Http.discardBody(request);
            Http.error(response, callback, 413, "line " + (line + 1) + ": " + ex.getMessage(),
                progress(accepted, duplicates, firstIndex, lastIndex));
            return;
        }
        catch (final InputException ex)
        {
            metrics.reject("bad_input");
            Http.discardBody(request);
            final Map<String, Object> extra = progress(accepted, duplicates, firstIndex, lastIndex);
            extra.put("line", line);
            extra.put("field", ex.field());
            Http.error(response, callback, 400, ex.atLine(line).getMessage() +
                " (every line before it was accepted)", extra);
            return;
        }
        final Map<String, Object> reply = progress(accepted, duplicates, firstIndex, lastIndex);
        reply.put("journaled", true);
        reply.put("lines", line);
        Http.json(response, callback, 200, reply);
    }

    private static Map<String, Object> progress(final long accepted, final long duplicates, final long first, final long last)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", accepted);
        m.put("duplicates", duplicates);
        m.put("first_journal_index", first >= 0 ? first : null);
        m.put("last_journal_index", last >= 0 ? last : null);
        return m;
    }

    private boolean refused(final IngestGate.Offer offer, final Response response, final Callback callback)
    {
        switch (offer.outcome())
        {
            case ACCEPTED:
                return false;
            case RING_FULL:
                metrics.reject("ring_full");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterS));
                Http.error(response, callback, 429, "the engine's ring is full; resend the whole request after " +
                    "Retry-After seconds (transactions already accepted are deduplicated)");
                return true;
            case NOT_JOURNALED_IN_TIME:
                metrics.reject("not_journaled_in_time");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterS));
                Http.error(response, callback, 503, "not journaled within the ack timeout; resend the request " +
                    "(transactions already accepted are deduplicated)");
                return true;
            default:
                metrics.reject("unavailable");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterS));
                Http.error(response, callback, 503, "the engine is not accepting transactions (stopping or failed)");
                return true;
        }
    }

    private void badInput(
        final Response response, final Callback callback, final InputException ex, final String where, final int index)
    {
        metrics.reject("bad_input");
        final Map<String, Object> extra = new LinkedHashMap<>();
        if (where != null)
        {
            extra.put(where, index);
        }
        extra.put("field", ex.field());
        Http.error(response, callback, 400, (where != null ? "transaction " + index + ": " : "") + ex.getMessage(),
            extra);
    }

    /** An invalid element of a batch, with its position. */
    private static final class IndexedInput extends IOException
    {
        private static final long serialVersionUID = 1L;
        final int index;
        final transient InputException input;

        IndexedInput(final int index, final InputException input)
        {
            super(input.getMessage());
            this.index = index;
            this.input = input;
        }
    }
}
