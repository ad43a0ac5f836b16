package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.engine.EventSlot;
import io.vigil.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestCommandTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_767_571_200_000L;

    @TempDir
    Path dir;

    @Test
    void shouldFireVelocityOnTheFifthApprovedTransactionAndCardTestingOnTheHit() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            lines.add(tx("v-" + i, T0 + i * 10_000L, "card-fast", "12.00", "approved"));
        }
        lines.add(tx("w-0", T0, "card-calm", "12.00", "approved"));
        for (int i = 0; i < 3; i++)
        {
            lines.add(tx("p-" + i, T0 + 100_000 + i * 1000L, "card-probed", "0.50", "declined"));
        }
        lines.add(tx("p-hit", T0 + 200_000, "card-probed", "750.00", "approved"));
        final Path input = write("tx.jsonl", lines);
        final Path output = dir.resolve("alerts.jsonl");

        final CliRun run = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<JsonNode> alerts = readJson(output);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).path("rule").asText()).isEqualTo("card-velocity-60s");
        assertThat(alerts.get(0).path("key").asText()).isEqualTo("card-fast");
        assertThat(alerts.get(0).path("tx_id").asText()).isEqualTo("v-4");
        assertThat(alerts.get(0).path("details").path("count()").asInt()).isEqualTo(5);
        assertThat(alerts.get(0).path("details").path("tx_ids").toString())
            .isEqualTo("[\"v-0\",\"v-1\",\"v-2\",\"v-3\",\"v-4\"]");
        assertThat(alerts.get(1).path("rule").asText()).isEqualTo("card-testing");
        assertThat(alerts.get(1).path("tx_id").asText()).isEqualTo("p-hit");
        assertThat(alerts.get(1).path("severity").asText()).isEqualTo("critical");
        assertThat(alerts.get(1).path("alert_id").asText()).hasSize(32);
        assertThat(run.out()).contains("events       10 in", "card-velocity-60s", "alerts       2");
    }

    @Test
    void shouldStopAtABadLineNamingLineAndField() throws Exception
    {
        final Path input = write("tx.jsonl", List.of(
            tx("a", T0, "c", "1.00", "approved"),
            "",
            tx("b", T0 + 1, "c", "-5.00", "approved")));

        final CliRun run = CliRun.run("backtest", "--input", input.toString(), "--output",
            dir.resolve("alerts.jsonl").toString(), "--quiet");

        assertThat(run.exitCode()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.err()).contains("line 3, field 'amount': must not be negative", "--on-error skip");
    }

    @Test
    void shouldSkipBadLinesIntoTheRejectsFileAndCountThem() throws Exception
    {
        final Path input = write("tx.jsonl", List.of(
            tx("a", T0, "c", "1.00", "approved"),
            "{not json",
            tx("b", T0 + 1, "c", "1.00", "maybe"),
            tx("c", T0 + 2, "c", "1.00", "approved")));
        final Path rejects = dir.resolve("rejects.jsonl");

        final CliRun run = CliRun.run("backtest", "--input", input.toString(), "--output",
            dir.resolve("alerts.jsonl").toString(), "--on-error", "skip", "--rejects", rejects.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("events       2 in", "rejected     2 lines");
        final List<JsonNode> rejected = readJson(rejects);
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(rejected.get(0).path("error").asText()).contains("malformed JSON");
        assertThat(rejected.get(0).path("input").asText()).isEqualTo("{not json");
        assertThat(rejected.get(1).path("line").asInt()).isEqualTo(3);
        assertThat(rejected.get(1).path("field").asText()).isEqualTo("status");
    }

    @Test
    void shouldJournalEveryAcceptedTransaction() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            lines.add(tx(String.format("t-%03d", i), T0 + i, "card-" + (i % 7), "3.00", "approved"));
        }
        final Path journal = dir.resolve("journal");

        final CliRun run = CliRun.run("backtest", "--input", write("tx.jsonl", lines).toString(),
            "--output", dir.resolve("alerts.jsonl").toString(), "--journal", journal.toString(), "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final int[] byType = new int[3];
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.readAll((index, type, buffer, offset, length) -> byType[type]++);
        }
        assertThat(byType[EventSlot.TYPE_TRANSACTION]).isEqualTo(100);
        assertThat(byType[EventSlot.TYPE_TICK]).as("the final tick that closes every window").isEqualTo(1);
    }

    @Test
    void shouldRunAnotherRuleFileAndRefuseABadOneWithItsErrors() throws Exception
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            lines.add(tx("b-" + i, T0 + i * 1000L, "card-big", "150.00", "approved"));
        }
        final Path input = write("tx.jsonl", lines);
        final Path rules = write("big.yaml", List.of(
            "rules:",
            "  - id: big-spender",
            "    key: card",
            "    window: { type: sliding, size: 10m }",
            "    when: sum(amount) >= 300",
            "    severity: low",
            "    cooldown: 10m"));
        final Path output = dir.resolve("alerts.jsonl");

        final CliRun good = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--rules", rules.toString(), "--quiet");

        assertThat(good.exitCode()).as(good.err()).isZero();
        final List<JsonNode> alerts = readJson(output);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).path("rule").asText()).isEqualTo("big-spender");
        assertThat(alerts.get(0).path("tx_id").asText()).isEqualTo("b-1");

        final Path bad = write("bad.yaml", List.of(
            "rules:",
            "  - id: big-spender",
            "    key: card",
            "    window: { type: sliding, size: 10m }",
            "    when: sum(amount) >= \"300\"",
            "    severity: low"));
        final CliRun refused = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--rules", bad.toString(), "--quiet");

        assertThat(refused.exitCode()).isEqualTo(UserError.BAD_INPUT);
        assertThat(refused.err()).contains("bad.yaml:5:");
    }

    @Test
    void shouldWriteALateEventToTheLateOutputUnlessTheBoundCoversIt() throws Exception
    {
        final Path input = write("tx.jsonl", List.of(
            tx("t-0", T0, "c", "1.00", "approved"),
            tx("t-1", T0 + 120_000, "c", "1.00", "approved"),
            tx("t-2", T0 + 10_000, "c", "1.00", "approved")));
        final Path rules = write("tumbling.yaml", List.of(
            "rules:",
            "  - id: per-minute",
            "    key: card",
            "    window: { type: tumbling, size: 1m, fire: on-close }",
            "    when: count() >= 1",
            "    severity: low"));
        final Path output = dir.resolve("alerts.jsonl");
        final Path late = dir.resolve("late.jsonl");

        final CliRun strict = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--rules", rules.toString(), "--late-output", late.toString(), "--quiet");

        assertThat(strict.exitCode()).as(strict.err()).isZero();
        assertThat(strict.out()).contains("late events  1 records");
        final List<JsonNode> lateRecords = readJson(late);
        assertThat(lateRecords).hasSize(1);
        assertThat(lateRecords.get(0).path("late_event").asBoolean()).isTrue();
        assertThat(lateRecords.get(0).path("tx_id").asText()).isEqualTo("t-2");
        assertThat(readJson(output)).extracting(a -> a.path("details").path("count()").asInt())
            .containsExactly(1, 1);

        Files.delete(late);
        final CliRun bounded = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--rules", rules.toString(), "--late-output", late.toString(), "--out-of-order", "5m", "--quiet");

        assertThat(bounded.exitCode()).as(bounded.err()).isZero();
        assertThat(late).doesNotExist();
        assertThat(readJson(output)).extracting(a -> a.path("details").path("count()").asInt())
            .containsExactlyInAnyOrder(2, 1);

        final Path lenient = write("lenient.yaml", List.of(
            "rules:",
            "  - id: per-minute",
            "    key: card",
            "    window: { type: tumbling, size: 1m, fire: on-close, lateness: 2m }",
            "    when: count() >= 1",
            "    severity: low"));
        final CliRun allowed = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--rules", lenient.toString(), "--late-output", late.toString(), "--quiet");

        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(late).as("2 minutes of allowed lateness take t-2 in").doesNotExist();
        assertThat(readJson(output)).extracting(a -> a.path("details").path("count()").asInt())
            .containsExactlyInAnyOrder(2, 1);
    }

    @Test
    void shouldReportAMissingInputFile()
    {
        final CliRun run = CliRun.run("backtest", "--input", dir.resolve("nope.jsonl").toString(),
            "--output", dir.resolve("alerts.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(UserError.NO_INPUT);
        assertThat(run.err()).contains("nope.jsonl: no such readable file");
    }

    @Test
    void shouldRejectAnUnknownWaitStrategy() throws Exception
    {
        final CliRun run = CliRun.run("backtest", "--input", write("tx.jsonl", List.of()).toString(),
            "--output", dir.resolve("alerts.jsonl").toString(), "--wait-strategy", "hope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("wait strategy: expected one of blocking, sleeping, yielding, busy-spin");
    }

    static String tx(final String id, final long ts, final String card, final String amount, final String status)
    {
        return "{\"id\":\"" + id + "\",\"ts\":" + ts + ",\"card\":\"" + card + "\",\"merchant\":\"m-1\"," +
            "\"mcc\":5411,\"amount\":" + amount + ",\"currency\":\"EUR\",\"country\":\"DE\",\"channel\":\"pos\"," +
            "\"status\":\"" + status + "\"}";
    }

    private Path write(final String name, final List<String> lines) throws Exception
    {
        final Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    static List<JsonNode> readJson(final Path p) throws Exception
    {
        final List<JsonNode> result = new ArrayList<>();
        for (final String line : Files.readAllLines(p))
        {
            result.add(JSON.readTree(line));
        }
        return result;
    }
}
