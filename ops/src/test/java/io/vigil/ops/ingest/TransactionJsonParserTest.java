package io.vigil.ops.ingest;

import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionJsonParserTest
{
    static final String GOOD = "{\"id\":\"tx-1\",\"ts\":1767571200000,\"card\":\"c-1\",\"account\":\"a-1\"," +
        "\"merchant\":\"m-1\",\"mcc\":5411,\"amount\":12.30,\"currency\":\"EUR\",\"country\":\"DE\"," +
        "\"lat\":52.52,\"lon\":13.40,\"channel\":\"pos\",\"device\":\"d-1\",\"ip\":\"10.0.0.1\",\"status\":\"approved\"}";

    private final TransactionJsonParser parser = new TransactionJsonParser();
    private final TransactionFlyweight tx = new TransactionFlyweight()
        .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);

    @Test
    void shouldParseEveryField() throws Exception
    {
        parser.parse(GOOD, tx);

        assertThat(tx.id()).isEqualTo("tx-1");
        assertThat(tx.tsMs()).isEqualTo(1_767_571_200_000L);
        assertThat(tx.card()).isEqualTo("c-1");
        assertThat(tx.account()).isEqualTo("a-1");
        assertThat(tx.merchant()).isEqualTo("m-1");
        assertThat(tx.mcc()).isEqualTo(5411);
        assertThat(tx.amountMinor()).isEqualTo(1230);
        assertThat(tx.currency()).isEqualTo("EUR");
        assertThat(tx.country()).isEqualTo("DE");
        assertThat(tx.lat()).isEqualTo(52.52);
        assertThat(tx.lon()).isEqualTo(13.40);
        assertThat(tx.channel()).isEqualTo(Channel.POS);
        assertThat(tx.device()).isEqualTo("d-1");
        assertThat(tx.ip()).isEqualTo("10.0.0.1");
        assertThat(tx.status()).isEqualTo(TxStatus.APPROVED);
    }

    @Test
    void shouldAcceptIsoTimesStringAmountsAndDefaults() throws Exception
    {
        parser.parse("{\"id\":\"t\",\"ts\":\"2026-01-05T01:00:00+01:00\",\"card\":\"c\",\"merchant\":\"m\"," +
            "\"amount\":\"1500\",\"currency\":\"JPY\",\"country\":\"JP\",\"status\":\"declined\",\"extra\":[1,{}]," +
            "\"ip\":null}", tx);

        assertThat(tx.tsMs()).isEqualTo(1_767_571_200_000L);
        assertThat(tx.amountMinor()).isEqualTo(1500);
        assertThat(tx.currencyExponent()).isZero();
        assertThat(tx.channel()).isEqualTo(Channel.OTHER);
        assertThat(tx.hasLocation()).isFalse();
        assertThat(tx.ip()).isEmpty();
        assertThat(tx.status()).isEqualTo(TxStatus.DECLINED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON        | {\"id\":\"tx-1\",                                 |        | malformed JSON",
        "not an object         | [1,2]                                              |        | expected a JSON object",
        "missing card          | {\"id\":\"t\",\"ts\":1,\"merchant\":\"m\",\"amount\":1,\"currency\":\"EUR\",\"country\":\"DE\",\"status\":\"approved\"} | card | missing (required)",
        "negative amount       | REPLACE amount -5.00                               | amount | must not be negative",
        "too many decimals     | REPLACE amount 1.234                               | amount | more than 2 decimal places",
        "amount as boolean     | REPLACE amount true                                | amount | expected a decimal",
        "bad time              | REPLACE ts \"yesterday\"                           | ts     | expected epoch milliseconds or ISO-8601",
        "time as float         | REPLACE ts 12.5                                    | ts     | expected epoch milliseconds",
        "unknown status        | REPLACE status \"maybe\"                           | status | expected \"approved\" or \"declined\"",
        "unknown channel       | REPLACE channel \"pigeon\"                         | channel | expected one of pos",
        "card as number        | REPLACE card 42                                    | card   | expected a string, found a number",
        "bad currency          | REPLACE currency \"euro\"                          | currency | expected a 3-letter",
        "bad country           | REPLACE country \"Germany\"                        | country | expected a 2-letter",
        "latitude out of range | REPLACE lat 123.0                                  | lat    | expected degrees in [-90, 90]",
        "id too long           | REPLACE id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" | id | at most 47 characters",
        "mcc not a number      | REPLACE mcc \"food\"                               | mcc    | expected a 4-digit code",
    })
    void shouldNameTheFieldAndTheProblem(final String name, final String input, final String field, final String message)
    {
        final String json = input.startsWith("REPLACE") ? replace(input) : input;
        assertThatThrownBy(() -> parser.parse(json, tx))
            .isInstanceOf(InputException.class)
            .satisfies(ex -> assertThat(((InputException)ex).field()).isEqualTo(field == null || field.isBlank() ?
                null : field.strip()))
            .hasMessageContaining(message.strip());
    }

    @Test
    void shouldRejectAFieldGivenTwice()
    {
        assertThatThrownBy(() -> parser.parse(GOOD.replace("\"card\":\"c-1\",", "\"card\":\"c-1\",\"card\":\"c-2\","), tx))
            .hasMessage("field 'card': given more than once");
    }

    @Test
    void shouldRejectLatitudeWithoutLongitude()
    {
        assertThatThrownBy(() -> parser.parse(GOOD.replace("\"lon\":13.40,", ""), tx))
            .hasMessage("field 'lon': missing: lat and lon come together");
    }

    private static String replace(final String spec)
    {
        final String[] parts = spec.strip().split(" ", 3);
        final String field = parts[1];
        final String value = parts[2].strip();
        return GOOD.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" +
            java.util.regex.Matcher.quoteReplacement(value));
    }
}
