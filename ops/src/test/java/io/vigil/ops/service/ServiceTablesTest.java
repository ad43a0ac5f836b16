package io.vigil.ops.service;

import io.vigil.core.util.Hashing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vigil.ops.service.ServiceFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tables:} caps reach the shards' tables (first start, and again after a recovery from the checkpoint
 * the graceful stop took), and {@code /metrics} shows each table's rows and refused rows per shard.
 */
@Tag("slow")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceTablesTest
{
    private static final String YAML = "engine: {shards: 2}\ntables:\n  max-cards: 1\n  max-merchants: 1\n";

    @Test
    void shouldRefuseRowsPastTheConfiguredCapsAndShowTheCountsOnMetrics() throws Exception
    {
        final Path dir = Files.createTempDirectory("vigil-tables-test");
        try
        {
            final int[] cardsPerShard = new int[2];
            final StringBuilder body = new StringBuilder();
            for (int i = 0; i < 6; i++)
            {
                final String card = "c-" + i;
                cardsPerShard[Hashing.shardOf(Hashing.hash(card), 2)]++;
                body.append("{\"type\":\"card_profile\",\"id\":\"cp-").append(i).append("\",\"ts\":").append(T0 + i)
                    .append(",\"card\":\"").append(card).append("\",\"home_country\":\"DE\",\"card_status\":\"active\"}\n");
            }
            body.append(merchant("mp-1", "m-1", "low")).append(merchant("mp-2", "m-2", "high"));
            try (ServiceFixture f = new ServiceFixture(YAML, dir, false, p -> p))
            {
                assertThat(f.post("/v1/transactions/stream", body.toString(), null).statusCode()).isEqualTo(200);
                assertThat(f.service.host().engine().awaitDrained(30, TimeUnit.SECONDS)).isTrue();
                final String metrics = f.get("/metrics", null).body();
                assertThat(metrics).contains("# TYPE vigil_table_rows gauge",
                    "# TYPE vigil_table_refused_rows_total counter");
                for (int shard = 0; shard < 2; shard++)
                {
                    final int held = Math.min(1, cardsPerShard[shard]);
                    assertThat(value(metrics, "vigil_table_rows", "card_profiles", shard)).isEqualTo(held);
                    assertThat(value(metrics, "vigil_table_refused_rows_total", "card_profiles", shard))
                        .isEqualTo(cardsPerShard[shard] - held);
                    assertThat(value(metrics, "vigil_table_rows", "merchants", shard)).isEqualTo(1);
                    assertThat(value(metrics, "vigil_table_refused_rows_total", "merchants", shard)).isEqualTo(1);
                    assertThat(value(metrics, "vigil_table_refused_rows_total", "account_profiles", shard)).isZero();
                }
            }

            // recovery (the checkpoint of the graceful stop) keeps the counts and the caps
            try (ServiceFixture f = new ServiceFixture(YAML, dir, false, p -> p))
            {
                final String recovered = f.get("/metrics", null).body();
                assertThat(value(recovered, "vigil_table_refused_rows_total", "merchants", 0)).isEqualTo(1);
                assertThat(value(recovered, "vigil_table_rows", "merchants", 1)).isEqualTo(1);
                // an update of the held merchant applies; a new one is refused at the configured cap of 1
                final String more = merchant("mp-3", "m-1", "medium") + merchant("mp-4", "m-3", "low");
                assertThat(f.post("/v1/transactions/stream", more, null).statusCode()).isEqualTo(200);
                assertThat(f.service.host().engine().awaitDrained(30, TimeUnit.SECONDS)).isTrue();
                final String metrics = f.get("/metrics", null).body();
                for (int shard = 0; shard < 2; shard++)
                {
                    assertThat(value(metrics, "vigil_table_rows", "merchants", shard)).isEqualTo(1);
                    assertThat(value(metrics, "vigil_table_refused_rows_total", "merchants", shard)).isEqualTo(2);
                }
            }
        }
        finally
        {
            ServiceFixture.deleteRecursively(dir);
        }
    }

    private static String merchant(final String id, final String merchant, final String risk)
    {
        return "{\"type\":\"merchant_profile\",\"id\":\"" + id + "\",\"ts\":" + T0 + ",\"merchant\":\"" + merchant +
            "\",\"category\":5814,\"risk\":\"" + risk + "\"}\n";
    }

    private static long value(final String metrics, final String name, final String table, final int shard)
    {
        final Matcher m = Pattern.compile("(?m)^" + name + "\\{table=\"" + table + "\",shard=\"" + shard +
            "\"} (\\d+)$").matcher(metrics);
        assertThat(m.find()).as(name + " " + table + " shard " + shard + " in\n" + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }
}
