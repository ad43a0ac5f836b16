package io.vigil.ops.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.TransactionFlyweight;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's edges over real HTTP: a table of bad requests (each refused with the right status and the
 * field named, nothing accepted), tokens, 429 with Retry-After under a full ring, and a graceful stop that
 * loses no acknowledged transaction.
 */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServiceEdgesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INGEST = "ingest-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";

    @Test
    void shouldRefuseEveryBadRequestNamingTheProblemAndAcceptNothing() throws Exception
    {
        final String huge = "[" + (tx("h", T0, "c", "1.00") + ",").repeat(20_000) + tx("h", T0, "c", "1.00") + "]";
        final String tooMany = "[" + (tx("b", T0, "c", "1.00") + ",").repeat(1000) + tx("b", T0, "c", "1.00") + "]";
        final String valid = tx("ok", T0, "c", "1.00");
        // body, token, expected status, expected text in the error
        final Object[][] table = {
            {"{\"id\":\"x\",", INGEST, 400, "malformed JSON"},
            {"not json", INGEST, 400, "malformed JSON"},
            {"42", INGEST, 400, "expected a JSON object or an array"},
            {"[]", INGEST, 400, "at least one transaction"},
            {"[42]", INGEST, 400, "expected a JSON object"},
            {valid.replace("\"1.00\"", "\"x\""), INGEST, 400, "field 'amount'"},
            {valid.replace("\"1.00\"", "\"-1.00\""), INGEST, 400, "field 'amount'"},
            {valid.replace("\"ts\":" + T0, "\"ts\":true"), INGEST, 400, "field 'ts'"},
            {valid.replace("\"card\":\"c\",", ""), INGEST, 400, "card"},
            {valid.replace("\"currency\":\"EUR\"", "\"currency\":5"), INGEST, 400, "field 'currency'"},
            {"[" + valid + "," + valid.replace("\"status\":\"approved\"", "\"status\":\"maybe\"") + "]", INGEST, 400,
                "transaction 1: field 'status'"},
            {huge, INGEST, 413, "larger than the limit"},
            {tooMany, INGEST, 413, "at most 1000"},
            {valid, null, 401, "missing bearer token"},
            {valid, "wrong-token-0123456789", 401, "wrong bearer token"},
            {valid, ADMIN, 401, "wrong bearer token"},
        };
        try (ServiceFixture f = new ServiceFixture(auth()))
        {
            for (final Object[] row : table)
            {
                final HttpResponse<String> r = f.post("/v1/transactions", (String)row[0], (String)row[1]);
                final String what = ((String)row[0]).substring(0, Math.min(60, ((String)row[0]).length()));
                assertThat(r.statusCode()).as(what).isEqualTo(row[2]);
                assertThat(JSON.readTree(r.body()).get("error").asText()).as(what).contains((String)row[3]);
            }
            assertThat(f.service.host().engine().published()).as("only the rules journaled at start").isEqualTo(1);
            assertThat(f.post("/v1/transactions", valid, INGEST).statusCode()).isEqualTo(200);
            // the server still works after all that, and admin endpoints want the admin token
            assertThat(f.get("/v1/rules", INGEST).statusCode()).isEqualTo(401);
            assertThat(f.get("/v1/rules", ADMIN).statusCode()).isEqualTo(200);
            assertThat(f.get("/v1/keys/card/c", null).statusCode()).isEqualTo(401);
            assertThat(f.get("/v1/stats?token=" + ADMIN, null).statusCode()).isEqualTo(200);
            assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterWhileTheRingIsFullAndAcceptTheRetryOnce() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 40; i++)
        {
            batch.append(i == 0 ? "" : ",").append(tx("f-" + i, T0 + i, "card-" + i, "1.00"));
        }
        batch.append(']');
        final Path dir = Files.createTempDirectory("vigil-full");
        try (ServiceFixture f = new ServiceFixture("engine: {ring-size: 8}\n", dir, true, paused(release)))
        {
            final HttpResponse<String> full = f.post("/v1/transactions", batch.toString(), null);
            assertThat(full.statusCode()).isEqualTo(429);
            assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(f.get("/metrics", null).body()).contains("vigil_ingest_ring_full_total 1");
            release.countDown();
            // a client resends on 429 (Retry-After says when; the test does not wait that long): the shards drain
            // the ring at their own pace, so the resend may meet a full ring again, but not forever
            HttpResponse<String> retry = f.post("/v1/transactions", batch.toString(), null);
            for (int attempt = 1; retry.statusCode() == 429 && attempt < 100; attempt++)
            {
                Thread.sleep(50);
                retry = f.post("/v1/transactions", batch.toString(), null);
            }
            assertThat(retry.statusCode()).isEqualTo(200);
            final JsonNode body = JSON.readTree(retry.body());
            assertThat(body.get("duplicates").asInt()).isPositive();
            assertThat(body.get("accepted").asInt() + body.get("duplicates").asInt()).isEqualTo(40);
            final Path journal = f.service.host().journalDir();
            f.service.close();
            assertThat(ServiceHttpTest.journaledIds(journal)).hasSize(40);
        }
    }

    @Test
    void shouldLoseNoAcknowledgedTransactionWhenStoppedUnderLoad() throws Exception
    {
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        final AtomicLong refusedAfterStop = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Path journal;
        try (ServiceFixture f = new ServiceFixture(""))
        {
            final List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++)
            {
                final int client = c;
                final Thread t = new Thread(() ->
                {
                    for (int n = 0; !stop.get() && n < 100_000; n++)
                    {
                        final StringBuilder body = new StringBuilder("[");
                        for (int i = 0; i < 10; i++)
                        {
                            body.append(i == 0 ? "" : ",").append(
                                tx("g-" + client + "-" + n + "-" + i, T0 + n, "card-" + client, "1.00"));
                        }
                        try
                        {
                            final HttpResponse<String> r = f.post("/v1/transactions", body.append(']').toString(), null);
                            if (r.statusCode() != 200)
                            {
                                refusedAfterStop.incrementAndGet();
                                continue;
                            }
                            for (final JsonNode result : JSON.readTree(r.body()).get("results"))
                            {
                                acked.put(result.get("id").asText(), result.get("journal_index").asLong());
                            }
                        }
                        catch (final ConnectException ex)
                        {
                            return;
                        }
                        catch (final Exception ex)
                        {
                            refusedAfterStop.incrementAndGet();
                            if (f.service == null)
                            {
                                return;
                            }
                        }
                    }
                }, "client-" + c);
                t.start();
                clients.add(t);
            }
            ServiceHttpTest.awaitTrue(() -> acked.size() >= 1_000);
            f.service.close();
            stop.set(true);
            for (final Thread t : clients)
            {
                t.join(30_000);
            }
            journal = f.service.host().journalDir();
            final Map<String, Long> journaled = ServiceHttpTest.journaledIds(journal);
            assertThat(acked).isNotEmpty();
            for (final Map.Entry<String, Long> e : acked.entrySet())
            {
                assertThat(journaled.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    private static String auth()
    {
        return "auth: {ingest-token: " + INGEST + ", admin-token: " + ADMIN + "}\n";
    }

    private static java.util.function.UnaryOperator<ShardProgramFactory> paused(final CountDownLatch release)
    {
        return factory -> (shardId, shardCount) ->
        {
            final ShardProgram inner = factory.create(shardId, shardCount);
            return new ShardProgram()
            {
                @Override
                public void onTransaction(final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
                {
                    try
                    {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    inner.onTransaction(tx, journalIndex, alerts);
                }
            };
        };
    }
}
