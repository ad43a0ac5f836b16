package io.vigil.ops.cli;

import io.vigil.ops.report.Recall;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator, the command line and the engine together: determinism across shard counts and runs, and
 * the recall of injected fraud.
 */
class GeneratedTrafficBacktestTest
{
    @TempDir
    static Path dir;

    static Path input;
    static Path truth;

    @BeforeAll
    static void generate()
    {
        input = dir.resolve("tx.jsonl");
        truth = dir.resolve("truth.jsonl");
        final CliRun run = CliRun.run("generate", "--events", "200000", "--cards", "4000", "--seed", "7",
            "--out", input.toString(), "--truth", truth.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void shouldWriteByteIdenticalAlertsWithOneOrTwoShardsAndOnEveryRun() throws Exception
    {
        final Path one = backtest("one.jsonl", "1");
        final Path two = backtest("two.jsonl", "2");
        final Path twoAgain = backtest("two-again.jsonl", "2");

        final byte[] expected = Files.readAllBytes(one);
        assertThat(expected.length).isGreaterThan(1000);
        assertThat(Files.readAllBytes(two)).isEqualTo(expected);
        assertThat(Files.readAllBytes(twoAgain)).isEqualTo(expected);
    }

    @Test
    void shouldFindTheInjectedVelocityAndCardTestingCases() throws Exception
    {
        final Path alerts = backtest("recall.jsonl", "1");

        final Map<String, Recall.TypeResult> recall =
            Recall.evaluate(Recall.loadCases(truth), Recall.loadAlerts(alerts)).byType();

        assertThat(recall.get("velocity").total()).isPositive();
        assertThat(recall.get("velocity").recall()).isEqualTo(1.0);
        assertThat(recall.get("card-testing").total()).isPositive();
        assertThat(recall.get("card-testing").recall()).isEqualTo(1.0);
        assertThat(recall.get("amount-spike").recall()).isEqualTo(1.0);
    }

    private static Path backtest(final String name, final String shards)
    {
        final Path output = dir.resolve(name);
        final CliRun run = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
            "--shards", shards, "--quiet", "--truth", truth.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("recall");
        return output;
    }
}
