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
}
