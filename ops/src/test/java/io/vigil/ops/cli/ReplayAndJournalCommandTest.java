package io.vigil.ops.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil replay} and {@code vigil journal}: replaying a journal with another rule set gives exactly the
 * alerts a backtest with that rule set gives (byte for byte); with its own rules, those of the original run;
 * {@code --diff} counts the differences by alert id; {@code --from} keeps only later alerts; the journal tools
 * count, tail and inspect entries and name what is wrong with a bad argument.
 */
class ReplayAndJournalCommandTest
{
    private static final String OTHER_RULES = String.join("\n",
        "rules:",
        "  - id: card-velocity-30s",
        "    key: card",
        "    filter: status == \"approved\"",
        "    window: { type: sliding, size: 30s }",
        "    when: count() >= 3",
        "    severity: high",
        "    cooldown: 1m",
        "  - id: card-amount-sum-1h",
        "    key: card",
        "    filter: status == \"approved\"",
        "    window: { type: sliding, size: 1h }",
        "    when: sum(amount) >= 2000",
        "    severity: medium",
        "    cooldown: 1h",
        "");

    @TempDir
    static Path dir;

    private static Path input;
    private static Path journal;
    private static Path original;

    @BeforeAll
    static void backtestWithJournal() throws IOException
    {
        input = dir.resolve("tx.jsonl");
        journal = dir.resolve("journal");
        original = dir.resolve("original.jsonl");
        assertThat(CliRun.run("generate", "--events", "20000", "--cards", "500", "--seed", "13", "--out",
            input.toString(), "--truth", dir.resolve("truth.jsonl").toString()).exitCode()).isZero();
        assertThat(CliRun.run("backtest", "--input", input.toString(), "--output", original.toString(), "--journal",
            journal.toString(), "--quiet").exitCode()).isZero();
        Files.writeString(dir.resolve("other.yaml"), OTHER_RULES);
    }

    @Test
    void replayWithANewRuleSetShouldGiveWhatABacktestWithItGives() throws IOException
    {
        final Path replayed = dir.resolve("replayed.jsonl");
        final CliRun replay = CliRun.run("replay", "--journal", journal.toString(), "--rules",
            dir.resolve("other.yaml").toString(), "--output", replayed.toString(), "--diff");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        final Path backtest = dir.resolve("backtest-other.jsonl");
        assertThat(CliRun.run("backtest", "--input", input.toString(), "--rules", dir.resolve("other.yaml").toString(),
            "--output", backtest.toString(), "--quiet").exitCode()).isZero();
        assertThat(Files.readAllBytes(replayed)).isEqualTo(Files.readAllBytes(backtest));
        assertThat(Files.readAllLines(replayed)).isNotEmpty();

        // the diff: every original alert of a rule the new set lacks is removed, every new-rule alert added
        final List<String> diff = Files.readAllLines(dir.resolve("replayed.jsonl.diff.jsonl"), StandardCharsets.UTF_8);
        final long removedVelocity60 = diff.stream()
            .filter(l -> l.contains("\"change\":\"removed\"") && l.contains("card-velocity-60s")).count();
        final long originalVelocity60 = Files.readAllLines(original).stream()
            .filter(l -> l.contains("\"rule\":\"card-velocity-60s\"")).count();
        assertThat(removedVelocity60).isEqualTo(originalVelocity60).isPositive();
        final long added30 = diff.stream().filter(l -> l.contains("\"change\":\"added\"") && l.contains("card-velocity-30s"))
            .count();
        assertThat(added30).isEqualTo(Files.readAllLines(replayed).stream()
            .filter(l -> l.contains("\"rule\":\"card-velocity-30s\"")).count());
        assertThat(replay.out()).contains("diff ").contains("removed");
    }

    @Test
    void replayWithTheRulesThatRanShouldReproduceTheOriginalAlerts() throws IOException
    {
        final Path replayed = dir.resolve("same.jsonl");
        assertThat(CliRun.run("replay", "--journal", journal.toString(), "--output", replayed.toString()).exitCode())
            .isZero();
        assertThat(Files.readAllBytes(replayed)).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void replayFromATimeShouldKeepOnlyLaterAlertsUnchanged() throws IOException
    {
        final List<String> all = Files.readAllLines(original);
        final String middle = all.get(all.size() / 2);
        final String fromTime = middle.replaceAll(".*\"event_time\":\"([^\"]+)\".*", "$1");
        final Path replayed = dir.resolve("from.jsonl");
        assertThat(CliRun.run("replay", "--journal", journal.toString(), "--from", fromTime, "--output",
            replayed.toString()).exitCode()).isZero();
        final List<String> later = all.stream()
            .filter(l -> l.replaceAll(".*\"event_time\":\"([^\"]+)\".*", "$1").compareTo(fromTime) >= 0).toList();
        assertThat(Files.readAllLines(replayed)).containsExactlyElementsOf(later).isNotEmpty().hasSizeLessThan(all.size());
    }

    @Test
    void journalToolsShouldCountTailAndInspect()
    {
        final CliRun stats = CliRun.run("journal", "stats", journal.toString());
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out()).containsPattern("transactions\\s+20,000").containsPattern("ticks\\s+1")
            .contains("damaged      0 entries");
        final CliRun tail = CliRun.run("journal", "tail", journal.toString(), "-n", "2");
        assertThat(tail.out().trim().split("\n")).hasSize(2);
        assertThat(tail.out()).contains("\"type\":\"tick\"").contains("end of input").contains("tx-0000020000");
        final CliRun inspect = CliRun.run("journal", "inspect", journal.toString(), "--count", "1");
        assertThat(inspect.out()).contains("\"id\":\"tx-0000000001\"").contains("\"key_hashes\"");

        final CliRun badIndex = CliRun.run("journal", "inspect", journal.toString(), "--index", "12");
        assertThat(badIndex.exitCode()).isEqualTo(65);
        assertThat(badIndex.err()).contains("--index 12: no such entry; the journal holds indexes");
        final CliRun missing = CliRun.run("journal", "stats", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(66);
        assertThat(missing.err()).contains("no journal here");
        final CliRun badFrom = CliRun.run("replay", "--journal", journal.toString(), "--from", "yesterday", "--output",
            dir.resolve("x.jsonl").toString());
        assertThat(badFrom.exitCode()).isEqualTo(2);
        assertThat(badFrom.err()).contains("--from: expected a journal index");
    }
}
