package io.vigil.ops.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.journal.recovery.RecoveryReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static io.vigil.ops.service.ServiceHttpTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service over real HTTP, stopped gracefully and started again on the same data directory: the state comes
 * back from the checkpoint taken at the stop (a velocity window continues, a key's state shows the earlier
 * events), the journal's indexes continue, and the rules shown are the ones running.
 */
@Tag("slow")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServiceRecoveryTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VELOCITY = "card-velocity-60s";

    @Test
    void shouldContinueAVelocityWindowAcrossAGracefulRestart() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-service-recovery");
        try
        {
            final long lastIndexBefore;
            final long rulesVersionBefore;
            try (ServiceFixture f = new ServiceFixture("engine: {shards: 2}\n", dir, false, p -> p))
            {
                assertThat(f.service.host().recovery().checkpoint()).isNull();
                final HttpResponse<String> first = f.post("/v1/transactions", "[" + tx("r-0", T0, "card-r", "20.00") + "," +
                    tx("r-1", T0 + 1000, "card-r", "20.00") + "," + tx("r-2", T0 + 2000, "card-r", "20.00") + "]", null);
                assertThat(first.statusCode()).isEqualTo(200);
                lastIndexBefore = JSON.readTree(first.body()).at("/results/2/journal_index").asLong();
                rulesVersionBefore = JSON.readTree(f.get("/v1/rules", null).body()).get("version").asLong();
                assertThat(rulesVersionBefore).as("the configured rules are journaled on a new journal").isEqualTo(1);
                assertThat(f.service.alerts().perRule().getOrDefault(VELOCITY, 0L)).isZero();
            }
            assertThat(dir.resolve("checkpoints")).as("a checkpoint at the graceful stop").isDirectoryContaining(
                p -> Files.exists(p.resolve("MANIFEST")));

            try (ServiceFixture f = new ServiceFixture("engine: {shards: 2}\n", dir, false, p -> p))
            {
                final RecoveryReport report = f.service.host().recovery();
                assertThat(report.checkpoint()).as("restored from the stop's checkpoint").isNotNull();
                assertThat(report.transactionsReplayed()).as("nothing after the stop's checkpoint").isZero();
                assertThat(report.lastTransactionId()).isEqualTo("r-2");

                final JsonNode key = JSON.readTree(f.get("/v1/keys/card/card-r", null).body());
                assertThat(key.get("newest_event_ms").asLong()).isEqualTo(T0 + 2000);
                assertThat(velocity(key).get("window_events").asInt()).isEqualTo(3);
                final JsonNode rules = JSON.readTree(f.get("/v1/rules", null).body());
                assertThat(rules.get("version").asLong()).as("same rules recovered: no new change journaled")
                    .isEqualTo(0);
                assertThat(rules.get("name").asText()).isEqualTo(
                    io.vigil.rules.RuleSet.defaultPack().name());
                assertThat(rules.get("rules").size()).isPositive();

                final HttpResponse<String> second = f.post("/v1/transactions", "[" +
                    tx("r-3", T0 + 3000, "card-r", "20.00") + "," + tx("r-4", T0 + 4000, "card-r", "20.00") + "]", null);
                assertThat(second.statusCode()).isEqualTo(200);
                final JsonNode acks = JSON.readTree(second.body());
                assertThat(acks.at("/results/0/journal_index").asLong()).as("the journal continues")
                    .isGreaterThan(lastIndexBefore);
                awaitTrue(() -> f.service.alerts().perRule().getOrDefault(VELOCITY, 0L) == 1L);
                assertThat(f.service.alerts().since(0)).anySatisfy(a -> assertThat(a).contains("\"rule\":\"" + VELOCITY + "\"")
                    .contains("\"tx_id\":\"r-4\""));
                assertThat(velocity(JSON.readTree(f.get("/v1/keys/card/card-r", null).body())).get("window_events").asInt())
                    .isEqualTo(5);
                assertThat(f.post("/v1/transactions", tx("r-1", T0 + 1000, "card-r", "20.00"), null).body())
                    .as("ids from before the restart are still deduplicated").contains("duplicate");
            }
        }
        finally
        {
            ServiceFixture.deleteRecursively(dir);
        }
    }

    @Test
    void shouldKeepRulesChangedThroughTheApiAcrossARestartWithAnUnchangedFile() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-service-recovery");
        try
        {
            final String good = "rules:\n  - id: two-in-a-minute\n    key: card\n    severity: low\n" +
                "    window: {type: sliding, size: 60s}\n    when: count() >= 2\n";
            try (ServiceFixture f = new ServiceFixture("", dir, false, p -> p))
            {
                assertThat(f.put("/v1/rules", good, null).statusCode()).isEqualTo(200);
                f.post("/v1/transactions", tx("k-1", T0, "c-k", "1.00"), null);
            }
            try (ServiceFixture f = new ServiceFixture("", dir, false, p -> p))
            {
                final JsonNode rules = JSON.readTree(f.get("/v1/rules", null).body());
                assertThat(rules.get("name").asText()).isEqualTo("journal");
                assertThat(rules.get("rules")).hasSize(1);
                assertThat(rules.at("/rules/0/id").asText()).isEqualTo("two-in-a-minute");
                assertThat(rules.get("source").asText()).isEqualTo(good);
                f.post("/v1/transactions", tx("k-2", T0 + 1000, "c-k", "1.00"), null);
                awaitTrue(() -> f.service.alerts().perRule().getOrDefault("two-in-a-minute", 0L) == 1L);
            }
            Files.writeString(dir.resolve(EngineHost.RULES_MARKER), "another file\n");
            try (ServiceFixture f = new ServiceFixture("", dir, false, p -> p))
            {
                final JsonNode rules = JSON.readTree(f.get("/v1/rules", null).body());
                assertThat(rules.get("rules").size()).as("a changed configured file takes effect").isGreaterThan(1);
                assertThat(rules.get("version").asLong()).as("journaled as a change").isEqualTo(1);
            }
        }
        finally
        {
            ServiceFixture.deleteRecursively(dir);
        }
    }

    private static JsonNode velocity(final JsonNode key)
    {
        for (final JsonNode rule : key.get("rules"))
        {
            if (rule.get("rule").asText().equals(VELOCITY))
            {
                return rule;
            }
        }
        throw new AssertionError("no " + VELOCITY + " state in " + key);
    }
}
