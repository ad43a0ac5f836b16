package io.vigil.ops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RulesCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSummariseEachRuleOfAValidFileAndExitZero() throws Exception
    {
        final Path file = write("good.yaml", """
            rules:
              - id: card-velocity-60s
                key: card
                filter: status == "approved"
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: high
                cooldown: 5m
              - id: card-testing
                key: card
                sequence:
                  - { as: probe, filter: amount < 2.00, times: 3+ }
                  - { as: hit, filter: amount >= 500.00 }
                within: 10m
                severity: critical
            """);

        final CliRun run = CliRun.run("rules", "check", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(
            file + ": 2 rules OK",
            "  card-velocity-60s v1 high by card: 1m sliding window, when count() >= 5; filter status == " +
                "\"approved\"; cooldown 5m",
            "  card-testing v1 critical by card: sequence probe x3+ then hit within 10m");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldPrintEveryErrorWithItsPlaceAndACountAndExit65() throws Exception
    {
        final Path file = write("bad.yaml", """
            rules:
              - id: card-velocity-60s
                key: card
                filter: status == "approved" && amout > 1
                window: { type: sliding, size: 60s }
                when: count() >= 5
                severity: urgent
            """);

        final CliRun run = CliRun.run("rules", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.out().lines()).containsExactly(
            file + ":4:37: unknown field 'amout' (did you mean 'amount'?); known fields: id, card, account, " +
                "merchant, device, ip, currency, country, channel, status, amount, ts, mcc, lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk",
            file + ":7:15: unknown severity 'urgent': expected one of low, medium, high, critical",
            "2 errors");
    }

    @Test
    void shouldCheckSeveralFilesAndCountTheirErrorsTogether() throws Exception
    {
        final Path good = write("good.yaml", """
            rules:
              - id: a
                key: merchant
                window: { type: tumbling, size: 5m, fire: on-close }
                when: count() >= 20 && ratio(status == "declined") > 0.5
                severity: medium
            """);
        final Path bad = write("bad.yaml", "rules: []\n");

        final CliRun run = CliRun.run("rules", "check", good.toString(), bad.toString());

        assertThat(run.exitCode()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.out().lines()).containsExactly(
            good + ": 1 rule OK",
            "  a v1 medium by merchant: 5m tumbling window, fires on-close, when count() >= 20 && " +
                "ratio(status == \"declined\") > 0.5",
            bad + ":1:8: expected at least one rule in 'rules', found an empty list",
            "1 error");
    }

    @Test
    void shouldExit66ForAMissingFile()
    {
        final CliRun run = CliRun.run("rules", "check", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(UserError.NO_INPUT);
        assertThat(run.err()).contains("nope.yaml: no such readable file");
    }

    @Test
    void shouldAskForAFileOrASubcommand()
    {
        assertThat(CliRun.run("rules", "check").exitCode()).isEqualTo(2);
        final CliRun bare = CliRun.run("rules");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("expected a subcommand: check");
        final CliRun help = CliRun.run("rules", "check", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("FILE:LINE:COLUMN: message");
    }

    private Path write(final String name, final String content) throws Exception
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
