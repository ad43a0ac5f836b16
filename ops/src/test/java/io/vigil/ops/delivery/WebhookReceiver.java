package io.vigil.ops.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver for tests: the JDK's HTTP server on a loopback ephemeral port. Each path misbehaves as
 * told for its first requests (answers 500, hangs, closes the connection), then accepts. It records every
 * request, checks every signature with the path's secret, and counts each alert id received in an accepted
 * request (the receiver deduplicating by id keeps the keys).
 */
final class WebhookReceiver implements AutoCloseable
{
    enum Misbehaviour
    {
        NONE, ERROR_500, HANG, CLOSE
    }

    /** One request as received. */
    record Received(String path, String idempotencyKey, String signature, boolean signatureValid, List<String> ids,
        boolean accepted, boolean batch)
    {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, AtomicInteger>> acceptedIds = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param path        the path, e.g. "/flaky".
     * @param secret      the signing secret the receiver knows.
     * @param misbehaviour what to do to the first {@code times} requests.
     * @param times       how many requests misbehave (-1: all).
     * @param delayMs     a pause before each accepted answer, ms (a slow receiver).
     * @return the URL to post to.
     */
    URI endpoint(final String path, final byte[] secret, final Misbehaviour misbehaviour, final int times,
        final long delayMs)
    {
        final AtomicInteger count = new AtomicInteger();
        acceptedIds.put(path, new ConcurrentHashMap<>());
        server.createContext(path, exchange -> handle(exchange, path, secret, misbehaviour, times, count, delayMs));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(final HttpExchange exchange, final String path, final byte[] secret, final Misbehaviour m,
        final int times, final AtomicInteger count, final long delayMs) throws IOException
    {
        final byte[] body;
        try (InputStream in = exchange.getRequestBody())
        {
            body = in.readAllBytes();
        }
        final int n = count.incrementAndGet();
        final boolean misbehave = m != Misbehaviour.NONE && (times < 0 || n <= times);
        final String signature = exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER);
        final boolean valid = WebhookSigner.verify(secret, signature, body, System.currentTimeMillis() / 1000, 300);
        final JsonNode tree = JSON.readTree(body);
        final List<String> ids = new ArrayList<>();
        if (tree.isArray())
        {
            tree.forEach(a -> ids.add(a.path("alert_id").asText()));
        }
        else
        {
            ids.add(tree.path("alert_id").asText());
        }
        received.add(new Received(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), signature, valid, ids,
            !misbehave && valid, tree.isArray()));
        if (misbehave)
        {
            switch (m)
            {
                case ERROR_500:
                    respond(exchange, 500);
                    return;
                case HANG:
                    try
                    {
                        stop.await(30, TimeUnit.SECONDS);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                default:
                    // closing before any answer: the server drops the connection
                    exchange.close();
                    return;
            }
        }
        if (!valid)
        {
            respond(exchange, 401);
            return;
        }
        if (delayMs > 0)
        {
            try
            {
                Thread.sleep(delayMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        for (final String id : ids)
        {
            acceptedIds.get(path).computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
        respond(exchange, 200);
    }

    private static void respond(final HttpExchange exchange, final int status) throws IOException
    {
        final byte[] answer = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** @return every request, in arrival order. */
    List<Received> received()
    {
        return List.copyOf(received);
    }

    /**
     * @param path a path.
     * @return each alert id accepted there, with how many times it was accepted.
     */
    Map<String, AtomicInteger> acceptedIds(final String path)
    {
        return acceptedIds.get(path);
    }

    @Override
    public void close()
    {
        stop.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
