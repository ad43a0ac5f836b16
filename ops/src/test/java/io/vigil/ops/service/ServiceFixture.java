package io.vigil.ops.service;

import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.rules.RuleSet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A running service on an ephemeral port over a temporary data directory, and an HTTP client for it.
 */
final class ServiceFixture implements AutoCloseable
{
    static final long T0 = 1_767_571_200_000L;

    final Path dataDir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    VigilService service;
    private final boolean ownsDir;

    ServiceFixture(final String yaml) throws Exception
    {
        this(yaml, Files.createTempDirectory("vigil-service-test"), true, f -> f);
    }

    ServiceFixture(final String yaml, final Path dataDir, final boolean ownsDir,
        final UnaryOperator<ShardProgramFactory> decorate) throws Exception
    {
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        final ServiceConfig config = ServiceConfig.parse("test.yaml", yaml);
        config.server().overridePort(0);
        config.data().overrideDir(dataDir);
        if (!yaml.contains("idle-tick"))
        {
            // tests that count journal entries or hold windows open must not see ticks from a slow, loaded box
            config.ingest().overrideIdleTick(java.time.Duration.ZERO);
        }
        service = VigilService.start(config, RuleSet.defaultPack(), List.of(), decorate);
    }

    URI uri(final String path)
    {
        return URI.create(service.uri() + path);
    }

    HttpResponse<String> post(final String path, final String body, final String token) throws IOException, InterruptedException
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(final String path, final String body, final String token) throws IOException, InterruptedException
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String path, final String token) throws IOException, InterruptedException
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String tx(final String id, final long tsMs, final String card, final String amount)
    {
        return "{\"id\":\"" + id + "\",\"ts\":" + tsMs + ",\"card\":\"" + card + "\",\"merchant\":\"m-1\",\"amount\":\"" +
            amount + "\",\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}";
    }

    @Override
    public void close() throws IOException
    {
        if (service != null)
        {
            service.close();
        }
        if (ownsDir)
        {
            deleteRecursively(dataDir);
        }
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
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
