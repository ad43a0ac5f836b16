package io.vigil.ops.recovery;

import io.vigil.journal.snapshot.CheckpointStore;
import io.vigil.journal.snapshot.SnapshotFile;
import io.vigil.ops.cli.VigilCommand;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery when the newest checkpoint is damaged or the journal's tail is: a flipped byte and a truncated
 * snapshot file each make recovery fall back to the checkpoint before, saying why; a truncated last journal
 * entry (a crash mid-append) is skipped and recorded, also on later restarts. In each case the state the run
 * ends with is byte-identical to that of the undamaged run (its final checkpoint's snapshot bodies), and no
 * alert is lost or changed.
 */
class RecoveryFallbackTest
{
    @TempDir
    static Path shared;

    private static Path input;
    private static Map<String, String> expected;

    @TempDir
    Path tmp;

    @BeforeAll
    static void generate() throws IOException
    {
        input = shared.resolve("tx.jsonl");
        assertThat(run("generate", "--events", "15000", "--cards", "400", "--seed", "9", "--out", input.toString(),
            "--truth", shared.resolve("truth.jsonl").toString())[0]).isEqualTo("0");
        final Path expectedFile = shared.resolve("expected.jsonl");
        assertThat(run("backtest", "--input", input.toString(), "--output", expectedFile.toString(), "--quiet")[0])
            .isEqualTo("0");
        expected = AlertFiles.byId(expectedFile);
        assertThat(expected.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestHasAFlippedByte() throws IOException
    {
        final Path data = finishedRun();
        final Map<Integer, byte[]> before = finalState(data);
        final Path newest = newestCheckpoint(data).resolve("shard-0.snap");
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(newest, bytes);

        final String[] rerun = rerun(data);
        assertThat(rerun[0]).isEqualTo("0");
        assertThat(rerun[1]).contains("checkpoint not used").contains("checksum mismatch")
            .contains("recovered from checkpoint");
        assertThat(finalState(data)).as("state after recovering from the older checkpoint")
            .containsExactlyInAnyOrderEntriesOf(before);
        assertAlertsComplete(data);
    }

    @Test
    void shouldFallBackToThePreviousCheckpointWhenTheNewestIsTruncated() throws IOException
    {
        final Path data = finishedRun();
        final Map<Integer, byte[]> before = finalState(data);
        final Path newest = newestCheckpoint(data).resolve("shard-1.snap");
        final byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        final String[] rerun = rerun(data);
        assertThat(rerun[0]).isEqualTo("0");
        assertThat(rerun[1]).contains("checkpoint not used").contains("truncated").contains("recovered from checkpoint");
        assertThat(finalState(data)).containsExactlyInAnyOrderEntriesOf(before);
        assertAlertsComplete(data);
    }

    @Test
    void shouldSkipAndRecordATruncatedLastJournalEntry() throws IOException
    {
        final Path data = finishedRun();
        final Map<Integer, byte[]> before = finalState(data);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(data.resolve("journal")).build();
            ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument())
        {
            // a transaction entry whose header promises 336 bytes, cut short after 10
            dc.wire().bytes().writeInt(1);
            dc.wire().bytes().writeInt(336);
            dc.wire().bytes().write(new byte[10]);
        }
        final String[] rerun = rerun(data);
        assertThat(rerun[0]).as(rerun[1]).isEqualTo("0");
        assertThat(rerun[1]).contains("1 damaged journal entry skipped");
        assertThat(Files.readString(data.resolve("journal-damage")).trim()).matches("\\d+");
        assertThat(finalState(data)).containsExactlyInAnyOrderEntriesOf(before);

        // the damaged entry is now in the middle of the journal: known, so skipped again; a fresh replay from the
        // journal's start (every checkpoint removed) goes past it too and ends in the same state
        deleteCheckpoints(data);
        final String[] again = rerun(data);
        assertThat(again[0]).as(again[1]).isEqualTo("0");
        assertThat(again[1]).contains("the journal's start").contains("1 damaged journal entry skipped");
        assertThat(finalState(data)).containsExactlyInAnyOrderEntriesOf(before);
        assertAlertsComplete(data);
    }

    @Test
    void shouldRecordAndApplyOtherRulesGivenAtRestart() throws IOException
    {
        final Path data = finishedRun();
        final String other = String.join("\n", "rules:", "  - id: card-velocity-30s", "    key: card",
            "    window: { type: sliding, size: 30s }", "    when: count() >= 3", "    severity: high", "");
        final Path otherFile = tmp.resolve("other.yaml");
        Files.writeString(otherFile, other);
        final String[] rerun = run("backtest", "--input", input.toString(), "--output", tmp.resolve("b.jsonl").toString(),
            "--data-dir", data.toString(), "--shards", "2", "--rules", otherFile.toString(), "--quiet");
        assertThat(rerun[0]).as(rerun[1]).isEqualTo("0");
        assertThat(rerun[1]).contains("recovered from checkpoint");
        // the journal says which rules ran when: the first rule set at the start, the other one from the restart
        final String[] stats = run("journal", "stats", data.toString());
        assertThat(stats[1]).containsPattern("rule changes\\s+2");
        assertThat(Files.readString(newestCheckpoint(data).resolve(CheckpointStore.RULES_FILE))).isEqualTo(other);
    }

    private Path finishedRun()
    {
        final Path data = tmp.resolve("data");
        final String[] result = run("backtest", "--input", input.toString(), "--output", tmp.resolve("a.jsonl").toString(),
            "--data-dir", data.toString(), "--checkpoint-every", "3000", "--checkpoints-kept", "3", "--shards", "2",
            "--quiet");
        assertThat(result[0]).as(result[1]).isEqualTo("0");
        return data;
    }

    private String[] rerun(final Path data)
    {
        return run("backtest", "--input", input.toString(), "--output", tmp.resolve("a.jsonl").toString(),
            "--data-dir", data.toString(), "--checkpoint-every", "3000", "--checkpoints-kept", "3", "--shards", "2",
            "--quiet");
    }

    private void assertAlertsComplete(final Path data) throws IOException
    {
        assertThat(AlertFiles.byId(tmp.resolve("a.jsonl"))).isEqualTo(expected);
    }

    /** @return each shard's snapshot body of the newest complete checkpoint: the run's final state. */
    static Map<Integer, byte[]> finalState(final Path data) throws IOException
    {
        final Map<Integer, byte[]> state = new TreeMap<>();
        final Path newest = newestCheckpoint(data);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(newest, "shard-*.snap"))
        {
            for (final Path file : files)
            {
                final SnapshotFile snapshot = SnapshotFile.read(file);
                final byte[] body = new byte[snapshot.body().capacity()];
                snapshot.body().getBytes(0, body);
                state.put(snapshot.shardId(), body);
            }
        }
        return state;
    }

    static Path newestCheckpoint(final Path data) throws IOException
    {
        final List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(data.resolve("checkpoints"), "checkpoint-*"))
        {
            stream.forEach(dirs::add);
        }
        return dirs.stream().filter(d -> Files.exists(d.resolve("MANIFEST"))).max(Comparator.naturalOrder())
            .orElseThrow();
    }

    private static void deleteCheckpoints(final Path data) throws IOException
    {
        try (var walk = Files.walk(data.resolve("checkpoints")))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** @return {exit code, stdout + stderr}. */
    static String[] run(final String... args)
    {
        final CommandLine cl = VigilCommand.newCommandLine();
        final StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return new String[] {String.valueOf(cl.execute(args)), out.toString()};
    }
}
