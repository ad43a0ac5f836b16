package io.vigil.ops.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.ops.report.AlertCollectingSink;
import io.vigil.ops.report.Recall;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amended alerts and retractions through the sinks: the JSON line says {@code status}, the console says AMEND or
 * RETRACT, counts and the recall collector keep alerts minus retractions.
 */
class AmendedAlertSinksTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleRef VELOCITY = new RuleRef(0, "card-velocity", 2, Severity.HIGH, KeyType.CARD);

    private final TransactionFlyweight c = tx(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), "c");
    private final TransactionFlyweight d = tx(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), "d");
    private final TransactionFlyweight b = tx(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), "b");

    @Test
    void shouldShowAndCountAmendedAlertsAndRetractions() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final JsonLinesAlertSink lines = new JsonLinesAlertSink(bytes);
        final AlertCounts counts = new AlertCounts(List.of(VELOCITY));
        final AlertCollectingSink collected = new AlertCollectingSink();
        final List<String> console = new java.util.ArrayList<>();
        final AlertSink console1 = new AlertSink()
        {
            @Override
            public void onAlert(final AlertView alert)
            {
                console.add(ConsoleAlertSink.format(alert.json()));
            }
        };
        final AlertSink sink = new FanOutAlertSink(List.of(lines, counts, collected, console1));
        final AlertView view = new AlertView();
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> sink.onAlert(view.wrap(buffer,
            offset)));

        alerts.begin(VELOCITY, c, 1).detail("count", 5).publish();
        alerts.begin(VELOCITY, d, 2).detail("count", 6).publish();
        // b arrives out of order: c's alert stands with new figures, d's is retracted
        alerts.beginAmended(VELOCITY, c, 3, b, true).detail("count", 6).publish();
        alerts.retract(VELOCITY, d, 3, b, "cooldown").publish();
        sink.close();

        final List<JsonNode> written = bytes.toString(StandardCharsets.UTF_8).lines().map(this::parse).toList();
        assertThat(written).hasSize(4);
        assertThat(written.get(0).has("status")).as("a new alert has no status").isFalse();
        assertThat(written.get(2).get("status").asText()).isEqualTo("amended");
        assertThat(written.get(2).get("cause_tx_id").asText()).isEqualTo("b");
        assertThat(written.get(2).get("alert_id")).isEqualTo(written.get(0).get("alert_id"));
        assertThat(written.get(2).get("details").get("count").asInt()).isEqualTo(6);
        assertThat(written.get(3).get("status").asText()).isEqualTo("retracted");
        assertThat(written.get(3).get("alert_id")).isEqualTo(written.get(1).get("alert_id"));
        assertThat(written.get(3).get("tx_id").asText()).isEqualTo("d");
        assertThat(written.get(3).get("details").get("reason").asText()).isEqualTo("cooldown");

        assertThat(counts.total()).as("2 new, 1 amended that replaces, 1 retracted").isEqualTo(1);
        assertThat(counts.perRule()).containsEntry("card-velocity", 1L);
        assertThat(counts.amended()).isEqualTo(1);
        assertThat(counts.retracted()).isEqualTo(1);
        assertThat(collected.alerts()).containsExactly(new Recall.Alert("card-velocity", "card", "card-1", "c"));
        assertThat(console).extracting(line -> line.substring(0, line.indexOf(' ')))
            .containsExactly("ALERT", "ALERT", "AMEND", "RETRACT");
        assertThat(console.get(3)).contains("tx=d").contains("(out-of-order tx=b)").contains("reason=cooldown");
    }

    @Test
    void shouldCountAnAmendedAlertThatDidNotStandAsOneMore()
    {
        final AlertCounts counts = new AlertCounts(List.of(VELOCITY));
        final AlertView view = new AlertView();
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> counts.onAlert(view.wrap(buffer,
            offset)));
        alerts.beginAmended(VELOCITY, c, 3, b, false).publish();
        assertThat(counts.total()).isEqualTo(1);
    }

    private JsonNode parse(final String line)
    {
        try
        {
            return JSON.readTree(line);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static TransactionFlyweight tx(final UnsafeBuffer buffer, final String id)
    {
        return new TransactionFlyweight().wrap(buffer, 0).clear().id(id).tsMs(1_767_571_200_000L).card("card-1")
            .account("acc-1").merchant("m-1").mcc(5411).amountMinor(100).currency("USD").country("US")
            .channel(Channel.POS).status(TxStatus.APPROVED);
    }
}
