package io.vigil.ops.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TxStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionJsonWriterTest
{
    private static GeneratedTransaction tx(final long amountMinor, final String currency, final double lat,
        final double lon, final Channel channel, final String device, final String ip, final TxStatus status)
    {
        return new GeneratedTransaction("tx-0000000001", 1_767_571_200_000L, "card-00000001", "acct-00000001",
            "m-0000001", 5411, amountMinor, currency, "FR", lat, lon, channel, device, ip, status);
    }

    private static String write(final GeneratedTransaction... txs) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TransactionJsonWriter writer = new TransactionJsonWriter(out))
        {
            for (final GeneratedTransaction tx : txs)
            {
                writer.write(tx);
            }
            assertThat(writer.lines()).isEqualTo(txs.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteACardPresentTransactionWithItsLocationAndTwoDecimals() throws IOException
    {
        assertThat(write(tx(1230, "EUR", 48.8566, 2.3522, Channel.CONTACTLESS, "", "", TxStatus.APPROVED)))
            .isEqualTo("{\"id\":\"tx-0000000001\",\"ts\":1767571200000,\"card\":\"card-00000001\"," +
                "\"account\":\"acct-00000001\",\"merchant\":\"m-0000001\",\"mcc\":5411,\"amount\":12.30," +
                "\"currency\":\"EUR\",\"country\":\"FR\",\"lat\":48.856600,\"lon\":2.352200," +
                "\"channel\":\"contactless\",\"status\":\"approved\"}\n");
    }

    @Test
    void shouldWriteAnOnlineTransactionWithDeviceAndIpAndNoLocation() throws IOException
    {
        assertThat(write(tx(1280, "JPY", Double.NaN, Double.NaN, Channel.ECOM, "dev-00ff", "10.0.0.1",
            TxStatus.DECLINED)))
            .isEqualTo("{\"id\":\"tx-0000000001\",\"ts\":1767571200000,\"card\":\"card-00000001\"," +
                "\"account\":\"acct-00000001\",\"merchant\":\"m-0000001\",\"mcc\":5411,\"amount\":1280," +
                "\"currency\":\"JPY\",\"country\":\"FR\",\"channel\":\"ecom\",\"device\":\"dev-00ff\"," +
                "\"ip\":\"10.0.0.1\",\"status\":\"declined\"}\n");
    }

    @Test
    void shouldWriteSmallAmountsNegativeCoordinatesAndThreeDecimalCurrencies() throws IOException
    {
        final String line = write(tx(5, "USD", -33.8688, -0.1278, Channel.POS, "", "", TxStatus.APPROVED),
            tx(0, "EUR", 0.0000004, -179.9999996, Channel.ATM, "", "", TxStatus.APPROVED),
            tx(12_345, "KWD", 1, 2, Channel.POS, "", "", TxStatus.APPROVED));
        final String[] lines = line.split("\n");
        assertThat(lines[0]).contains("\"amount\":0.05,").contains("\"lat\":-33.868800,\"lon\":-0.127800,");
        assertThat(lines[1]).contains("\"amount\":0.00,").contains("\"lat\":0.000000,\"lon\":-180.000000,");
        assertThat(lines[2]).contains("\"amount\":12.345,");
    }

    @Test
    void shouldOmitBothCoordinatesWhenEitherIsAbsent() throws IOException
    {
        assertThat(write(tx(100, "EUR", 10, Double.NaN, Channel.POS, "", "", TxStatus.APPROVED)))
            .doesNotContain("lat").doesNotContain("lon");
    }

    @Test
    void shouldEscapeWhatJsonNeedsEscaped() throws IOException
    {
        final String odd = "a\"b\\c\n\u0001é€😀";
        final GeneratedTransaction tx = new GeneratedTransaction("tx-1", 1, odd, "", "m", 1, 1, "EUR", "FR",
            Double.NaN, Double.NaN, Channel.ECOM, "d", "i", TxStatus.APPROVED);
        final JsonNode node = new ObjectMapper().readTree(write(tx));
        assertThat(node.get("card").asText()).isEqualTo(odd);
        assertThat(node.get("account").asText()).isEmpty();
    }

    @Test
    void shouldRenderOneTransactionAsAString()
    {
        final GeneratedTransaction tx = tx(99, "GBP", Double.NaN, Double.NaN, Channel.ECOM, "d", "i",
            TxStatus.APPROVED);
        assertThat(TransactionJsonWriter.toJson(tx)).startsWith("{\"id\":").endsWith("\"approved\"}")
            .contains("\"amount\":0.99,");
    }

    @Test
    void shouldWriteLargeVolumesInBlocks() throws IOException
    {
        final List<GeneratedTransaction> txs = new TrafficGenerator(
            GeneratedRun.DEFAULT.toBuilder().events(20_000).build()).stream().toList();
        final String text = write(txs.toArray(new GeneratedTransaction[0]));
        final String[] lines = text.split("\n");
        assertThat(lines).hasSize(20_000);
        assertThat(lines[19_999]).isEqualTo(TransactionJsonWriter.toJson(txs.get(19_999)));
    }

    @Test
    void shouldWriteTruthCasesAsJsonLines() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TruthWriter writer = new TruthWriter(out))
        {
            writer.write(new TruthCase("case-000001", FraudType.CARD_TESTING, "card-00000042",
                List.of("tx-0000000007", "tx-0000000009"), 1_767_571_200_000L, 1_767_571_260_000L));
            writer.write(new TruthCase("case-000002", FraudType.NEW_COUNTRY, "card-00000043",
                List.of("tx-0000000010"), 5, 5));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
            "{\"case_id\":\"case-000001\",\"type\":\"card-testing\",\"card\":\"card-00000042\"," +
                "\"tx_ids\":[\"tx-0000000007\",\"tx-0000000009\"],\"first_ts\":1767571200000," +
                "\"last_ts\":1767571260000}\n" +
                "{\"case_id\":\"case-000002\",\"type\":\"new-country\",\"card\":\"card-00000043\"," +
                "\"tx_ids\":[\"tx-0000000010\"],\"first_ts\":5,\"last_ts\":5}\n");
    }
}
