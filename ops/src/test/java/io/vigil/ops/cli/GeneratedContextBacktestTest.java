package io.vigil.ops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated file with context events goes through the command line: generated, backtested (every line
 * accepted, every kind journaled) and looked at with the journal tools, each kind with its own fields.
 */
class GeneratedContextBacktestTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBacktestAGeneratedFileWithEveryKindAndShowThemInTheJournal() throws Exception
    {
        final Path input = dir.resolve("events.jsonl");
        final Path truth = dir.resolve("truth.jsonl");
        final CliRun generate = CliRun.run("generate", "--events", "20000", "--cards", "300", "--seed", "5",
            "--context", "--context-per-million", "600", "--out", input.toString(), "--truth", truth.toString());
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        assertThat(generate.out()).contains("context ", "takeover-reset-then-spend", "sanctioned-country");
        final List<String> lines = Files.readAllLines(input);
        final long others = lines.stream().filter(l -> l.startsWith("{\"type\":")).count();
        assertThat(others).isPositive();

        final Path journal = dir.resolve("journal");
        final CliRun backtest = CliRun.run("backtest", "--input", input.toString(), "--output",
            dir.resolve("alerts.jsonl").toString(), "--journal", journal.toString(), "--quiet", "--truth",
            truth.toString());
        assertThat(backtest.exitCode()).as(backtest.err()).isZero();
        assertThat(backtest.out()).contains("recall", "takeover-reset-then-spend");

        final CliRun stats = CliRun.run("journal", "stats", journal.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).containsPattern("transactions\\s+" + String.format(java.util.Locale.ROOT, "%,d",
            lines.size())).contains("card_profile", "merchant_profile", "account_profile", "account_event",
            "reference");

        final CliRun inspect = CliRun.run("journal", "inspect", journal.toString(), "--index",
            firstIndex(stats.out()), "--count", "3");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("\"type\":\"reference\"", "\"list\":\"sanctioned_country\"", "\"op\":\"add\"");
    }

    private static String firstIndex(final String stats)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("indexes (\\d+) to").matcher(stats);
        assertThat(m.find()).as(stats).isTrue();
        return m.group(1);
    }
}
