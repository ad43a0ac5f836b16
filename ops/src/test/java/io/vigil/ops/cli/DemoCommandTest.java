package io.vigil.ops.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest
{
    @Test
    void shouldShowAlertsProgressAndASummaryOnTheEmbeddedDefaults()
    {
        final CliRun run = CliRun.run("demo", "--duration", "3s", "--rate", "20000", "--no-context");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
            .contains("vigil demo: 60,000 generated transactions")
            .containsPattern("(?m)^ALERT ")
            .contains("progress", "== demo summary ==", "events       60,000 in", "card-velocity-60s",
                "latency      receipt -> alert", "recall");
    }

    @Test
    void shouldSendContextEventsAndScoreTheContextualCasesByDefault()
    {
        final CliRun run = CliRun.run("demo", "--duration", "2s", "--rate", "20000", "--cards", "2000");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
            .contains("vigil demo: 40,000 generated transactions on 2,000 cards", "plus context events")
            .contains("== demo summary ==", "recall", "takeover-reset-then-spend", "sanctioned-country")
            .doesNotContain("events       40,000 in");
    }

    @Test
    void shouldRejectANonsenseDuration()
    {
        final CliRun run = CliRun.run("demo", "--duration", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("expected a duration such as 500ms, 20s, 5m or 1h, found 'soon'");
    }
}
