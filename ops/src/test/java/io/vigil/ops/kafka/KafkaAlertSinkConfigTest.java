package io.vigil.ops.kafka;

import io.vigil.ops.service.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code kafka:} section of the service YAML as the alert sink reads it: every setting, the defaults, the
 * producer's fixed settings, and errors that say where ({@code FILE:LINE:COLUMN}) and what was expected.
 */
class KafkaAlertSinkConfigTest
{
    @Test
    void shouldReadTheSinkWithItsSettingsAndPassThroughProperties() throws Exception
    {
        final ServiceConfig c = ServiceConfig.parse("vigil.yaml", String.join("\n",
            "kafka:",
            "  brokers: [k1:9092, 'k2:9093']",
            "  properties:",
            "    security.protocol: SASL_SSL",
            "    sasl.mechanism: SCRAM-SHA-512",
            "    request.timeout.ms: 20000",
            "  sink:",
            "    topic: vigil.alerts",
            "    name: east",
            "    batch-size: 100",
            "    retry-backoff-max: 5s",
            "    close-timeout: 30s",
            "    producer:",
            "      linger.ms: 20",
            "      compression.type: zstd",
            ""));
        final KafkaSinkConfig k = c.kafka().sinkConfig();
        assertThat(k.brokers()).containsExactly("k1:9092", "k2:9093");
        assertThat(k.topic()).isEqualTo("vigil.alerts");
        assertThat(k.name()).isEqualTo("east");
        assertThat(k.progressEndpoint()).isEqualTo("kafka:east");
        assertThat(k.batchSize()).isEqualTo(100);
        assertThat(k.retryBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(k.closeTimeout()).isEqualTo(Duration.ofSeconds(30));
        final Properties p = k.producerProperties();
        assertThat(p).containsEntry("bootstrap.servers", "k1:9092,k2:9093")
            .containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
            .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
            .containsEntry("request.timeout.ms", "20000")
            .containsEntry("linger.ms", "20").containsEntry("compression.type", "zstd")
            .containsEntry("client.id", "vigil-alert-sink-east");
        assertThat(k.toString()).contains("security.protocol").doesNotContain("SASL_SSL");
    }

    @Test
    void shouldUseDefaultsAndTakeBrokersAsOneString() throws Exception
    {
        final ServiceConfig c = ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: \"a:1, b:2\"\n  sink:\n    topic: alerts\n");
        final KafkaSinkConfig k = c.kafka().sinkConfig();
        assertThat(k.brokers()).containsExactly("a:1", "b:2");
        assertThat(k.name()).isEqualTo("default");
        assertThat(k.batchSize()).isEqualTo(500);
        assertThat(k.producerProperties()).containsEntry("max.block.ms", "5000").containsEntry("linger.ms", "5");
        assertThat(ServiceConfig.parse("vigil.yaml", "").kafka().sinkConfig()).as("no sink without kafka.sink").isNull();
        assertThat(ServiceConfig.parse("vigil.yaml", "kafka:\n  brokers: [a:1]\n").kafka().sinkConfig()).isNull();
    }

    @Test
    void shouldSayWhereABadSettingIs()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "kafka:\n  brokers: [k1]\n  sink: {topic: t}\n"))
            .hasMessageStartingWith("vigil.yaml:2:").hasMessageContaining("kafka.brokers")
            .hasMessageContaining("host:port");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "kafka:\n  brokers: [k:1]\n  sink:\n    topic: 'a b'\n"))
            .hasMessageStartingWith("vigil.yaml:4:").hasMessageContaining("kafka.sink.topic")
            .hasMessageContaining("expected a Kafka topic name");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  sink:\n    topic: t\n    batch-size: 0\n"))
            .hasMessageStartingWith("vigil.yaml:5:").hasMessageContaining("kafka.sink.batch-size")
            .hasMessageContaining("1..10000");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  sink:\n    topic: t\n    close-timeout: later\n"))
            .hasMessageStartingWith("vigil.yaml:5:").hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  sink:\n    topic: t\n    topics: u\n"))
            .hasMessageStartingWith("vigil.yaml:5:").hasMessageContaining("unknown key 'topics'");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  properties:\n    ssl: {a: 1}\n  sink: {topic: t}\n"))
            // a mapping's position is where Jackson finished reading it
            .hasMessageStartingWith("vigil.yaml:5:").hasMessageContaining("kafka.properties: property 'ssl': "
                + "expected a single value");
    }

    @Test
    void shouldRefuseToLoosenTheProducersGuarantees()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  sink:\n    topic: t\n    producer:\n      acks: 1\n"))
            .hasMessageStartingWith("vigil.yaml:").hasMessageContaining("kafka.sink.producer")
            .hasMessageContaining("'acks' is set by the sink");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml",
            "kafka:\n  brokers: [k:1]\n  properties:\n    enable.idempotence: false\n  sink: {topic: t}\n"))
            .hasMessageStartingWith("vigil.yaml:").hasMessageContaining("kafka.properties")
            .hasMessageContaining("'enable.idempotence' is set by Vigil");
        assertThatThrownBy(() -> new KafkaSinkConfig(List.of("k:1"), Map.of("bootstrap.servers", "x:1"), Map.of(),
            "t", "default", 10, Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .hasMessageContaining("'bootstrap.servers' is set by the sink");
    }

    @Test
    void shouldSayASinkNeedsBrokers()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "kafka:\n  sink:\n    topic: t\n"))
            .hasMessageStartingWith("vigil.yaml: ").hasMessageContaining("kafka.brokers");
        assertThatThrownBy(() -> ServiceConfig.parse("vigil.yaml", "kafka:\n  brokers: [k:1]\n  sink:\n    name: x\n"))
            .hasMessageStartingWith("vigil.yaml: ").hasMessageContaining("kafka.sink.topic");
    }

    @Test
    void shouldNameTheFileWhenLoaded(final @org.junit.jupiter.api.io.TempDir Path dir) throws Exception
    {
        final Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, "kafka:\n  brokers: [k:1]\n  sink:\n    batch-size: many\n");
        assertThatThrownBy(() -> ServiceConfig.load(file)).hasMessageStartingWith(file + ":4:");
    }
}
