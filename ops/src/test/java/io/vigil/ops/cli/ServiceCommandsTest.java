package io.vigil.ops.cli;

import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil ingest}, {@code vigil rules apply} against a running service, and {@code vigil run} refusing a bad
 * configuration with FILE:LINE:COLUMN.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceCommandsTest
{
    private static final String TOKEN = "ingest-and-admin-token";

    @TempDir
    Path dir;

    @Test
    void shouldPushAFileExactlyOnceAndNameABadLine() throws Exception
    {
        final Path file = dir.resolve("tx.jsonl");
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1200; i++)
        {
            lines.append("{\"id\":\"i-").append(i).append("\",\"ts\":").append(1_767_571_200_000L + i * 1000L)
                .append(",\"card\":\"card-").append(i % 50).append("\",\"merchant\":\"m\",\"amount\":\"3.00\",")
                .append("\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}\n");
        }
        Files.writeString(file, lines);
        try (VigilService service = start())
        {
            final String url = service.uri().toString();
            final CliRun first = CliRun.run("ingest", file.toString(), "--url", url, "--token", TOKEN, "--batch", "500");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("1,200 lines, 1,200 accepted, 0 duplicates");
            final CliRun again = CliRun.run("ingest", file.toString(), "--url", url, "--token", TOKEN);
            assertThat(again.out()).contains("1,200 lines, 0 accepted, 1,200 duplicates");
            assertThat(service.host().engine().journaled()).as("1,200 transactions and the rules journaled at start")
                .isEqualTo(1201);

            final Path bad = dir.resolve("bad.jsonl");
            Files.writeString(bad, lines.substring(0, lines.indexOf("\n") + 1) + "{\"id\":\"b\",\"ts\":1}\n");
            final CliRun refused = CliRun.run("ingest", bad.toString(), "--url", url, "--token", TOKEN);
            assertThat(refused.exitCode()).isEqualTo(65);
            assertThat(refused.err()).contains("line 2").contains("card");

            final CliRun noToken = CliRun.run("ingest", file.toString(), "--url", url, "--token", "wrong-token-1234567");
            assertThat(noToken.exitCode()).isEqualTo(2);
            assertThat(noToken.err()).contains("401").contains("wrong bearer token");
        }
    }

    @Test
    void shouldApplyRulesOrPrintEveryErrorWithLineAndColumn() throws Exception
    {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "rules:\n  - id: x\n    key: card\n    severity: high\n" +
            "    window: {type: sliding, size: 60s}\n    when: count() >= \"a\"\n");
        final Path good = dir.resolve("good.yaml");
        Files.writeString(good, "rules:\n  - id: y\n    key: card\n    severity: high\n" +
            "    window: {type: sliding, size: 60s}\n    when: count() >= 3\n");
        try (VigilService service = start())
        {
            final String url = service.uri().toString();
            final CliRun refused = CliRun.run("rules", "apply", bad.toString(), "--url", url, "--token", TOKEN);
            assertThat(refused.exitCode()).isEqualTo(65);
            assertThat(refused.out()).contains(bad + ":6:").contains("the running rules are unchanged");
            final CliRun applied = CliRun.run("rules", "apply", good.toString(), "--url", url, "--token", TOKEN);
            assertThat(applied.exitCode()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("applied as version 2, 1 rules");
        }
    }

    @Test
    void shouldRefuseABadConfigurationWithFileLineAndColumn() throws Exception
    {
        final Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "server:\n  port: 8080\nengine:\n  shard: 2\n");
        final CliRun run = CliRun.run("run", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains(config + ":4:").contains("unknown key 'shard'");
        assertThat(CliRun.run("run", "--config", dir.resolve("missing.yaml").toString()).exitCode()).isEqualTo(66);
    }

    private VigilService start() throws Exception
    {
        final ServiceConfig config = ServiceConfig.parse("test.yaml",
            "server: {port: 0}\nauth: {ingest-token: " + TOKEN + ", admin-token: " + TOKEN + "}\n");
        config.data().overrideDir(dir.resolve("data"));
        return VigilService.start(config, RuleSet.defaultPack(), List.of(), f -> f);
    }
}
