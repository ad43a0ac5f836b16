package io.vigil.ops.service;

import io.vigil.core.engine.Engine;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes every request of the service and checks bearer tokens: the ingest token for
 * {@code POST /v1/transactions…}; the admin token for {@code /v1/rules}, {@code /v1/keys}, and the dashboard's
 * feed ({@code /v1/stats}, {@code /v1/stream}, which also take {@code ?token=} since a browser's EventSource
 * cannot send headers). {@code /health}, {@code /ready}, {@code /metrics} and the dashboard page are open.
 * A missing or wrong token gets 401. It counts requests in flight so that shutdown can wait for them.
 * <p>
 * Thread contract: any request thread.
 */
final class ApiHandler extends Handler.Abstract
{
    private volatile java.util.function.Supplier<Throwable> sourceFailure = () -> null;
    private final Engine engine;
    private final IngestGate gate;
    private final ServiceMetrics metrics;
    private final TransactionsEndpoint transactions;
    private final AdminEndpoints admin;
    private final FeedEndpoints feed;
    private final byte[] ingestToken;
    private final byte[] adminToken;
    private final AtomicInteger inFlight = new AtomicInteger();

    ApiHandler(
        final Engine engine, final IngestGate gate, final ServiceMetrics metrics, final TransactionsEndpoint transactions,
        final AdminEndpoints admin, final FeedEndpoints feed, final ServiceConfig.Auth auth)
    {
        this.engine = engine;
        this.gate = gate;
        this.metrics = metrics;
        this.transactions = transactions;
        this.admin = admin;
        this.feed = feed;
        this.ingestToken = auth.ingestToken() == null ? null : auth.ingestToken().getBytes(StandardCharsets.US_ASCII);
        this.adminToken = auth.adminToken() == null ? null : auth.adminToken().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Makes {@code /health} answer 503 also when another input (the Kafka source) has failed.
     *
     * @param failure returns the input's failure, or null while it runs.
     */
    void sourceFailure(final java.util.function.Supplier<Throwable> failure)
    {
        this.sourceFailure = failure;
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback) throws Exception
    {
        final String path = Request.getPathInContext(request);
        final String method = request.getMethod();
        metrics.request();
        inFlight.incrementAndGet();
        try
        {
            if (path.equals("/v1/transactions") || path.equals("/v1/transactions/stream"))
            {
                if (!method.equals("POST"))
                {
                    return notAllowed(response, callback, "POST");
                }
                if (!authorized(request, ingestToken, false, response, callback))
                {
                    return true;
                }
                if (path.endsWith("/stream"))
                {
                    transactions.stream(request, response, callback);
                }
                else
                {
                    transactions.batch(request, response, callback);
                }
                return true;
            }
            if (path.equals("/v1/rules"))
            {
                if (!authorized(request, adminToken, false, response, callback))
                {
                    return true;
                }
                if (method.equals("GET"))
                {
                    admin.getRules(response, callback);
                }
                else if (method.equals("PUT"))
                {
                    admin.putRules(request, response, callback);
                }
                else
                {
                    return notAllowed(response, callback, "GET, PUT");
                }
                return true;
            }
            if (path.startsWith("/v1/keys/"))
            {
                if (authorized(request, adminToken, false, response, callback))
                {
                    admin.getKey(path.substring("/v1/keys/".length()), response, callback);
                }
                return true;
            }
            if (path.equals("/v1/stats") || path.equals("/v1/stream"))
            {
                if (authorized(request, adminToken, true, response, callback))
                {
                    if (path.equals("/v1/stats"))
                    {
                        feed.stats(response, callback);
                    }
                    else
                    {
                        feed.stream(response, callback);
                    }
                }
                return true;
            }
            switch (path)
            {
                case "/health":
                    final boolean up = engine.failure() == null && sourceFailure.get() == null;
                    Http.text(response, callback, up ? 200 : 503, "application/json",
                        up ? "{\"status\":\"up\"}" : "{\"status\":\"failed\"}");
                    return true;
                case "/ready":
                    final boolean ready = engine.failure() == null && gate.isOpen();
                    Http.text(response, callback, ready ? 200 : 503, "application/json",
                        ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
                    return true;
                case "/metrics":
                    Http.text(response, callback, 200, "text/plain; version=0.0.4", metrics.prometheus());
                    return true;
                default:
                    if (method.equals("GET") && feed.serveStatic(path, response, callback))
                    {
                        return true;
                    }
                    Http.error(response, callback, 404, "no such endpoint: " + method + " " + path);
                    return true;
            }
        }
        finally
        {
            inFlight.decrementAndGet();
        }
    }

    private boolean authorized(
        final Request request, final byte[] token, final boolean queryAllowed, final Response response,
        final Callback callback)
    {
        if (token == null)
        {
            return true;
        }
        String presented = null;
        final String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            presented = header.substring(7).trim();
        }
        else if (queryAllowed)
        {
            final Fields.Field field = Request.extractQueryParameters(request).get("token");
            presented = field == null ? null : field.getValue();
        }
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), token))
        {
            return true;
        }
        metrics.reject("unauthorized");
        Http.discardBody(request);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        Http.error(response, callback, 401, presented == null ? "missing bearer token (Authorization: Bearer …)" :
            "wrong bearer token");
        return false;
    }

    private static boolean notAllowed(final Response response, final Callback callback, final String allowed)
    {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        Http.error(response, callback, 405, "method not allowed; use " + allowed);
        return true;
    }

    /** @return requests being handled right now. */
    int inFlight()
    {
        return inFlight.get();
    }
}
