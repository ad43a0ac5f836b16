package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil run} in a child JVM, stopped with SIGTERM while clients are sending: it stops gracefully (the
 * shutdown hook drains and closes), and every transaction it acknowledged is in the journal afterwards.
 */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunCommandSigtermTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Test
    void shouldStopGracefullyOnSigtermLosingNoAcknowledgedTransaction() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-sigterm");
        final Path log = dir.resolve("service.log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("vigil.jvm.flags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")), VigilCommand.class.getName(), "run", "--port", "0", "--data",
            dir.resolve("data").toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try
        {
            final URI base = awaitListening(log, process);
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final Map<String, Long> acked = new ConcurrentHashMap<>();
            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++)
            {
                final int client = c;
                final Thread t = new Thread(() -> send(http, base, client, acked, stop), "client-" + c);
                t.start();
                clients.add(t);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < 2_000 && System.nanoTime() < deadline)
            {
                LockSupport.parkNanos(10_000_000);
            }
            assertThat(acked.size()).as("acknowledged before SIGTERM").isGreaterThanOrEqualTo(2_000);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            stop.set(true);
            for (final Thread t : clients)
            {
                t.join(30_000);
            }
            assertThat(Files.readString(log)).contains("event=service_stopping", "event=engine_closed drained=true",
                "event=service_stopped");
            final Map<String, Long> journaled = journaledIds(dir.resolve("data").resolve("journal"));
            for (final Map.Entry<String, Long> e : acked.entrySet())
            {
                assertThat(journaled.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void send(
        final HttpClient http, final URI base, final int client, final Map<String, Long> acked, final AtomicBoolean stop)
    {
        for (int n = 0; !stop.get() && n < 1_000_000; n++)
        {
            final StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 20; i++)
            {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"s-").append(client).append('-').append(n).append('-')
                    .append(i).append("\",\"ts\":").append(1_767_571_200_000L + n).append(",\"card\":\"card-")
                    .append(client).append("\",\"merchant\":\"m\",\"amount\":\"1.00\",\"currency\":\"EUR\",")
                    .append("\"country\":\"DE\",\"status\":\"approved\"}");
            }
            try
            {
                final HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/transactions"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200)
                {
                    for (final JsonNode result : JSON.readTree(r.body()).get("results"))
                    {
                        acked.put(result.get("id").asText(), result.get("journal_index").asLong());
                    }
                }
            }
            catch (final java.io.IOException ex)
            {
                LockSupport.parkNanos(50_000_000); // the service is going away; stop when told
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static URI awaitListening(final Path log, final Process process) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            final Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find())
            {
                return URI.create(m.group(1));
            }
            assertThat(process.isAlive()).as("service exited: " + Files.readString(log)).isTrue();
            LockSupport.parkNanos(50_000_000);
        }
        throw new AssertionError("service did not start: " + Files.readString(log));
    }

    private static Map<String, Long> journaledIds(final Path journal)
    {
        final Map<String, Long> ids = new HashMap<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[EventSlot.CAPACITY]);
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.readAll((index, type, buffer, offset, length) ->
            {
                if (type == EventSlot.TYPE_TRANSACTION)
                {
                    copy.putBytes(0, buffer, offset, length);
                    ids.put(tx.wrap(copy, 0).id(), index);
                }
            });
        }
        return ids;
    }

}
