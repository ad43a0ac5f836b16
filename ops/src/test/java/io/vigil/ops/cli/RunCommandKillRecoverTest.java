package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil run} in a child JVM, killed with SIGKILL after a checkpoint and one more transaction, then started
 * again on the same data directory: it recovers from the checkpoint, replays the transaction journaled after it,
 * and the velocity window goes on (the next transaction fires the alert that needs the four before the kill).
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RunCommandKillRecoverTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final long T0 = 1_767_571_200_000L;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldRecoverFromTheCheckpointAndTheJournalAfterSigkill() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-sigkill");
        final Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "checkpoints:\n  every-events: 3\ningest:\n  idle-tick: 0s\n");
        Process process = null;
        try
        {
            process = start(dir, config, dir.resolve("first.log"));
            URI base = awaitListening(dir.resolve("first.log"), process);
            assertThat(post(base, "[" + tx("k-0", 0) + "," + tx("k-1", 1) + "," + tx("k-2", 2) + "]").statusCode())
                .isEqualTo(200);
            final Path checkpoints = dir.resolve("data").resolve("checkpoints");
            await(() -> hasManifest(checkpoints));
            assertThat(post(base, tx("k-3", 3)).statusCode()).isEqualTo(200);
            final URI first = base;
            await(() -> windowEvents(first) == 4);
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            process = start(dir, config, dir.resolve("second.log"));
            base = awaitListening(dir.resolve("second.log"), process);
            final String log = Files.readString(dir.resolve("second.log"));
            assertThat(log).contains("event=engine_recovered").containsPattern("checkpoint_id=[1-9]")
                .contains("last_transaction_id=k-3");
            assertThat(windowEvents(base)).as("restored from the checkpoint, the rest replayed").isEqualTo(4);
            assertThat(post(base, tx("k-4", 4)).statusCode()).isEqualTo(200);
            final URI second = base;
            await(() -> metrics(second).contains("vigil_alerts_total{rule=\"card-velocity-60s\"} 1"));
            assertThat(post(base, tx("k-3", 3)).body()).as("dedup rebuilt from the journal").contains("\"duplicate\":true");
        }
        finally
        {
            if (process != null)
            {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Process start(final Path dir, final Path config, final Path log) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("vigil.jvm.flags", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")), VigilCommand.class.getName(), "run", "--config", config.toString(),
            "--port", "0", "--data", dir.resolve("data").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String tx(final String id, final int second)
    {
        return "{\"id\":\"" + id + "\",\"ts\":" + (T0 + second * 1000L) + ",\"card\":\"card-k\",\"merchant\":\"m\"," +
            "\"amount\":\"20.00\",\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}";
    }

    private HttpResponse<String> post(final URI base, final String body) throws Exception
    {
        return http.send(HttpRequest.newBuilder(base.resolve("/v1/transactions")).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(final URI base, final String path)
    {
        try
        {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
        catch (final Exception ex)
        {
            throw new AssertionError(path, ex);
        }
    }

    private String metrics(final URI base)
    {
        return get(base, "/metrics");
    }

    private int windowEvents(final URI base)
    {
        try
        {
            final JsonNode key = JSON.readTree(get(base, "/v1/keys/card/card-k"));
            for (final JsonNode rule : key.path("rules"))
            {
                if (rule.get("rule").asText().equals("card-velocity-60s"))
                {
                    return rule.get("window_events").asInt();
                }
            }
            return -1;
        }
        catch (final java.io.IOException ex)
        {
            return -1;
        }
    }

    private static boolean hasManifest(final Path checkpoints)
    {
        if (!Files.isDirectory(checkpoints))
        {
            return false;
        }
        try (Stream<Path> dirs = Files.list(checkpoints))
        {
            return dirs.anyMatch(d -> Files.exists(d.resolve("MANIFEST")));
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    private static void await(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
            LockSupport.parkNanos(20_000_000);
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
}
