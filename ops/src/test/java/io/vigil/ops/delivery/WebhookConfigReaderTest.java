package io.vigil.ops.delivery;

import io.vigil.core.alert.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookConfigReaderTest
{
    @TempDir
    Path dir;

    private WebhookConfig read(final String yaml) throws Exception
    {
        final Path file = dir.resolve("webhooks.yaml");
        Files.writeString(file, yaml);
        return WebhookConfigReader.read(file, Map.of("HOOK_SECRET", "s3cret-from-env")::get);
    }

    private String errorsOf(final String yaml)
    {
        try
        {
            read(yaml);
            throw new AssertionError("accepted: " + yaml);
        }
        catch (final WebhookConfigException ex)
        {
            return String.join("\n", ex.errors());
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldReadEveryFieldOfTheDocumentedExample() throws Exception
    {
        Files.writeString(dir.resolve("ops.secret"), "file-secret\n");
        final WebhookConfig config = read(String.join("\n",
            "endpoints:",
            "  - name: fraud-team",
            "    url: https://hooks.example.com/vigil",
            "    secret-env: HOOK_SECRET",
            "    filter:",
            "      rules: [card-testing, card-velocity-60s]",
            "      severities: [high, critical]",
            "      tags: [velocity]",
            "    timeout: 5s",
            "    batch-size: 10",
            "    retry:",
            "      max-attempts: 20",
            "      max-age: 6h",
            "      initial-backoff: 500ms",
            "      max-backoff: 2m",
            "    circuit-breaker:",
            "      failures: 3",
            "      open-for: 1m",
            "  - name: ops",
            "    url: http://127.0.0.1:9000/alerts",
            "    secret-file: ops.secret",
            ""));
        assertThat(config.endpoints()).hasSize(2);
        final EndpointConfig a = config.endpoints().get(0);
        assertThat(a.name()).isEqualTo("fraud-team");
        assertThat(a.url()).isEqualTo(URI.create("https://hooks.example.com/vigil"));
        assertThat(new String(a.secret(), StandardCharsets.UTF_8)).isEqualTo("s3cret-from-env");
        assertThat(a.filter()).isEqualTo(new EndpointFilter(Set.of("card-testing", "card-velocity-60s"),
            Set.of(Severity.HIGH, Severity.CRITICAL), Set.of("velocity")));
        assertThat(a.timeoutMs()).isEqualTo(5_000);
        assertThat(a.batchSize()).isEqualTo(10);
        assertThat(a.retry()).isEqualTo(new RetryPolicy(20, 6 * 3_600_000L, 500, 120_000));
        assertThat(a.breakerFailures()).isEqualTo(3);
        assertThat(a.breakerOpenMs()).isEqualTo(60_000);
        assertThat(a.toString()).doesNotContain("s3cret");
        final EndpointConfig b = config.endpoints().get(1);
        assertThat(new String(b.secret(), StandardCharsets.UTF_8)).isEqualTo("file-secret");
        assertThat(b.filter()).isEqualTo(EndpointFilter.ALL);
        assertThat(b.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void shouldNameLineAndColumnOfAnUnknownKey()
    {
        assertThat(errorsOf(String.join("\n",
            "endpoints:",
            "  - name: a",
            "    url: http://localhost/x",
            "    secret-env: HOOK_SECRET",
            "    retries: 3",
            "")))
            .endsWith("webhooks.yaml:5:5: unknown key 'retries' in an endpoint; expected one of batch-size, "
                + "circuit-breaker, filter, name, retry, secret-env, secret-file, timeout, url");
    }

    @Test
    void shouldReportEveryErrorWithItsPosition()
    {
        final String errors = errorsOf(String.join("\n",
            "endpoints:",
            "  - name: a",
            "    url: ftp://localhost/x",
            "    secret-env: MISSING_VAR",
            "    timeout: 5 seconds",
            "    filter:",
            "      severities: [urgent]",
            "    batch-size: 0",
            ""));
        assertThat(errors).contains(
            ":3:10: 'url': expected an http:// or https:// URL with a host, found 'ftp://localhost/x'",
            ":4:17: 'secret-env': the environment variable MISSING_VAR is not set or empty",
            ":5:14: 'timeout': expected a positive duration such as 500ms, 10s, 5m, 1h or 1d, found '5 seconds'",
            ":7:19: 'severities': expected low, medium, high or critical, found 'urgent'",
            ":8:17: 'batch-size': expected a whole number in 1..1000, found 0");
        assertThat(errors).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseAnEndpointWithoutASecretAndDuplicateNames()
    {
        assertThat(errorsOf(String.join("\n",
            "endpoints:",
            "  - name: a",
            "    url: http://localhost/x",
            "  - name: b",
            "    url: http://localhost/y",
            "    secret-env: HOOK_SECRET",
            "  - name: b",
            "    url: http://localhost/z",
            "    secret-env: HOOK_SECRET",
            "")))
            .contains(":2:5: expected exactly one of 'secret-env'")
            .contains(":7:5: endpoint name 'b' is used twice");
    }

    @Test
    void shouldRefuseAnEmptyFileAndBrokenYaml()
    {
        assertThat(errorsOf("")).endsWith("webhooks.yaml:1:1: expected a mapping with an 'endpoints' list, found an empty file");
        assertThat(errorsOf("endpoints: [\n")).contains("webhooks.yaml:2:1: not valid YAML");
    }
}
