package io.vigil.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backtest of out-of-order input through the whole engine: amended alerts and retractions in the output, the
 * same bytes with 1 or 3 shards, and the summary counting the alerts that stand.
 */
class OutOfOrderBacktestTest
{
    private static final long T0 = 1_767_571_200_000L;

    @TempDir
    Path dir;

    @Test
    void shouldAmendAndRetractTheSameWayWithAnyShardCount() throws Exception
    {
        // card c: v4 (15 s) arrives last; sorted, v5 is the fifth in 60 s and v6 falls in v5's 5-minute cooldown
        final List<String> lines = new ArrayList<>();
        final String[][] order = {{"v1", "0"}, {"v2", "5"}, {"v3", "10"}, {"v5", "20"}, {"v6", "25"}, {"v4", "15"}};
        for (final String[] tx : order)
        {
            lines.add(tx(tx[0], T0 + Long.parseLong(tx[1]) * 1000, "c"));
        }
        for (int i = 0; i < 40; i++)
        {
            // other cards, some of their events a few seconds out of order
            lines.add(tx("o" + i, T0 + 1000L * (i / 4) - (i % 3 == 0 ? 2_500 : 0), "card-" + (i % 4)));
        }
        final Path input = dir.resolve("tx.jsonl");
        Files.write(input, lines);

        final List<String> outputs = new ArrayList<>();
        for (final int shards : new int[] {1, 3})
        {
            final Path output = dir.resolve("alerts-" + shards + ".jsonl");
            final CliRun run = CliRun.run("backtest", "--input", input.toString(), "--output", output.toString(),
                "--shards", Integer.toString(shards), "--out-of-order", "30s", "--quiet");
            assertThat(run.exitCode()).as(run.err()).isZero();
            outputs.add(Files.readString(output));
            if (shards == 1)
            {
                assertThat(run.out()).contains("amended", "retracted");
            }
        }
        assertThat(outputs.get(1)).as("same bytes with 3 shards").isEqualTo(outputs.get(0));

        final List<JsonNode> alerts = BacktestCommandTest.readJson(dir.resolve("alerts-1.jsonl"));
        final List<String> onCard = new ArrayList<>();
        for (final JsonNode a : alerts)
        {
            if (a.path("key").asText().equals("c"))
            {
                onCard.add(a.path("status").asText("new") + " " + a.path("tx_id").asText() + " " +
                    a.path("cause_tx_id").asText("-"));
            }
        }
        assertThat(onCard).hasSize(3);
        assertThat(onCard.get(0)).isEqualTo("new v6 -");
        assertThat(onCard.subList(1, 3)).as("both on v4's arrival, ordered by alert id")
            .containsExactlyInAnyOrder("amended v5 v4", "retracted v6 v4");
    }

    private static String tx(final String id, final long tsMs, final String card)
    {
        return "{\"id\":\"" + id + "\",\"ts\":" + tsMs + ",\"card\":\"" + card + "\",\"merchant\":\"m-" + id +
            "\",\"amount\":10.00,\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"}";
    }
}
