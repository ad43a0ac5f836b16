package io.vigil.ops.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases whose rule keys alerts by account are found by an alert on that account; others only by card. */
class RecallAccountTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMatchAccountKeyedAlertsToCasesThatNameTheAccount() throws Exception
    {
        final Path truth = dir.resolve("truth.jsonl");
        Files.writeString(truth, String.join("\n",
            "{\"case_id\":\"case-1\",\"type\":\"takeover-reset-then-spend\",\"card\":\"c-1\",\"account\":\"a-1\"," +
                "\"tx_ids\":[\"ev-1\"],\"first_ts\":1,\"last_ts\":1}",
            "{\"case_id\":\"case-2\",\"type\":\"velocity\",\"card\":\"c-2\",\"tx_ids\":[\"tx-2\"],\"first_ts\":1," +
                "\"last_ts\":1}", ""));
        final List<Recall.Case> cases = Recall.loadCases(truth);
        assertThat(cases.get(0).account()).isEqualTo("a-1");
        assertThat(cases.get(1).account()).isEmpty();

        final Recall recall = Recall.evaluate(cases, List.of(
            new Recall.Alert("takeover-reset-then-spend", "account", "a-1", "ev-1"),
            new Recall.Alert("velocity-by-account", "account", "a-2", "tx-2"),
            new Recall.Alert("takeover-reset-then-spend", "account", "a-9", "ev-1")));

        assertThat(recall.byType().get("takeover-reset-then-spend").found()).isEqualTo(1);
        assertThat(recall.byType().get("takeover-reset-then-spend").byRule())
            .containsEntry("takeover-reset-then-spend", 1);
        assertThat(recall.byType().get("velocity").found()).isZero();
        assertThat(recall.unmatchedAlerts()).isEqualTo(2);
        assertThat(Set.copyOf(cases.get(0).txIds())).containsExactly("ev-1");
    }
}
