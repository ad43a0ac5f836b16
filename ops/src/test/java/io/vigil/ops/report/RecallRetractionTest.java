package io.vigil.ops.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The recall report counts alerts minus retractions. */
class RecallRetractionTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCountAlertsMinusRetractions() throws Exception
    {
        final Path alerts = dir.resolve("alerts.jsonl");
        Files.write(alerts, List.of(
            "{\"alert_id\":\"01\",\"rule\":\"v\",\"key_type\":\"card\",\"key\":\"c1\",\"tx_id\":\"t1\"}",
            "{\"alert_id\":\"02\",\"rule\":\"v\",\"key_type\":\"card\",\"key\":\"c2\",\"tx_id\":\"u1\"}",
            "{\"alert_id\":\"03\",\"status\":\"amended\",\"cause_tx_id\":\"u0\",\"rule\":\"v\",\"key_type\":\"card\","
                + "\"key\":\"c2\",\"tx_id\":\"u2\"}",
            "{\"alert_id\":\"01\",\"status\":\"retracted\",\"cause_tx_id\":\"t0\",\"rule\":\"v\",\"key_type\":\"card\","
                + "\"key\":\"c1\",\"tx_id\":\"t1\",\"details\":{\"reason\":\"cooldown\"}}"));

        final List<Recall.Alert> standing = Recall.loadAlerts(alerts);

        assertThat(standing).extracting(Recall.Alert::txId).containsExactly("u1", "u2");
        final Recall recall = Recall.evaluate(List.of(new Recall.Case("k1", "velocity", "c1", Set.of("t1")),
            new Recall.Case("k2", "velocity", "c2", Set.of("u2"))), standing);
        assertThat(recall.byType().get("velocity").found()).as("the retracted alert finds nothing").isEqualTo(1);
        assertThat(recall.unmatchedAlerts()).isEqualTo(1);
    }
}
