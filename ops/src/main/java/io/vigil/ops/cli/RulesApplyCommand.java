package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules apply FILE}: changes the rules of a running service ({@code PUT /v1/rules}). The change
 * is journaled, so replay sees it at the same position; a file with errors changes nothing, and every error is
 * printed as {@code FILE:LINE:COLUMN: message} (exit 65).
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Change the rules of a running service (journaled). A file with errors changes nothing.",
        "Exit codes: 0 applied, 65 errors in the file (each as FILE:LINE:COLUMN: message), 66 file missing, "
            + "1 service unreachable."})
final class RulesApplyCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Rule file (YAML).")
    Path file;

    @Mixin
    HttpClientOptions client;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(file) || !Files.isReadable(file))
        {
            throw new UserError(file + ": no such readable file", UserError.NO_INPUT);
        }
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final HttpRequest request = client.authorize(HttpRequest.newBuilder(client.resolve("/v1/rules"))
            .header("Content-Type", "application/yaml")
            .timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.ofFile(file))).build();
        final HttpResponse<String> response;
        try
        {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final ConnectException ex)
        {
            throw new UserError("cannot reach " + client.url + ": " + (ex.getMessage() == null ? "connection refused" : ex.getMessage()), 1);
        }
        final JsonNode reply = new ObjectMapper().readTree(response.body());
        if (response.statusCode() == 200)
        {
            out.println(file + ": applied as version " + reply.path("version").asLong() + ", " +
                reply.path("rules").size() + " rules (journaled)");
            return 0;
        }
        if (response.statusCode() == 422)
        {
            for (final JsonNode error : reply.path("errors"))
            {
                out.println(error.asText().replaceFirst("^rules:", file + ":"));
            }
            out.println(reply.path("errors").size() + " error(s); the running rules are unchanged");
            return UserError.BAD_INPUT;
        }
        throw new UserError("the service answered " + response.statusCode() + ": " + reply.path("error").asText(),
            response.statusCode() == 401 ? 2 : 1);
    }
}
