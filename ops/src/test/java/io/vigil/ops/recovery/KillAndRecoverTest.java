package io.vigil.ops.recovery;

import io.vigil.ops.cli.VigilCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof by killing: a child JVM runs {@code backtest --data-dir} (journal, checkpoints every few thousand
 * events) on generated traffic with injected fraud; the test kills it with SIGKILL ({@link Process#destroyForcibly})
 * several times (at random moments, and once while a checkpoint is being written), restarts it on the same
 * directory each time, and lets the last run finish. The alerts it wrote across all runs, deduplicated by alert
 * id, must equal an uninterrupted backtest's: none missing, none changed, none extra, and an alert emitted
 * twice across a restart has the same id and content. With 1 and with 2 shards.
 */
@Tag("slow")
class KillAndRecoverTest
{
    // enough input that a run on a quiet machine is still going when the kills come (30,000 finished too soon)
    private static final int EVENTS = 100_000;
    private static final long RUN_TIMEOUT_S = 120;

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void oneShardShouldLoseAndChangeNoAlertAcrossKills() throws Exception
    {
        killAndRecover(1, 41, false);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoShardsShouldLoseAndChangeNoAlertAcrossKills() throws Exception
    {
        killAndRecover(2, 42, false);
    }

    /**
     * The same with the generator's context events (profiles, merchants, reference lists, account events) and
     * contextual cases: the tables and the account-keyed join go through checkpoints and replay, and the join
     * rules fire in the alerts compared.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoShardsWithTablesShouldLoseAndChangeNoAlertAcrossKills() throws Exception
    {
        killAndRecover(2, 43, true);
    }

    private void killAndRecover(final int shards, final long seed, final boolean context) throws Exception
    {
        final Path input = tmp.resolve("tx.jsonl");
        final List<String> generate = new ArrayList<>(List.of("generate", "--events", String.valueOf(EVENTS),
            "--cards", "800", "--seed", "5", "--out", input.toString(), "--truth", tmp.resolve("truth.jsonl").toString()));
        if (context)
        {
            // 600 per million: 60 contextual cases over the 100,000 transactions, 10 of each join rule
            generate.addAll(List.of("--context", "--context-per-million", "600"));
        }
        assertThat(VigilCommand.newCommandLine().execute(generate.toArray(new String[0]))).isZero();
        final Path expectedFile = tmp.resolve("expected.jsonl");
        assertThat(VigilCommand.newCommandLine().execute("backtest", "--input", input.toString(), "--output",
            expectedFile.toString(), "--quiet")).isZero();
        final Map<String, String> expected = AlertFiles.byId(expectedFile);
        assertThat(expected.size()).as("alerts of the uninterrupted run").isGreaterThanOrEqualTo(10);
        if (context)
        {
            final Set<String> rules = new TreeSet<>();
            for (final String alert : expected.values())
            {
                final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rule\":\"([^\"]+)\"").matcher(alert);
                assertThat(m.find()).as(alert).isTrue();
                rules.add(m.group(1));
            }
            assertThat(rules).as("join rules among the alerts compared")
                .contains("blocked-card-used", "takeover-reset-then-spend", "high-risk-customer-large");
        }

        final Path dataDir = tmp.resolve("data");
        final Path output = tmp.resolve("alerts.jsonl");
        final SplittableRandom random = new SplittableRandom(seed);
        int kills = 0;
        final List<String> logs = new ArrayList<>();
        for (int attempt = 0; attempt < 8 && kills < 3; attempt++)
        {
            final Path log = tmp.resolve("run-" + attempt + ".log");
            final Process child = start(input, output, dataDir, shards, log);
            // every run is killed only once it has completed a checkpoint of its own, so restarts recover from
            // checkpoints; the second is killed while a checkpoint is being written
            final int completedBefore = completedCheckpoints(dataDir);
            final boolean killed = awaitCheckpoint(child, dataDir, completedBefore) &&
                (kills == 1 ? killDuringCheckpoint(child, dataDir) : killAfter(child, random.nextInt(300)));
            logs.add(Files.readString(log, StandardCharsets.UTF_8));
            if (killed)
            {
                kills++;
            }
            else
            {
                break; // it finished before the kill: the input is done
            }
        }
        final Path log = tmp.resolve("run-final.log");
        final Process last = start(input, output, dataDir, shards, log);
        assertThat(last.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)).as("final run finishes").isTrue();
        final String finalLog = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(last.exitValue()).as(finalLog).isZero();
        logs.add(finalLog);

        assertThat(kills).as("the child was killed at least twice before finishing").isGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", logs)).as("some restart recovered from a checkpoint")
            .contains("recovered from checkpoint");
        final Map<String, String> actual = AlertFiles.byId(output);
        final Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        final Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        assertThat(missing).as("alerts lost across the kills").isEmpty();
        assertThat(extra).as("alerts an uninterrupted run does not give").isEmpty();
        for (final Map.Entry<String, String> alert : expected.entrySet())
        {
            assertThat(actual.get(alert.getKey())).as("alert %s", alert.getKey()).isEqualTo(alert.getValue());
        }
        assertThat(AlertFiles.lineCount(output)).as("alerts written, duplicates included")
            .isGreaterThanOrEqualTo(expected.size());

        // and the state it ends with is byte for byte that of an uninterrupted run with checkpoints
        final Path reference = tmp.resolve("reference");
        assertThat(VigilCommand.newCommandLine().execute("backtest", "--input", input.toString(), "--output",
            tmp.resolve("reference.jsonl").toString(), "--data-dir", reference.toString(), "--shards",
            String.valueOf(shards), "--quiet")).isZero();
        final Map<Integer, byte[]> referenceState = RecoveryFallbackTest.finalState(reference);
        final Map<Integer, byte[]> recoveredState = RecoveryFallbackTest.finalState(dataDir);
        assertThat(recoveredState.keySet()).isEqualTo(referenceState.keySet());
        for (final Map.Entry<Integer, byte[]> shard : referenceState.entrySet())
        {
            assertThat(recoveredState.get(shard.getKey())).as("final state of shard %d", shard.getKey())
                .isEqualTo(shard.getValue());
        }
    }

    private Process start(final Path input, final Path output, final Path dataDir, final int shards, final Path log)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native") || arg.startsWith("--sun-misc"))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(VigilCommand.class.getName());
        command.addAll(List.of("backtest", "--input", input.toString(), "--output", output.toString(),
            "--data-dir", dataDir.toString(), "--checkpoint-every", "4000", "--checkpoints-kept", "2",
            "--shards", String.valueOf(shards), "--quiet"));
        final Process child = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    /** Waits until the child has completed a checkpoint more than {@code before}; @return false if it exited. */
    private static boolean awaitCheckpoint(final Process child, final Path dataDir, final int before) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_TIMEOUT_S);
        while (System.nanoTime() < deadlineNs)
        {
            if (!child.isAlive())
            {
                return false;
            }
            if (completedCheckpoints(dataDir) > before)
            {
                return true;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no checkpoint completed within " + RUN_TIMEOUT_S + " s");
    }

    /** @return the highest id of a checkpoint with a manifest, 0 if none. */
    private static int completedCheckpoints(final Path dataDir) throws IOException
    {
        final Path checkpoints = dataDir.resolve("checkpoints");
        int newest = 0;
        if (!Files.isDirectory(checkpoints))
        {
            return 0;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(checkpoints, "checkpoint-*"))
        {
            for (final Path dir : dirs)
            {
                if (Files.exists(dir.resolve("MANIFEST")))
                {
                    newest = Math.max(newest, Integer.parseInt(dir.getFileName().toString().substring(11)));
                }
            }
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return newest;
        }
        return newest;
    }

    /** Kills the child after {@code delayMs} of running; @return whether it was still running. */
    private static boolean killAfter(final Process child, final long delayMs) throws InterruptedException
    {
        if (child.waitFor(delayMs, TimeUnit.MILLISECONDS))
        {
            return false;
        }
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        return true;
    }

    /** Kills the child as soon as a checkpoint directory without its manifest (being written) shows up. */
    private static boolean killDuringCheckpoint(final Process child, final Path dataDir) throws Exception
    {
        final Path checkpoints = dataDir.resolve("checkpoints");
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadlineNs)
        {
            if (!child.isAlive())
            {
                return false;
            }
            if (checkpointBeingWritten(checkpoints))
            {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                return true;
            }
            Thread.sleep(2);
        }
        return killAfter(child, 0);
    }

    private static boolean checkpointBeingWritten(final Path checkpoints) throws IOException
    {
        if (!Files.isDirectory(checkpoints))
        {
            return false;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(checkpoints))
        {
            for (final Path dir : dirs)
            {
                if (Files.isDirectory(dir) && !Files.exists(dir.resolve("MANIFEST")))
                {
                    return true;
                }
            }
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return false; // pruned while listing
        }
        return false;
    }
}
