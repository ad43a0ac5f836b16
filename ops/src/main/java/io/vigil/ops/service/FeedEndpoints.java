package io.vigil.ops.service;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What the dashboard reads: {@code GET /v1/stats} (a JSON snapshot), {@code GET /v1/stream} (server-sent
 * events: {@code stats} once a second, {@code alert} as alerts happen), and the dashboard's static files
 * ({@code /} and {@code /dashboard/*}, plain HTML and JS from the classpath, no build step).
 * <p>
 * Thread contract: any request thread; each stream holds its request thread until the client goes away or
 * the service stops, at most {@value #MAX_STREAMS} at once.
 */
final class FeedEndpoints
{
    static final int MAX_STREAMS = 8;
    private static final long ALERT_POLL_MS = 100;
    private static final String STATIC_ROOT = "/io/vigil/ops/dashboard/";

    private final ServiceMetrics metrics;
    private final LiveAlerts alerts;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile boolean stopping;

    FeedEndpoints(final ServiceMetrics metrics, final LiveAlerts alerts)
    {
        this.metrics = metrics;
        this.alerts = alerts;
    }

    void stats(final Response response, final Callback callback)
    {
        Http.json(response, callback, 200, metrics.snapshot());
    }

    void stream(final Response response, final Callback callback)
    {
        if (!streams.tryAcquire())
        {
            Http.error(response, callback, 503, "too many event streams open (" + MAX_STREAMS + ")");
            return;
        }
        try
        {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            final OutputStream out = Content.Sink.asOutputStream(response);
            long cursor = Math.max(0, alerts.count() - 20);
            long nextStatsNs = 0;
            while (!stopping)
            {
                final List<String> fresh = alerts.since(cursor);
                cursor += fresh.size();
                final StringBuilder sb = new StringBuilder();
                for (final String alert : fresh)
                {
                    sb.append("event: alert\ndata: ").append(alert).append("\n\n");
                }
                if (System.nanoTime() >= nextStatsNs)
                {
                    sb.append("event: stats\ndata: ").append(Http.JSON.writeValueAsString(metrics.snapshot()))
                        .append("\n\n");
                    nextStatsNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                if (sb.length() > 0)
                {
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                Thread.sleep(ALERT_POLL_MS);
            }
            out.close();
            callback.succeeded();
        }
        catch (final IOException ex)
        {
            callback.failed(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            callback.failed(ex);
        }
        finally
        {
            streams.release();
        }
    }

    boolean serveStatic(final String path, final Response response, final Callback callback) throws IOException
    {
        final String name = path.equals("/") || path.equals("/dashboard") || path.equals("/dashboard/") ?
            "index.html" : path.startsWith("/dashboard/") ? path.substring("/dashboard/".length()) : null;
        if (name == null || !name.matches("[a-z0-9-]+\\.(html|js|css)"))
        {
            return false;
        }
        try (InputStream in = FeedEndpoints.class.getResourceAsStream(STATIC_ROOT + name))
        {
            if (in == null)
            {
                return false;
            }
            final String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" :
                "text/css";
            Http.text(response, callback, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return true;
        }
    }

    /** Ends the open event streams (at shutdown). */
    void stop()
    {
        stopping = true;
    }
}
