package io.vigil.ops.cli;

import io.vigil.core.alert.AlertIds;
import io.vigil.ops.delivery.EndpointConfig;
import io.vigil.ops.delivery.HttpClients;
import io.vigil.ops.delivery.WebhookRequests;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code vigil webhook}: tools for webhook endpoints.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Tools for webhook endpoints.",
    subcommands = {WebhookCommand.Test.class, CommandLine.HelpCommand.class})
final class WebhookCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: test");
    }

    /** {@code vigil webhook test URL}: sends one signed test alert and prints the answer. */
    @Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Send one signed test alert (rule 'vigil-webhook-test', a fresh id) to URL, as delivery "
            + "would, and print the request's headers and the answer.",
            "Exit codes: 0 the endpoint answered 2xx, 1 it did not (or could not be reached), 2 bad option, "
                + "66 secret file missing."})
    static final class Test implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "URL", description = "The endpoint (http or https).")
        URI url;

        @Option(names = "--secret", description = "Signing secret (visible to other users in the process list: "
            + "prefer --secret-env or --secret-file).")
        String secret;

        @Option(names = "--secret-env", paramLabel = "VAR", description = "Environment variable holding the secret.")
        String secretEnv;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "File holding the secret.")
        Path secretFile;

        @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Request timeout (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws IOException, InterruptedException
        {
            final byte[] key = secret();
            final EndpointConfig endpoint;
            try
            {
                endpoint = EndpointConfig.of("test", url, key).withTimeoutAndBatch(timeout.toMillis(), 1);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UserError(ex.getMessage(), 2);
            }
            final AlertIds ids = new AlertIds().reset().add("vigil-webhook-test")
                .add(ThreadLocalRandom.current().nextLong()).add(System.nanoTime());
            final String id = AlertIds.toHex(ids.hi(), ids.lo());
            final long nowMs = System.currentTimeMillis();
            final String json = "{\"alert_id\":\"" + id + "\",\"rule\":\"vigil-webhook-test\",\"rule_version\":1,"
                + "\"severity\":\"low\",\"key_type\":\"card\",\"key\":\"test-card\",\"tx_id\":\"test-tx\","
                + "\"event_time\":\"" + Instant.ofEpochMilli(nowMs) + "\",\"event_time_ms\":" + nowMs
                + ",\"details\":{\"test\":true}}";
            final byte[] body = json.getBytes(StandardCharsets.UTF_8);
            final HttpRequest request = WebhookRequests.request(endpoint, body, id, id, 1, nowMs / 1000);
            final PrintWriter out = spec.commandLine().getOut();
            out.println("POST " + url);
            request.headers().map().forEach((name, values) -> out.println(name + ": " + String.join(",", values)));
            out.println();
            out.println(json);
            out.println();
            final HttpClient client = HttpClients.forEndpoint(url, timeout);
            try
            {
                final HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                out.println("answer: HTTP " + response.statusCode());
                final String answer = response.body();
                out.println(answer.length() > 2000 ? answer.substring(0, 2000) + "…" : answer);
                return response.statusCode() >= 200 && response.statusCode() < 300 ? 0 : 1;
            }
            catch (final IOException ex)
            {
                out.println("no answer: " + ex);
                return 1;
            }
        }

        private byte[] secret() throws IOException
        {
            final int given = (secret != null ? 1 : 0) + (secretEnv != null ? 1 : 0) + (secretFile != null ? 1 : 0);
            if (given != 1)
            {
                throw new UserError("expected exactly one of --secret, --secret-env or --secret-file", 2);
            }
            if (secret != null)
            {
                return secret.getBytes(StandardCharsets.UTF_8);
            }
            if (secretEnv != null)
            {
                final String value = System.getenv(secretEnv);
                if (value == null || value.isEmpty())
                {
                    throw new UserError("--secret-env: the environment variable " + secretEnv + " is not set", 2);
                }
                return value.getBytes(StandardCharsets.UTF_8);
            }
            if (!Files.isReadable(secretFile))
            {
                throw new UserError("--secret-file " + secretFile + ": no such readable file", UserError.NO_INPUT);
            }
            return Files.readString(secretFile, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
        }
    }
}
