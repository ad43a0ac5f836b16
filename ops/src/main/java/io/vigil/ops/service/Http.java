package io.vigil.ops.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small helpers for the service's Jetty handlers: JSON replies, error replies that name the problem, bodies
 * read with a size limit.
 * <p>
 * Thread contract: stateless; any request thread.
 */
final class Http
{
    static final ObjectMapper JSON = new ObjectMapper();
    /** Most bytes of a refused request's body read and dropped so that the client sees the refusal. */
    static final long DISCARD_LIMIT_BYTES = 16L * 1024 * 1024;

    /** Thrown when a request body is larger than allowed. */
    static final class TooLarge extends IOException
    {
        private static final long serialVersionUID = 1L;

        TooLarge(final String message)
        {
            super(message);
        }
    }

    private Http()
    {
    }

    static void json(final Response response, final Callback callback, final int status, final Object body)
    {
        final String text;
        try
        {
            text = JSON.writeValueAsString(body);
        }
        catch (final IOException ex)
        {
            callback.failed(ex);
            return;
        }
        text(response, callback, status, "application/json", text);
    }

    static void text(
        final Response response, final Callback callback, final int status, final String contentType, final String text)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, text, callback);
    }

    static void error(final Response response, final Callback callback, final int status, final String message)
    {
        error(response, callback, status, message, null);
    }

    static void error(
        final Response response, final Callback callback, final int status, final String message,
        final Map<String, Object> extra)
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (extra != null)
        {
            body.putAll(extra);
        }
        json(response, callback, status, body);
    }

    /**
     * Reads a whole body, refusing one larger than {@code maxBytes} (by its Content-Length before reading, or
     * while reading when it has none).
     */
    static byte[] body(final Request request, final int maxBytes) throws IOException
    {
        final long declared = request.getLength();
        if (declared > maxBytes)
        {
            throw new TooLarge("request body of " + declared + " bytes is larger than the limit of " + maxBytes);
        }
        try (InputStream in = Request.asInputStream(request))
        {
            final byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes)
            {
                throw new TooLarge("request body is larger than the limit of " + maxBytes + " bytes");
            }
            return bytes;
        }
    }

    /**
     * Reads and drops what is left of a request body, up to {@value #DISCARD_LIMIT_BYTES} bytes, before a refusal
     * (401, 413) is sent: a client still sending its body then reads the refusal instead of a reset connection.
     * A longer body is cut off (the connection closes after the reply).
     */
    static void discardBody(final Request request)
    {
        try (InputStream in = Request.asInputStream(request))
        {
            final byte[] scratch = new byte[16 * 1024];
            long total = 0;
            int n;
            while (total < DISCARD_LIMIT_BYTES && (n = in.read(scratch)) >= 0)
            {
                total += n;
            }
        }
        catch (final IOException ex)
        {
            // the client went away or stalled: the refusal is sent anyway, and the connection closes
        }
    }

    static String utf8(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
