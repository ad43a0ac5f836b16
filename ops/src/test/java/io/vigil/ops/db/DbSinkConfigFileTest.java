package io.vigil.ops.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbSinkConfigFileTest
{
    @Test
    void shouldReadEverySettingAndTakeThePasswordFromTheEnvironment() throws Exception
    {
        final DbSinkConfig c = DbSinkConfigFile.parse("db.yaml", String.join("\n",
            "url: jdbc:postgresql://127.0.0.1:5432/vigil",
            "user: vigil",
            "password_env: SECRET_VAR",
            "batch_size: 100",
            "flush_interval: 50ms",
            "pool_size: 3",
            "retry_backoff_max: 2s",
            "close_timeout: 1m",
            "sink_name: case-db"), Map.of("SECRET_VAR", "s3cr3t-pw"), null);
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/vigil");
        assertThat(c.user()).isEqualTo("vigil");
        assertThat(c.password()).isEqualTo("s3cr3t-pw");
        assertThat(c.batchSize()).isEqualTo(100);
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.poolSize()).isEqualTo(3);
        assertThat(c.retryBackoffMax()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.closeTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.sinkName()).isEqualTo("case-db");
        assertThat(c.toString()).doesNotContain("s3cr3t-pw").contains("password=***");
    }

    @Test
    void shouldReadThePasswordFromAFileBesideTheConfiguration(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve("pw"), "from-file\n");
        Files.writeString(dir.resolve("db.yaml"), "url: jdbc:postgresql://db/vigil\npassword_file: pw\n");
        final DbSinkConfig c = DbSinkConfigFile.load(dir.resolve("db.yaml"), Map.of());
        assertThat(c.password()).isEqualTo("from-file");
        assertThat(c.batchSize()).isEqualTo(500);
    }

    @Test
    void shouldNameLineAndColumnOfEveryError()
    {
        assertThatThrownBy(() -> DbSinkConfigFile.parse("db.yaml", String.join("\n",
            "url: jdbc:postgresql://127.0.0.1/vigil",
            "batch_size: lots",
            "flush_interval: 3 days",
            "pool_size: 99",
            "colour: blue",
            "password: hunter2",
            "password_env: NOT_SET",
            "batch_size: 5"), Map.of(), null))
            .isInstanceOfSatisfying(DbSinkConfigFile.ConfigException.class, ex ->
            {
                assertThat(ex.errors()).containsExactly(
                    "db.yaml:2:13: batch_size: expected a whole number, found \"lots\"",
                    "db.yaml:3:17: flush_interval: expected a duration such as 500ms, 20s, 5m or 1h, found \"3 days\"",
                    "db.yaml:5:1: unknown setting 'colour'; expected one of [batch_size, close_timeout, flush_interval, "
                        + "password_env, password_file, pool_size, retry_backoff_max, sink_name, url, user]",
                    "db.yaml:6:1: password: not accepted in a configuration file; name an environment variable "
                        + "(password_env) or a file (password_file) that holds it",
                    "db.yaml:7:15: password_env: the environment variable NOT_SET is not set",
                    "db.yaml:8:1: batch_size: given twice",
                    "db.yaml:4:12: pool_size: expected 1 to 32, found 99");
                assertThat(ex.getMessage()).doesNotContain("hunter2");
            });
    }

    @Test
    void shouldRequireAPostgresqlUrl()
    {
        assertThatThrownBy(() -> DbSinkConfigFile.parse("db.yaml", "batch_size: 5\n", Map.of(), null))
            .hasMessage("db.yaml:1:1: url: required (e.g. url: jdbc:postgresql://127.0.0.1:5432/vigil)");
        assertThatThrownBy(() -> DbSinkConfigFile.parse("db.yaml", "\nurl: jdbc:mysql://x/y\n", Map.of(), null))
            .hasMessage("db.yaml:2:6: url: expected a JDBC URL starting with jdbc:postgresql:");
        assertThatThrownBy(() -> DbSinkConfigFile.parse("db.yaml", "- url\n", Map.of(), null))
            .hasMessageStartingWith("db.yaml:1:1: expected a mapping");
        assertThatThrownBy(() -> DbSinkConfigFile.parse("db.yaml", "url: [a\n", Map.of(), null))
            .hasMessage("db.yaml:1:8: not valid YAML: while parsing a flow sequence");
    }
}
