package io.vigil.ops.cli;

import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Options of the commands that talk to a running service: where it is and the bearer token.
 */
final class HttpClientOptions
{
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
        description = "The running service (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", description = "Bearer token (default: the VIGIL_TOKEN environment variable).")
    String token;

    URI resolve(final String path)
    {
        return URI.create(url.replaceAll("/+$", "") + path);
    }

    HttpRequest.Builder authorize(final HttpRequest.Builder builder)
    {
        final String t = token != null ? token : System.getenv("VIGIL_TOKEN");
        return t == null || t.isEmpty() ? builder : builder.header("Authorization", "Bearer " + t);
    }
}
