package io.vigil.ops.ingest;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every event kind beyond transactions: good input per kind, each kind's errors, and JSON → flyweight → JSON. */
class EventKindsParserTest
{
    static final String CARD_PROFILE = "{\"type\":\"card_profile\",\"id\":\"cp-1\",\"ts\":1767571200000," +
        "\"card\":\"c-1\",\"account\":\"a-1\",\"home_country\":\"DE\",\"limit\":2500.00,\"currency\":\"EUR\"," +
        "\"card_status\":\"active\"}";
    static final String MERCHANT_PROFILE = "{\"type\":\"merchant_profile\",\"id\":\"mp-1\",\"ts\":1767571200000," +
        "\"merchant\":\"m-1\",\"category\":5967,\"country\":\"GB\",\"risk\":\"high\"}";
    static final String ACCOUNT_EVENT = "{\"type\":\"account_event\",\"id\":\"ae-1\",\"ts\":1767571200000," +
        "\"account\":\"a-1\",\"card\":\"c-1\",\"device\":\"d-9\",\"ip\":\"10.1.2.3\",\"country\":\"FR\"," +
        "\"lat\":48.85,\"lon\":2.35,\"action\":\"password_reset\"}";
    static final String ACCOUNT_PROFILE = "{\"type\":\"account_profile\",\"id\":\"ap-1\",\"ts\":1767571200000," +
        "\"account\":\"a-1\",\"country\":\"DE\",\"risk\":\"medium\"}";
    static final String REFERENCE_COUNTRY = "{\"type\":\"reference\",\"id\":\"rf-1\",\"ts\":1767571200000," +
        "\"list\":\"sanctioned_country\",\"value\":\"KP\",\"op\":\"add\"}";
    static final String REFERENCE_BIN = "{\"type\":\"reference\",\"id\":\"rf-2\",\"ts\":1767571200000," +
        "\"list\":\"blocked_bin\",\"value\":\"999901\",\"op\":\"remove\"}";

    private final TransactionJsonParser parser = new TransactionJsonParser();
    private final TransactionFlyweight event = flyweight();

    @Test
    void shouldParseACardProfile() throws Exception
    {
        parser.parse(CARD_PROFILE, event);

        assertThat(event.kind()).isEqualTo(EventKind.CARD_PROFILE.code());
        assertThat(event.isTransaction()).isFalse();
        assertThat(event.id()).isEqualTo("cp-1");
        assertThat(event.tsMs()).isEqualTo(1_767_571_200_000L);
        assertThat(event.card()).isEqualTo("c-1");
        assertThat(event.keyHash(KeyType.CARD)).isNotZero();
        assertThat(event.account()).isEqualTo("a-1");
        assertThat(event.country()).isEqualTo("DE");
        assertThat(event.amountMinor()).isEqualTo(250_000);
        assertThat(event.currency()).isEqualTo("EUR");
        assertThat(event.subtype()).isEqualTo(CardStatus.ACTIVE.code());
    }

    @Test
    void shouldParseAMerchantProfileWithCategoryOrMcc() throws Exception
    {
        parser.parse(MERCHANT_PROFILE, event);
        assertThat(event.kind()).isEqualTo(EventKind.MERCHANT_PROFILE.code());
        assertThat(event.merchant()).isEqualTo("m-1");
        assertThat(event.mcc()).isEqualTo(5967);
        assertThat(event.country()).isEqualTo("GB");
        assertThat(event.level()).isEqualTo(RiskLevel.HIGH.code());

        parser.parse(MERCHANT_PROFILE.replace("\"category\":5967", "\"mcc\":\"5411\""), event);
        assertThat(event.mcc()).isEqualTo(5411);
    }

    @Test
    void shouldParseAnAccountEvent() throws Exception
    {
        parser.parse(ACCOUNT_EVENT, event);

        assertThat(event.kind()).isEqualTo(EventKind.ACCOUNT_EVENT.code());
        assertThat(event.account()).isEqualTo("a-1");
        assertThat(event.card()).isEqualTo("c-1");
        assertThat(event.device()).isEqualTo("d-9");
        assertThat(event.ip()).isEqualTo("10.1.2.3");
        assertThat(event.country()).isEqualTo("FR");
        assertThat(event.lat()).isEqualTo(48.85);
        assertThat(event.subtype()).isEqualTo(AccountAction.PASSWORD_RESET.code());
    }

    @Test
    void shouldParseAnAccountEventWithOnlyItsRequiredFields() throws Exception
    {
        parser.parse("{\"type\":\"account_event\",\"id\":\"ae-2\",\"ts\":5,\"account\":\"a-1\",\"action\":\"login\"}",
            event);

        assertThat(event.subtype()).isEqualTo(AccountAction.LOGIN.code());
        assertThat(event.card()).isEmpty();
        assertThat(event.hasLocation()).isFalse();
        assertThat(event.countryCode()).isZero();
    }

    @Test
    void shouldParseAnAccountProfile() throws Exception
    {
        parser.parse(ACCOUNT_PROFILE, event);

        assertThat(event.kind()).isEqualTo(EventKind.ACCOUNT_PROFILE.code());
        assertThat(event.account()).isEqualTo("a-1");
        assertThat(event.country()).isEqualTo("DE");
        assertThat(event.level()).isEqualTo(RiskLevel.MEDIUM.code());
    }

    @Test
    void shouldParseReferenceEntries() throws Exception
    {
        parser.parse(REFERENCE_COUNTRY, event);
        assertThat(event.kind()).isEqualTo(EventKind.REFERENCE.code());
        assertThat(event.subtype()).isEqualTo(ReferenceList.SANCTIONED_COUNTRY.code());
        assertThat(event.country()).isEqualTo("KP");
        assertThat(event.level()).isEqualTo(1);

        parser.parse(REFERENCE_BIN, event);
        assertThat(event.subtype()).isEqualTo(ReferenceList.BLOCKED_BIN.code());
        assertThat(event.card()).isEqualTo("999901");
        assertThat(event.level()).isZero();
    }

    @Test
    void shouldTreatAnExplicitTransactionTypeLikeNone() throws Exception
    {
        parser.parse(TransactionJsonParserTest.GOOD.replace("{\"id\"", "{\"type\":\"transaction\",\"id\""), event);

        assertThat(event.isTransaction()).isTrue();
        assertThat(event.amountMinor()).isEqualTo(1230);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown type             | TX      | \"type\":\"refund\"                         | type         | expected one of transaction, card_profile, merchant_profile, account_event, account_profile, reference, found \"refund\"",
        "type as number           | TX      | \"type\":3                                  | type         | expected a string, found a number",
        "unknown card status      | CP      | \"card_status\":\"frozen\"                  | card_status  | expected one of active, blocked, lost, stolen, closed, found \"frozen\"",
        "amount on a profile      | CP      | \"amount\":5                                | amount       | not a field of type \"card_profile\" (type \"card_profile\" fields: id, ts, card, currency, account, home_country, limit, card_status)",
        "limit without currency   | CP      | -currency                                   | currency     | missing: limit and currency come together",
        "profile without home     | CP      | -home_country                               | home_country | missing (required for type \"card_profile\")",
        "bad home country         | CP      | \"home_country\":\"Germany\"                | home_country | expected a 2-letter ISO 3166 code",
        "limit as boolean         | CP      | \"limit\":true                              | limit        | expected a decimal such as 12.34, found a boolean",
        "limit with decimals      | CP      | \"limit\":1.234                             | limit        | more than 2 decimal places",
        "unknown risk             | MP      | \"risk\":\"extreme\"                        | risk         | expected one of low, medium, high, found \"extreme\"",
        "category and mcc         | MP      | \"mcc\":5411                                | mcc          | category and mcc are the same field",
        "status on a merchant     | MP      | \"status\":\"approved\"                     | status       | not a field of type \"merchant_profile\"",
        "merchant without id      | MP      | -id                                         | id           | missing (required for type \"merchant_profile\")",
        "unknown action           | AE      | \"action\":\"logout\"                       | action       | expected one of login, device_change, password_reset, address_change, found \"logout\"",
        "action missing           | AE      | -action                                     | action       | missing (required for type \"account_event\")",
        "lat without lon          | AE      | -lon                                        | lon          | missing: lat and lon come together",
        "merchant on an account   | AE      | \"merchant\":\"m\"                          | merchant     | not a field of type \"account_event\"",
        "profile risk missing     | AP      | -risk                                       | risk         | missing (required for type \"account_profile\")",
        "risk as number           | AP      | \"risk\":3                                  | risk         | expected a string, found a number",
        "unknown list             | RF      | \"list\":\"blocked_ip\"                     | list         | expected one of blocked_bin, sanctioned_country, found \"blocked_ip\"",
        "unknown op               | RF      | \"op\":\"upsert\"                           | op           | expected \"add\" or \"remove\", found \"upsert\"",
        "bad sanctioned country   | RF      | \"value\":\"Korea\"                         | value        | a sanctioned_country entry: expected a 2-letter ISO 3166 code",
        "bad BIN                  | RF      | \"list\":\"blocked_bin\"                    | value        | a blocked_bin entry: expected a BIN prefix of 1 to 19 digits, found \"KP\"",
        "card on a reference      | RF      | \"card\":\"c\"                              | card         | not a field of type \"reference\" (type \"reference\" fields: id, ts, list, value, op)",
        "reference without op     | RF      | -op                                         | op           | missing (required for type \"reference\")",
        "null required field      | RF      | \"value\":null                              | value        | expected a string, found null",
    })
    void shouldNameTheFieldAndTheProblem(final String name, final String base, final String change, final String field,
        final String message)
    {
        final String json = change(base(base.strip()), change.strip());

        assertThatThrownBy(() -> parser.parse(json, event))
            .isInstanceOf(InputException.class)
            .satisfies(ex -> assertThat(((InputException)ex).field()).isEqualTo(field.strip()))
            .hasMessageContaining(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TX", "CP", "MP", "AE", "AP", "RF", "RB"})
    void shouldRoundTripJsonThroughTheFlyweight(final String base) throws Exception
    {
        final EventJsonWriter writer = new EventJsonWriter();
        parser.parse(base(base), event);
        final String written = writer.write(event);
        final TransactionFlyweight again = flyweight();
        parser.parse(written, again);

        assertThat(again.buffer().byteArray()).isEqualTo(event.buffer().byteArray());
        assertThat(writer.write(again)).isEqualTo(written);
        assertThat(written).contains("\"id\":\"" + event.id() + '"');
    }

    @Test
    void shouldWriteEachKindWithItsOwnFields() throws Exception
    {
        final EventJsonWriter writer = new EventJsonWriter();
        parser.parse(CARD_PROFILE, event);
        assertThat(writer.write(event)).isEqualTo(CARD_PROFILE.replace("2500.00", "2500.00"));
        parser.parse(REFERENCE_COUNTRY, event);
        assertThat(writer.write(event)).isEqualTo(REFERENCE_COUNTRY);
        parser.parse(ACCOUNT_PROFILE, event);
        assertThat(writer.write(event)).isEqualTo(ACCOUNT_PROFILE);
        parser.parse(MERCHANT_PROFILE, event);
        assertThat(writer.write(event)).isEqualTo(MERCHANT_PROFILE);
    }

    @Test
    void shouldParseEveryExampleOfTheReadme() throws Exception
    {
        final String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        final int section = readme.indexOf("### Other event kinds");
        final int start = readme.indexOf("```json\n", section) + "```json\n".length();
        final String[] examples = readme.substring(start, readme.indexOf("```", start)).strip().split("\n");
        final java.util.Set<Byte> kinds = new java.util.HashSet<>();
        for (final String example : examples)
        {
            parser.parse(example, event);
            kinds.add(event.kind());
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
        assertThat(kinds).hasSize(EventKind.values().length - 1);
    }

    static String base(final String name)
    {
        return switch (name)
        {
            case "TX" -> TransactionJsonParserTest.GOOD;
            case "CP" -> CARD_PROFILE;
            case "MP" -> MERCHANT_PROFILE;
            case "AE" -> ACCOUNT_EVENT;
            case "AP" -> ACCOUNT_PROFILE;
            case "RF" -> REFERENCE_COUNTRY;
            case "RB" -> REFERENCE_BIN;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code -field} removes a field; {@code "field":value} replaces it, or adds it when absent. */
    private static String change(final String json, final String change)
    {
        if (change.startsWith("-"))
        {
            return json.replaceFirst(",\"" + change.substring(1) + "\":(\"[^\"]*\"|[^,}]*)", "");
        }
        final String field = change.substring(1, change.indexOf('"', 1));
        final String pattern = "\"" + field + "\":(\"[^\"]*\"|[^,}]*)";
        if (json.matches(".*" + pattern + ".*"))
        {
            return json.replaceFirst(pattern, java.util.regex.Matcher.quoteReplacement(change));
        }
        return json.substring(0, json.length() - 1) + ',' + change + '}';
    }

    private static TransactionFlyweight flyweight()
    {
        return new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    }
}
