package io.vigil.ops.cli;

import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.kafka.KafkaAlertSink;
import io.vigil.ops.kafka.KafkaSinkConfig;
import io.vigil.ops.service.ConfigException;
import io.vigil.ops.service.ServiceConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code --kafka-sink FILE} option of the commands that run the engine: also send every alert to a Kafka topic
 * (see {@link KafkaAlertSink}), a reader of the alert outbox beside webhook delivery and the PostgreSQL sink (see
 * {@link OutboxSinks}). The file is in the {@code vigil run} configuration format; only its {@code kafka:} section
 * is read, so the service's own file serves.
 */
final class KafkaSinkOption
{
    @Option(names = "--kafka-sink", paramLabel = "FILE", description = "Also send every alert to a Kafka topic, "
        + "configured by the kafka: section of this YAML file (the vigil run format: kafka.brokers, kafka.properties, "
        + "kafka.sink.topic; see README, Alerts to Kafka). The sink reads the alert outbox (--outbox) and resumes "
        + "there after a restart.")
    Path configFile;

    /**
     * @return the sink's configuration, or null without the option.
     * @throws UserError for a missing file (66) or a bad one (65, FILE:LINE:COLUMN).
     */
    KafkaSinkConfig load()
    {
        if (configFile == null)
        {
            return null;
        }
        if (!Files.isReadable(configFile))
        {
            throw new UserError("--kafka-sink " + configFile + ": no such readable file", UserError.NO_INPUT);
        }
        final KafkaSinkConfig config;
        try
        {
            config = ServiceConfig.load(configFile).kafka().sinkConfig();
        }
        catch (final ConfigException ex)
        {
            throw new UserError("--kafka-sink " + ex.getMessage(), UserError.BAD_INPUT);
        }
        if (config == null)
        {
            throw new UserError("--kafka-sink " + configFile + ": no kafka.sink section (expected kafka: {brokers: "
                + "[HOST:PORT], sink: {topic: NAME}})", UserError.BAD_INPUT);
        }
        return config;
    }

    /**
     * @param config the configuration.
     * @param outbox the outbox the sink reads.
     * @return the started sink.
     * @throws UserError (65) if the producer refuses the client properties.
     */
    static KafkaAlertSink start(final KafkaSinkConfig config, final AlertOutbox outbox)
    {
        try
        {
            return KafkaAlertSink.start(config, outbox);
        }
        catch (final KafkaException ex)
        {
            final Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            throw new UserError("--kafka-sink: the Kafka producer refuses the settings: " + cause.getMessage(),
                UserError.BAD_INPUT);
        }
    }

    /**
     * Prints what the sink did; call after it is closed.
     *
     * @param out  where.
     * @param sink the sink, or null.
     */
    static void summary(final PrintWriter out, final KafkaAlertSink sink)
    {
        if (sink == null)
        {
            return;
        }
        final double seconds = sink.sendNanos() / 1e9;
        out.printf(Locale.ROOT, "kafka        %,d alerts to topic %s in %,d batches (%,.0f alerts/s while sending), "
                + "%,d records sent again after the producer gave up, %s%s%n", sink.sent(), sink.config().topic(),
            sink.batches(), seconds > 0 ? sink.sent() / seconds : 0.0, sink.failedAttempts(),
            sink.resumed() ? "resumed after its progress record" : "from the outbox's start",
            sink.unsent() > 0 ? String.format(Locale.ROOT, ", %,d NOT YET SENT (left in the outbox)", sink.unsent())
                : "");
    }
}
