package io.vigil.ops.db;

import io.vigil.ops.cli.VigilCommand;
import io.vigil.ops.generate.Generation;
import io.vigil.ops.generate.GeneratorConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM runs a backtest that writes its alerts into PostgreSQL in small batches and is killed with SIGKILL
 * while batches are being written; run again over the same input, it leaves the table holding each alert exactly
 * once, the same alerts, byte for byte, as a backtest of that input without a database.
 */
@Tag("slow")
@Timeout(420)
class JdbcAlertSinkKillTest
{
    @Test
    void shouldHoldEachAlertOnceAfterAKillAndARestart(@TempDir final Path dir) throws Exception
    {
        final Path tx = dir.resolve("tx.jsonl");
        Generation.writeFiles(GeneratorConfig.builder().seed(9).events(100_000).cards(3_000).build(), tx,
            dir.resolve("truth.jsonl"));
        final Path rules = Files.writeString(dir.resolve("noisy.yaml"), DbTestSupport.NOISY_RULES);
        final Path reference = dir.resolve("reference.jsonl");
        assertThat(runInProcess("backtest", "--input", tx.toString(), "--output", reference.toString(),
            "--rules", rules.toString(), "--quiet")).isZero();
        final List<String> referenceLines = Files.readAllLines(reference);
        final Map<String, String> expected = DbTestSupport.byId(referenceLines);
        assertThat(expected).hasSizeGreaterThan(10_000);

        try (PostgresServer server = PostgresServer.start())
        {
            final String url = server.newDatabase();
            // small batches and a small queue: the run is paced by the database, so the kill lands mid-stream
            final Path dbConfig = Files.writeString(dir.resolve("db.yaml"), String.join("\n",
                "url: " + url, "user: vigil", "batch_size: 20", "flush_interval: 10ms", "queue_capacity: 200", ""));
            final List<String> backtest = List.of("backtest", "--input", tx.toString(), "--rules", rules.toString(),
                "--db-config", dbConfig.toString(), "--quiet", "--output");

            final Process first = child(dir, "first", concat(backtest, dir.resolve("first.jsonl").toString()));
            try
            {
                DbTestSupport.await("2,000 alerts in the table", 180_000, () -> DbTestSupport.rowCount(url) >= 2_000
                    || !first.isAlive());
                assertThat(first.isAlive()).as("the first run is still writing when killed").isTrue();
            }
            finally
            {
                first.destroyForcibly(); // SIGKILL
                first.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(first.exitValue()).isEqualTo(137);
            final long afterKill = DbTestSupport.rowCount(url);
            System.out.printf("JdbcAlertSinkKillTest: killed with %,d of %,d alerts in the table%n", afterKill,
                expected.size());
            assertThat(afterKill).isBetween(2_000L, expected.size() - 1L);

            final Path secondOut = dir.resolve("second.jsonl");
            final Process second = child(dir, "second", concat(backtest, secondOut.toString()));
            try
            {
                assertThat(second.waitFor(240, TimeUnit.SECONDS)).as("the second run finishes").isTrue();
            }
            finally
            {
                second.destroyForcibly();
            }
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
            assertThat(Files.readString(dir.resolve("second.log"))).contains("postgres     " + String.format("%,d",
                expected.size()) + " alerts");

            final Map<String, String> rows = DbTestSupport.rows(url);
            assertThat(rows).hasSameSizeAs(expected);
            assertThat(rows).isEqualTo(expected);
            assertThat(Files.readAllLines(secondOut)).isEqualTo(referenceLines);

            // the export tool gives the same alerts back, ordered by event time
            final Path exported = dir.resolve("exported.jsonl");
            assertThat(runInProcess("alerts", "export", "--db", url, "--user", "vigil", "--since", "2026-01-01",
                "--output", exported.toString())).isZero();
            final List<String> exportedLines = Files.readAllLines(exported);
            assertThat(exportedLines).containsExactlyInAnyOrderElementsOf(referenceLines);
            final List<Long> times = new ArrayList<>();
            for (final String line : exportedLines)
            {
                times.add(AlertRow.fromJson(0, line).eventTimeMs());
            }
            assertThat(times).isSorted();
        }
    }

    private static int runInProcess(final String... args)
    {
        final CommandLine cl = VigilCommand.newCommandLine();
        final StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        final int code = cl.execute(args);
        if (code != 0)
        {
            System.err.println(Arrays.toString(args) + " exited " + code + ": " + err);
        }
        return code;
    }

    private static Process child(final Path dir, final String name, final List<String> args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("-Ddisable"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), VigilCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static List<String> concat(final List<String> a, final String b)
    {
        final List<String> result = new ArrayList<>(a);
        result.add(b);
        return result;
    }
}
