package io.vigil.ops.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.cli.VigilCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with webhook delivery ({@code vigil demo} on a generated stream) is killed (SIGKILL) while it is
 * still emitting alerts and deliveries are in flight, then run again on the same stream and outbox (a replay
 * from the start: every alert is emitted again with its id). Some alerts were then delivered, some appended
 * but not delivered, some not yet emitted. The receiver, deduplicating by id, must end with exactly the
 * alerts a backtest of the same stream finds, and see a repeat only where the request in flight at the kill
 * or a recorded failed attempt explains it.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DeliveryKillTest
{
    private static final byte[] SECRET = "whsec-kill-test".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILL_AFTER = 10;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren()
    {
        children.forEach(Process::destroyForcibly);
    }

    private static int cli(final String... args)
    {
        final picocli.CommandLine cl = VigilCommand.newCommandLine();
        final StringWriter sink = new StringWriter();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        return cl.execute(args);
    }

    private Process child(final String name, final List<String> args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("vigil.jvm.flags", "").trim().split("\\s+")));
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(VigilCommand.class.getName());
        command.addAll(args);
        command.removeIf(String::isEmpty);
        final Process p = new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .start();
        children.add(p);
        return p;
    }

    @Test
    void shouldDeliverEachAlertOnceAcrossAKillAndRestart() throws Exception
    {
        final Path tx = dir.resolve("tx.jsonl");
        assertThat(cli("generate", "--events", "10000", "--cards", "1000", "--seed", "11", "--fraud-per-million", "10000",
            "--out", tx.toString(), "--truth", dir.resolve("truth.jsonl").toString())).isZero();
        final Path reference = dir.resolve("reference.jsonl");
        assertThat(cli("backtest", "--input", tx.toString(), "--output", reference.toString(), "--quiet")).isZero();
        final Set<String> expected = new HashSet<>();
        for (final String line : Files.readAllLines(reference))
        {
            expected.add(JSON.readTree(line).path("alert_id").asText());
        }
        assertThat(expected).hasSizeGreaterThan(50);

        try (WebhookReceiver receiver = new WebhookReceiver())
        {
            // a slow receiver (20 ms an alert): deliveries are in flight most of the time
            final URI url = receiver.endpoint("/hook", SECRET, WebhookReceiver.Misbehaviour.NONE, 0, 20);
            Files.writeString(dir.resolve("hook.secret"), new String(SECRET, StandardCharsets.UTF_8));
            final Path config = dir.resolve("webhooks.yaml");
            Files.writeString(config, String.join("\n",
                "endpoints:",
                "  - name: receiver",
                "    url: " + url,
                "    secret-file: hook.secret",
                "    timeout: 5s",
                "    retry: {initial-backoff: 50ms, max-backoff: 500ms}",
                ""));
            final Path outbox = dir.resolve("outbox");
            // the demo paces the same generated stream (same seed, cards, events, fraud rate) into the engine at
            // 1,000 events/s, so alerts are emitted over ten seconds, not at once
            final List<String> demo = List.of("demo", "--duration", "10s", "--rate", "1000", "--seed", "11", "--cards",
                "1000", "--fraud-per-million", "10000", "--alert-lines", "1", "--no-context", "--webhooks", config.toString(),
                "--outbox", outbox.toString(), "--delivery-wait", "90s");
            final List<String> args = new ArrayList<>(demo);
            args.addAll(List.of("--journal", dir.resolve("journal-1").toString()));
            final Process first = child("first", args);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // killed early: the engine is still emitting, so the rerun must append the alerts not yet in the outbox
            // and not send again those already delivered
            while (receiver.acceptedIds("/hook").size() < KILL_AFTER && first.isAlive()
                && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertThat(first.isAlive()).as("first run still delivering (stderr: %s)",
                Files.readString(dir.resolve("first.err"))).isTrue();
            first.destroyForcibly(); // SIGKILL on Linux
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
            final int beforeRestart = receiver.acceptedIds("/hook").size();
            assertThat(beforeRestart).isBetween(KILL_AFTER, expected.size() - 1);

            final List<String> rerun = new ArrayList<>(demo);
            rerun.addAll(List.of("--journal", dir.resolve("journal-2").toString()));
            final Process second = child("second", rerun);
            assertThat(second.waitFor(100, TimeUnit.SECONDS)).as("second run ends").isTrue();
            final String out = Files.readString(dir.resolve("second.out"));
            assertThat(second.exitValue()).as("exit; stdout %s stderr %s", out,
                Files.readString(dir.resolve("second.err"))).isZero();

            assertThat(receiver.acceptedIds("/hook").keySet()).isEqualTo(expected);
            final int repeats = receiver.acceptedIds("/hook").values().stream().mapToInt(AtomicInteger::get).sum()
                - expected.size();
            // a repeat is the request in flight at the kill, or one that timed out although the receiver took it
            long failedAttempts = 0;
            try (AlertOutbox box = AlertOutbox.open(outbox);
                ProgressCursor progress = box.newProgressCursor())
            {
                for (DeliveryRecord r = progress.next(); r != null; r = progress.next())
                {
                    failedAttempts += r.type() == DeliveryRecord.Type.ATTEMPT_FAILED ? 1 : 0;
                }
            }
            assertThat(repeats).as("repeats, with %d failed attempts", failedAttempts).isBetween(0,
                (int)failedAttempts + 1);
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
            // the restart replayed every alert; the outbox skipped those it already held
            assertThat(out).containsPattern("delivery +" + String.format("%,d", expected.size())
                + " alert\\(s\\) in the outbox, [1-9][\\d,]* repeat\\(s\\) skipped");
            assertThat(out).doesNotContain("not yet delivered");
        }
        assertThat(new File(dir.toFile(), "outbox")).isDirectory();
    }
}
