package io.vigil.ops.service;

import io.vigil.core.engine.Engine;
import io.vigil.core.event.KeyType;
import io.vigil.core.util.Hashing;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin endpoints: {@code GET /v1/rules} (the running rules), {@code PUT /v1/rules} (change them through
 * the journal; a file with errors changes nothing and the reply lists them as {@code LINE:COLUMN: message}),
 * and {@code GET /v1/keys/{type}/{id}} (a key's live state, asked of its shard through the ring).
 * <p>
 * Thread contract: any request thread.
 */
final class AdminEndpoints
{
    private final Engine engine;
    private final RuleRegistry rules;
    private final int maxBodyBytes;

    AdminEndpoints(final Engine engine, final RuleRegistry rules, final int maxBodyBytes)
    {
        this.engine = engine;
        this.rules = rules;
        this.maxBodyBytes = maxBodyBytes;
    }

    void getRules(final Response response, final Callback callback)
    {
        Http.json(response, callback, 200, rules.describe());
    }

    void putRules(final Request request, final Response response, final Callback callback) throws IOException
    {
        final byte[] body;
        try
        {
            body = Http.body(request, maxBodyBytes);
        }
        catch (final Http.TooLarge ex)
        {
            Http.error(response, callback, 413, ex.getMessage());
            return;
        }
        final RuleRegistry.Change change = rules.apply("rules", Http.utf8(body));
        if (change.version < 0)
        {
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("errors", change.errors);
            Http.error(response, callback, 422, "the rule file has " + change.errors.size() +
                " error(s); the running rules are unchanged", extra);
            return;
        }
        final Map<String, Object> reply = rules.describe();
        reply.remove("source");
        reply.put("journaled", true);
        Http.json(response, callback, 200, reply);
    }

    void getKey(final String rest, final Response response, final Callback callback)
    {
        final int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1)
        {
            Http.error(response, callback, 404, "expected /v1/keys/{type}/{id}, with type one of card, account, " +
                "merchant, device, ip");
            return;
        }
        final KeyType keyType = KeyType.fromWireName(rest.substring(0, slash));
        if (keyType == null)
        {
            Http.error(response, callback, 404, "key type: expected card, account, merchant, device or ip, found '" +
                rest.substring(0, slash) + "'");
            return;
        }
        final String key = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        final CompletableFuture<Map<String, Object>> answer;
        try
        {
            answer = engine.queryKey(keyType, Hashing.hash(key));
        }
        catch (final IllegalStateException ex)
        {
            Http.error(response, callback, 503, ex.getMessage());
            return;
        }
        if (answer == null)
        {
            Http.error(response, callback, 503, "the engine's ring is full; ask again shortly");
            return;
        }
        final Map<String, Object> state;
        try
        {
            state = answer.get(5, TimeUnit.SECONDS);
        }
        catch (final TimeoutException | ExecutionException ex)
        {
            Http.error(response, callback, 503, "the shard did not answer: " + ex);
            return;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            Http.error(response, callback, 503, "interrupted");
            return;
        }
        if (state == null)
        {
            Http.error(response, callback, 404, "no live state for " + keyType.wireName() + " '" + key + "'");
            return;
        }
        Http.json(response, callback, 200, state);
    }
}
