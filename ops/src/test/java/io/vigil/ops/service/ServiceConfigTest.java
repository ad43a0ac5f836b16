package io.vigil.ops.service;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceConfigTest
{
    @Test
    void shouldUseEveryDefaultWithoutAFile() throws Exception
    {
        final ServiceConfig c = ServiceConfig.parse("empty.yaml", "");
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.data().dir()).isEqualTo(Path.of("data"));
        assertThat(c.rules().file()).isNull();
        assertThat(c.ingest().dedupHorizon()).isEqualTo(Duration.ofHours(24));
        assertThat(c.auth().ingestToken()).isNull();
    }

    @Test
    void shouldReadEverySection() throws Exception
    {
        final ServiceConfig c = ServiceConfig.parse("vigil.yaml", String.join("\n",
            "server:", "  port: 9000", "  max-batch: 50", "  idle-timeout: 5s",
            "engine:", "  shards: 2", "  ring-size: 1024", "  wait-strategy: blocking",
            "ingest:", "  dedup-horizon: 2h", "  retry-after: 3s",
            "rules:", "  out-of-order: 30s",
            "checkpoints:", "  every-events: 5000", "  every-event-time: 10m", "  kept: 2",
            "auth:", "  admin-token: abcdefghijklmnop", ""));
        assertThat(c.server().port()).isEqualTo(9000);
        assertThat(c.server().maxBatch()).isEqualTo(50);
        assertThat(c.server().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.engine().shards()).isEqualTo(2);
        assertThat(c.engine().ringSize()).isEqualTo(1024);
        assertThat(c.ingest().dedupHorizon()).isEqualTo(Duration.ofHours(2));
        assertThat(c.ingest().retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.rules().outOfOrder()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.auth().adminToken()).isEqualTo("abcdefghijklmnop");
        assertThat(c.checkpoints().everyEvents()).isEqualTo(5000);
        assertThat(c.checkpoints().everyEventTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.checkpoints().kept()).isEqualTo(2);
        final ServiceConfig defaults = ServiceConfig.defaults();
        assertThat(defaults.checkpoints().everyEvents()).isEqualTo(1_000_000);
        assertThat(defaults.checkpoints().everyEventTime()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.checkpoints().kept()).isEqualTo(3);
    }

    @Test
    void shouldNameABadCheckpointSetting()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "checkpoints:\n  kept: 0\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("checkpoints.kept").hasMessageContaining("1..1000");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "checkpoints:\n  every-event-time: soon\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("checkpoints.every-event-time")
            .hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "checkpoints:\n  every-events: -1\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("0 (off)");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "checkpoints:\n  every: 5\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("unknown key 'every'")
            .hasMessageContaining("every-events");
    }

    @Test
    void shouldNameLineAndColumnOfAnUnknownKey()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server:\n  port: 9000\n  prot: 1\n"))
            .hasMessageStartingWith("vigil.yaml:3:10: unknown key 'prot'").hasMessageContaining("port");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "sever:\n  port: 1\n"))
            .hasMessageStartingWith("vigil.yaml:2:3: unknown key 'sever'");
    }

    @Test
    void shouldNameLineAndColumnOfABadValue()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server:\n  port: 70000\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("server.port").hasMessageContaining("0..65535");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "engine:\n  ring-size: 1000\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("power of two");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "ingest:\n  dedup-horizon: soon\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server:\n  port: eighty\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("server.port");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "auth:\n  ingest-token: short\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("at least 16");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server:\n  port: 1\n  port: 2\n"))
            .hasMessageStartingWith("vigil.yaml:3:").hasMessageContaining("port");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server: [1, 2]\n"))
            .hasMessageStartingWith("vigil.yaml:1:9: server: expected a mapping of settings");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "server: {port: 1\n"))
            .hasMessageStartingWith("vigil.yaml:").hasMessageContaining("malformed YAML");
    }

    @Test
    void shouldReadTableCapsAndNameABadOne() throws Exception
    {
        assertThat(ServiceConfig.parse("empty.yaml", "").tables().limits())
            .isEqualTo(io.vigil.rules.table.TableLimits.DEFAULT);
        final ServiceConfig c = ServiceConfig.parse("vigil.yaml",
            "tables:\n  max-cards: 5\n  max-accounts: 6\n  max-merchants: 7\n  max-list-entries: 8\n");
        assertThat(c.tables().limits()).isEqualTo(new io.vigil.rules.table.TableLimits(5, 6, 7, 8));
        assertThat(ServiceConfig.parse("vigil.yaml", "tables:\n  max-merchants: 3\n").tables().limits())
            .isEqualTo(new io.vigil.rules.table.TableLimits(1_000_000, 1_000_000, 3, 10_000));
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "tables:\n  max-cards: 0\n"))
            .hasMessageStartingWith("vigil.yaml:2:14: ").hasMessageContaining("tables.max-cards")
            .hasMessageContaining("1..100000000");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "tables:\n  max-list-entries: many\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("tables.max-list-entries");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "tables:\n  max-cards: 5\n  max-card: 5\n"))
            .hasMessageStartingWith("vigil.yaml:3:").hasMessageContaining("unknown key 'max-card'")
            .hasMessageContaining("max-cards");
    }
}
