package io.vigil.ops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The --db-config option and the alerts export command, on their error paths (no database needed). */
@Timeout(60)
class DbOptionTest
{
    @Test
    void shouldRefuseABadConfigurationNamingLineAndColumn(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("tx.jsonl"), "");
        final Path config = Files.writeString(dir.resolve("db.yaml"), "url: jdbc:postgresql://127.0.0.1/x\n"
            + "batch_size: 0\n");
        final CliRun run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--db-config", config.toString());
        assertThat(run.exitCode()).isEqualTo(65);
        assertThat(run.err()).contains(config + ":2:13: batch_size: expected 1 to 10000, found 0");
        assertThat(dir.resolve("a.jsonl")).doesNotExist();
    }

    @Test
    void shouldSayWhenTheConfigurationFileIsMissing(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("tx.jsonl"), "");
        final CliRun run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--db-config", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(66);
        assertThat(run.err()).contains("--db-config").contains("no such readable file");
    }

    @Test
    void shouldStopWithoutShowingThePasswordWhenTheDatabaseCannotBeReached(@TempDir final Path dir) throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0))
        {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("tx.jsonl"), "");
        Files.writeString(dir.resolve("pw"), "pw-not-for-logs");
        final Path config = Files.writeString(dir.resolve("db.yaml"), "url: jdbc:postgresql://127.0.0.1:" + port
            + "/vigil\nuser: vigil\npassword_file: pw\n");
        final CliRun run = CliRun.run("backtest", "--input", dir.resolve("tx.jsonl").toString(), "--output",
            dir.resolve("a.jsonl").toString(), "--db-config", config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot start the PostgreSQL sink")
            .contains("jdbc:postgresql://127.0.0.1:" + port + "/vigil").doesNotContain("pw-not-for-logs");
    }

    @Test
    void shouldRefuseAnUnreadableExportTime()
    {
        final CliRun run = CliRun.run("alerts", "export", "--db", "jdbc:postgresql://127.0.0.1/x", "--since", "yesterday");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--since: expected an ISO-8601 instant");
    }
}
