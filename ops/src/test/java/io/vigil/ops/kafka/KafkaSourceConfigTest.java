package io.vigil.ops.kafka;

import io.vigil.ops.service.ConfigException;
import io.vigil.ops.service.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code kafka:} section as the source reads it: defaults, errors with FILE:LINE:COLUMN, consumer settings. */
class KafkaSourceConfigTest
{
    @Test
    void shouldReadEveryKeyOfTheSourceSection() throws Exception
    {
        final ServiceConfig config = ServiceConfig.parse("v.yaml", String.join("\n",
            "kafka:",
            "  brokers: [k1:9092, 'k2:9093']",
            "  properties: { security.protocol: SASL_SSL, sasl.mechanism: PLAIN }",
            "  source:",
            "    topics: [tx, tx.eu]",
            "    group: engines",
            "    partitions-dir: /shared/vigil",
            "    auto-offset-reset: latest",
            "    shards: 2",
            "    ring-size: 1024",
            "    max-poll-records: 200",
            "    commit-interval: 2s",
            "    lock-wait: 30s",
            "    consumer: { fetch.min.bytes: 1024, max.poll.records: 50 }",
            ""));
        final KafkaSourceConfig source = config.kafka().source();
        assertThat(config.kafka().brokers()).containsExactly("k1:9092", "k2:9093");
        assertThat(source.topics()).containsExactly("tx", "tx.eu");
        assertThat(source.group()).isEqualTo("engines");
        assertThat(source.partitionsDir(Path.of("/data"))).isEqualTo(Path.of("/shared/vigil"));
        assertThat(source.autoOffsetReset()).isEqualTo("latest");
        assertThat(source.shards()).isEqualTo(2);
        assertThat(source.ringSize()).isEqualTo(1024);
        assertThat(source.commitInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(source.lockWait()).isEqualTo(Duration.ofSeconds(30));

        final Properties props = KafkaSource.consumerProperties(config.kafka().brokers(),
            config.kafka().properties(), source, "1@host");
        assertThat(props).containsEntry("bootstrap.servers", "k1:9092,k2:9093").containsEntry("group.id", "engines")
            .containsEntry("security.protocol", "SASL_SSL").containsEntry("enable.auto.commit", "false")
            .containsEntry("max.poll.records", "50").containsEntry("fetch.min.bytes", "1024")
            .containsEntry("auto.offset.reset", "latest").containsEntry("isolation.level", "read_committed");
        assertThat(props.getProperty("partition.assignment.strategy")).contains("CooperativeStickyAssignor");
    }

    @Test
    void shouldDefaultWhatItCan() throws Exception
    {
        final ServiceConfig config = ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source:\n    topics: tx\n    group: g\n");
        final KafkaSourceConfig source = config.kafka().source();
        assertThat(source.partitionsDir(Path.of("/data"))).isEqualTo(Path.of("/data/partitions"));
        assertThat(source.autoOffsetReset()).isEqualTo("earliest");
        assertThat(source.shards()).isEqualTo(1);
        assertThat(source.ringSize()).isEqualTo(4096);
        assertThat(source.consumer()).isEqualTo(Map.of());
        assertThat(ServiceConfig.parse("v.yaml", "").kafka().source()).as("no source without the section").isNull();
    }

    @Test
    void shouldNameWhereAWrongValueIs()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source:\n    topics: [tx]\n    group: g\n    ring-size: 1000\n"))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("v.yaml:6:")
            .hasMessageContaining("power of two");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source:\n    topics: [tx]\n    group: g\n    partition-dir: /x\n"))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("v.yaml:6:")
            .hasMessageContaining("unknown key 'partition-dir'");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source:\n    topics: [tx]\n    group: g\n    auto-offset-reset: oldest\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("earliest or latest");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k\n  source:\n    topics: [tx]\n    group: g\n"))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("v.yaml:2:").hasMessageContaining("host:port");
    }

    @Test
    void shouldReadReferenceTopicsAndKeepThemApartFromThePartitionedOnes() throws Exception
    {
        final KafkaSourceConfig source = ServiceConfig.parse("v.yaml", String.join("\n",
            "kafka:",
            "  brokers: k:9092",
            "  source: { topics: [tx], group: g, reference-topics: [merchants, lists], reference-catch-up: 5s }",
            "")).kafka().source();
        assertThat(source.referenceTopics()).containsExactly("merchants", "lists");
        assertThat(source.referenceCatchUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ServiceConfig.parse("v.yaml", "kafka:\n  brokers: k:9092\n  source: { topics: tx, group: g }\n")
            .kafka().source().referenceTopics()).as("none by default").isEmpty();
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source: { topics: [tx, refs], group: g, reference-topics: [refs] }\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.source.reference-topics: 'refs' is also in");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source: { topics: [tx], group: g, reference-topics: [a, a] }\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source:\n    topics: [tx]\n    group: g\n    reference-topics: [a b]\n"))
            .isInstanceOf(ConfigException.class).hasMessageStartingWith("v.yaml:6:").hasMessageContaining("topic name");
    }

    @Test
    void shouldGiveTheReferenceConsumerNoGroup() throws Exception
    {
        final ServiceConfig config = ServiceConfig.parse("v.yaml",
            "kafka:\n  brokers: k:9092\n  source: { topics: tx, group: g, reference-topics: [r] }\n");
        final Properties group = KafkaSource.consumerProperties(config.kafka().brokers(), config.kafka().properties(),
            config.kafka().source(), "1@host");
        final Properties props = ReferenceFeed.consumerProperties(group, "ref-client");
        assertThat(props).doesNotContainKey("group.id").doesNotContainKey("partition.assignment.strategy")
            .containsEntry("client.id", "ref-client").containsEntry("enable.auto.commit", "false")
            .containsEntry("isolation.level", "read_committed").containsEntry("bootstrap.servers", "k:9092");
    }

    @Test
    void shouldRequireTopicsGroupAndBrokers()
    {
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml", "kafka:\n  brokers: k:9092\n  source:\n    group: g\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.source.topics: required");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml", "kafka:\n  brokers: k:9092\n  source:\n    topics: t\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.source.group: required");
        assertThatThrownBy(() -> ServiceConfig.parse("v.yaml", "kafka:\n  source:\n    topics: t\n    group: g\n"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.brokers: required");
    }
}
