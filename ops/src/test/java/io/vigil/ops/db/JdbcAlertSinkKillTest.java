package io.vigil.ops.db;

import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
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
 * A child JVM runs a backtest whose alerts go through the alert outbox into PostgreSQL, one alert per transaction so
 * the database lags behind detection, and is killed with SIGKILL once every alert is in the outbox and batches are
 * still being written. A second run on the same outbox with no input at all writes the rest, resuming after the
 * progress mark: the table then holds each alert exactly once, the same alerts, byte for byte, as a backtest of that
 * input without a database. A third run of the whole input on the same outbox appends and writes nothing again.
 */
@Tag("slow")
@Timeout(420)
class JdbcAlertSinkKillTest
{
    @Test
    void shouldWriteWhatTheOutboxHeldAfterAKillWithoutTheInputAndHoldEachAlertOnce(@TempDir final Path dir)
        throws Exception
    {
        final Path tx = dir.resolve("tx.jsonl");
        Generation.writeFiles(GeneratorConfig.builder().seed(9).events(60_000).cards(3_000).build(), tx,
            dir.resolve("truth.jsonl"));
        final Path rules = Files.writeString(dir.resolve("noisy.yaml"), DbTestSupport.NOISY_RULES);
        final Path reference = dir.resolve("reference.jsonl");
        assertThat(runInProcess("backtest", "--input", tx.toString(), "--output", reference.toString(),
            "--rules", rules.toString(), "--quiet")).isZero();
        final List<String> referenceLines = Files.readAllLines(reference);
        final Map<String, String> expected = DbTestSupport.byId(referenceLines);
        assertThat(expected).hasSizeGreaterThan(5_000);
        final Path outboxDir = dir.resolve("outbox");

        try (PostgresServer server = PostgresServer.start())
        {
            final String url = server.newDatabase();
            // one alert per transaction: the database lags far behind detection, so the kill lands mid-stream
            final Path slow = Files.writeString(dir.resolve("slow.yaml"), String.join("\n",
                "url: " + url, "user: vigil", "batch_size: 1", "flush_interval: 10ms", ""));
            final Path fast = Files.writeString(dir.resolve("fast.yaml"), String.join("\n",
                "url: " + url, "user: vigil", "batch_size: 500", "flush_interval: 10ms", ""));

            final Process first = child(dir, "first", List.of("backtest", "--input", tx.toString(), "--rules",
                rules.toString(), "--db-config", slow.toString(), "--outbox", outboxDir.toString(), "--quiet",
                "--output", dir.resolve("first.jsonl").toString()));
            final long inOutbox;
            try
            {
                DbTestSupport.await("the outbox created", 120_000, () -> Files.exists(outboxDir.resolve(
                    AlertOutbox.ID_FILE)) && DbTestSupport.rowCount(url) > 0 || !first.isAlive());
                try (AlertOutbox outbox = AlertOutbox.open(outboxDir);
                    AlertCursor cursor = outbox.newAlertCursor())
                {
                    final long[] seen = {0};
                    DbTestSupport.await("every alert in the outbox", 180_000, () -> {
                        while (cursor.next() != null)
                        {
                            seen[0]++;
                        }
                        return seen[0] >= expected.size() || !first.isAlive();
                    });
                    inOutbox = seen[0];
                }
                assertThat(first.isAlive()).as("the first run is still writing when killed").isTrue();
            }
            finally
            {
                first.destroyForcibly(); // SIGKILL
                first.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(first.exitValue()).isEqualTo(137);
            assertThat(inOutbox).isEqualTo(expected.size());
            final long afterKill = DbTestSupport.rowCount(url);
            System.out.printf("JdbcAlertSinkKillTest: killed with %,d of %,d alerts in the table, all in the outbox%n",
                afterKill, expected.size());
            assertThat(afterKill).isBetween(1L, expected.size() - 1L);

            // no input: whatever reaches the table now comes from the outbox, after the progress mark
            final Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
            final Path secondOut = dir.resolve("second.jsonl");
            final String secondLog = runChild(dir, "second", List.of("backtest", "--input", empty.toString(),
                "--rules", rules.toString(), "--db-config", fast.toString(), "--outbox", outboxDir.toString(),
                "--quiet", "--output", secondOut.toString()));
            assertThat(Files.readAllLines(secondOut)).isEmpty();
            assertThat(secondLog).contains("postgres     " + String.format("%,d", expected.size() - afterKill)
                + " alerts").contains("resumed after the progress mark");
            assertThat(DbTestSupport.rows(url)).isEqualTo(expected);

            // the whole input again on the same outbox: every alert is a repeat, nothing new is written
            final Path thirdOut = dir.resolve("third.jsonl");
            final String thirdLog = runChild(dir, "third", List.of("backtest", "--input", tx.toString(),
                "--rules", rules.toString(), "--db-config", fast.toString(), "--outbox", outboxDir.toString(),
                "--quiet", "--output", thirdOut.toString()));
            assertThat(thirdLog).contains("postgres     0 alerts").contains(String.format(
                "outbox       0 alert(s) appended this run, %,d repeat(s) skipped", expected.size()));
            assertThat(Files.readAllLines(thirdOut)).isEqualTo(referenceLines);
            assertThat(DbTestSupport.rows(url)).isEqualTo(expected);

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

    private static String runChild(final Path dir, final String name, final List<String> args) throws Exception
    {
        final Process p = child(dir, name, args);
        try
        {
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the " + name + " run finishes").isTrue();
        }
        finally
        {
            p.destroyForcibly();
        }
        final String log = Files.readString(dir.resolve(name + ".log"));
        assertThat(p.exitValue()).as(log).isZero();
        return log;
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
}
