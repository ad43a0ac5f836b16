package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vigil ingest FILE|-}: pushes a JSON Lines file (or standard input) into a running service, in batches
 * through {@code POST /v1/transactions/stream}. A batch refused with 429/503 is resent after Retry-After (the
 * service deduplicates what it had already accepted), so the whole file gets in exactly once.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Send a JSON Lines file (or - for standard input) to a running service.",
        "Exit codes: 0 all accepted, 65 a line was refused (its line number and field are shown), 1 service unreachable."})
final class IngestCommand implements Callable<Integer>
{
    private static final int MAX_TRIES = 60;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "JSON Lines file, or - for standard input.")
    String file;

    @Option(names = "--batch", defaultValue = "500", description = "Lines per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    HttpClientOptions client;

    @Override
    public Integer call() throws Exception
    {
        if (batch < 1)
        {
            throw new UserError("--batch: expected at least 1, found " + batch, 2);
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (!file.equals("-") && !Files.isReadable(Path.of(file)))
        {
            throw new UserError(file + ": no such readable file", UserError.NO_INPUT);
        }
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final ObjectMapper json = new ObjectMapper();
        long lineNo = 0;
        long batchFirstLine = 1;
        long accepted = 0;
        long duplicates = 0;
        long lastIndex = -1;
        // an empty request first: a wrong token or URL is told apart from a failure mid-file (a server that
        // refuses a large body early may close the connection before the client has read the reply)
        send(http, json, "", 1);
        final long startNs = System.nanoTime();
        try (BufferedReader in = file.equals("-") ?
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) :
            Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8))
        {
            final StringBuilder body = new StringBuilder();
            int lines = 0;
            String line;
            do
            {
                line = in.readLine();
                if (line != null)
                {
                    lineNo++;
                    body.append(line).append('\n');
                    lines++;
                }
                if (lines > 0 && (lines == batch || line == null))
                {
                    final JsonNode reply = send(http, json, body.toString(), batchFirstLine);
                    accepted += reply.path("accepted").asLong();
                    duplicates += reply.path("duplicates").asLong();
                    lastIndex = reply.path("last_journal_index").asLong(lastIndex);
                    body.setLength(0);
                    lines = 0;
                    batchFirstLine = lineNo + 1;
                }
            }
            while (line != null);
        }
        out.printf(Locale.ROOT, "vigil ingest: %,d lines, %,d accepted, %,d duplicates (already accepted), "
            + "last journal index %d, in %.1f s%n", lineNo, accepted, duplicates, lastIndex,
            (System.nanoTime() - startNs) / 1e9);
        return 0;
    }

    private JsonNode send(final HttpClient http, final ObjectMapper json, final String body, final long firstLine)
        throws IOException, InterruptedException
    {
        for (int attempt = 1; ; attempt++)
        {
            final HttpRequest request = client.authorize(HttpRequest.newBuilder(client.resolve("/v1/transactions/stream"))
                .header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))).build();
            final HttpResponse<String> response;
            try
            {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            catch (final ConnectException ex)
            {
                throw new UserError("cannot reach " + client.url + ": " + (ex.getMessage() == null ? "connection refused" : ex.getMessage()), 1);
            }
            final int status = response.statusCode();
            if (status == 200)
            {
                return json.readTree(response.body());
            }
            if ((status == 429 || status == 503) && attempt < MAX_TRIES)
            {
                final long waitS = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.max(1, waitS) * 1000);
                continue;
            }
            final JsonNode error = parse(json, response.body());
            if (status == 400 && error.has("line"))
            {
                throw new UserError("line " + (firstLine - 1 + error.get("line").asLong()) +
                    (error.hasNonNull("field") ? ", field '" + error.get("field").asText() + "'" : "") + ": " +
                    error.path("error").asText().replaceFirst("^line \\d+(, field '[^']*')?: ", "")
                        .replaceFirst(" \\(every line before.*$", "") + " (lines before it were accepted)",
                    UserError.BAD_INPUT);
            }
            throw new UserError("the service answered " + status + ": " + error.path("error").asText(response.body()),
                status == 401 ? 2 : 1);
        }
    }

    private static JsonNode parse(final ObjectMapper json, final String body)
    {
        try
        {
            return json.readTree(body);
        }
        catch (final IOException ex)
        {
            return json.createObjectNode().put("error", body);
        }
    }
}
