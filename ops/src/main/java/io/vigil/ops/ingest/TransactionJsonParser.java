package io.vigil.ops.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.Channel;
import io.vigil.core.event.Currencies;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Parses one JSON transaction (a line of JSON Lines input, or an element of an HTTP batch) straight into a
 * {@link TransactionFlyweight}, with Jackson's streaming parser. Every problem becomes an
 * {@link InputException} that names the field and says what was expected.
 * <p>
 * Fields (see README): required {@code id, ts, card, merchant, amount, currency, country, status};
 * optional {@code account, mcc, channel} (default {@code other}), {@code device, ip, lat, lon} (both or
 * neither). {@code ts} is epoch milliseconds (a number) or ISO-8601 text with an offset. {@code amount}
 * is a decimal in the currency's major unit, as a JSON number or string, held exactly as minor units.
 * Unknown fields are ignored; a field given twice is an error.
 * <p>
 * Thread contract: one instance per thread.
 */
public final class TransactionJsonParser
{
    private static final int ID = 1;
    private static final int TS = 1 << 1;
    private static final int CARD = 1 << 2;
    private static final int MERCHANT = 1 << 3;
    private static final int AMOUNT = 1 << 4;
    private static final int CURRENCY = 1 << 5;
    private static final int COUNTRY = 1 << 6;
    private static final int STATUS = 1 << 7;
    private static final int ACCOUNT = 1 << 8;
    private static final int MCC = 1 << 9;
    private static final int CHANNEL = 1 << 10;
    private static final int DEVICE = 1 << 11;
    private static final int IP = 1 << 12;
    private static final int LAT = 1 << 13;
    private static final int LON = 1 << 14;
    private static final int REQUIRED = ID | TS | CARD | MERCHANT | AMOUNT | CURRENCY | COUNTRY | STATUS;
    private static final String[] NAMES = {
        "id", "ts", "card", "merchant", "amount", "currency", "country", "status",
        "account", "mcc", "channel", "device", "ip", "lat", "lon"};

    private final JsonFactory factory = JsonFactory.builder().build();

    /**
     * @param json one JSON object.
     * @param tx   where to write; cleared first.
     * @throws InputException naming the field and the problem (line number 0: the caller attaches it).
     */
    public void parse(final String json, final TransactionFlyweight tx) throws InputException
    {
        try (JsonParser parser = factory.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new InputException(0, null, "expected a JSON object, found " + describe(json));
            }
            parseObject(parser, tx);
            if (parser.nextToken() != null)
            {
                throw new InputException(0, null, "unexpected content after the JSON object");
            }
        }
        catch (final JsonParseException ex)
        {
            throw new InputException(0, null, "malformed JSON: " + ex.getOriginalMessage() +
                " at column " + ex.getLocation().getColumnNr());
        }
        catch (final IOException ex)
        {
            throw new InputException(0, null, "unreadable JSON: " + ex.getMessage());
        }
    }

    /**
     * Parses the object the parser stands at (its START_OBJECT already read), for batch bodies.
     *
     * @param parser positioned on START_OBJECT.
     * @param tx     where to write; cleared first.
     * @throws InputException naming the field and the problem.
     * @throws IOException    if the JSON itself is malformed.
     */
    public void parseObject(final JsonParser parser, final TransactionFlyweight tx) throws InputException, IOException
    {
        tx.clear();
        int seen = 0;
        String amountText = null;
        String currency = null;
        double lat = Double.NaN;
        double lon = Double.NaN;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT)
        {
            if (token != JsonToken.FIELD_NAME)
            {
                throw new InputException(0, null, "malformed JSON object");
            }
            final String name = parser.currentName();
            final JsonToken value = parser.nextToken();
            final int bit = bitOf(name);
            if (bit == 0)
            {
                parser.skipChildren();
                continue;
            }
            if ((seen & bit) != 0)
            {
                throw new InputException(0, name, "given more than once");
            }
            seen |= bit;
            if (value == JsonToken.VALUE_NULL && (bit & REQUIRED) == 0)
            {
                seen &= ~bit;
                continue;
            }
            try
            {
                switch (bit)
                {
                    case ID:
                        tx.id(text(name, parser, value));
                        break;
                    case TS:
                        tx.tsMs(timestamp(parser, value));
                        break;
                    case CARD:
                        tx.card(text(name, parser, value));
                        break;
                    case MERCHANT:
                        tx.merchant(text(name, parser, value));
                        break;
                    case ACCOUNT:
                        tx.account(text(name, parser, value));
                        break;
                    case DEVICE:
                        tx.device(text(name, parser, value));
                        break;
                    case IP:
                        tx.ip(text(name, parser, value));
                        break;
                    case AMOUNT:
                        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT &&
                            value != JsonToken.VALUE_STRING)
                        {
                            throw new InputException(0, name, "expected a decimal such as 12.34, found " +
                                tokenName(value));
                        }
                        amountText = parser.getText();
                        break;
                    case CURRENCY:
                        currency = text(name, parser, value);
                        tx.currency(currency);
                        break;
                    case COUNTRY:
                        tx.country(text(name, parser, value));
                        break;
                    case STATUS:
                        final TxStatus status = TxStatus.fromWireName(text(name, parser, value));
                        if (status == null)
                        {
                            throw new InputException(0, name, "expected \"approved\" or \"declined\", found \"" +
                                parser.getText() + '"');
                        }
                        tx.status(status);
                        break;
                    case CHANNEL:
                        final Channel channel = Channel.fromWireName(text(name, parser, value));
                        if (channel == null)
                        {
                            throw new InputException(0, name,
                                "expected one of pos, ecom, atm, moto, contactless, other, found \"" +
                                parser.getText() + '"');
                        }
                        tx.channel(channel);
                        break;
                    case MCC:
                        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_STRING)
                        {
                            throw new InputException(0, name, "expected a 4-digit code, found " + tokenName(value));
                        }
                        tx.mcc(integer(name, parser.getText()));
                        break;
                    case LAT:
                        lat = number(name, parser, value);
                        break;
                    case LON:
                        lon = number(name, parser, value);
                        break;
                    default:
                        break;
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new InputException(0, name, stripFieldPrefix(name, ex.getMessage()));
            }
        }
        final int missing = REQUIRED & ~seen;
        if (missing != 0)
        {
            throw new InputException(0, NAMES[Integer.numberOfTrailingZeros(missing)], "missing (required)");
        }
        if ((seen & CHANNEL) == 0)
        {
            tx.channel(Channel.OTHER);
        }
        try
        {
            tx.amountMinor(Amounts.parseMinor(amountText, Currencies.exponent(currency)));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException(0, "amount", stripFieldPrefix("amount", ex.getMessage()));
        }
        if (((seen & LAT) != 0) != ((seen & LON) != 0))
        {
            throw new InputException(0, (seen & LAT) != 0 ? "lon" : "lat", "missing: lat and lon come together");
        }
        if ((seen & LAT) != 0)
        {
            try
            {
                tx.location(lat, lon);
            }
            catch (final IllegalArgumentException ex)
            {
                final String message = ex.getMessage();
                final String field = message.startsWith("lat") ? "lat" : "lon";
                throw new InputException(0, field, stripFieldPrefix(field, message));
            }
        }
    }

    private static int bitOf(final String name)
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            if (NAMES[i].equals(name))
            {
                return 1 << i;
            }
        }
        return 0;
    }

    private static String text(final String field, final JsonParser parser, final JsonToken value)
        throws InputException, IOException
    {
        if (value != JsonToken.VALUE_STRING)
        {
            throw new InputException(0, field, "expected a string, found " + tokenName(value));
        }
        return parser.getText();
    }

    private static double number(final String field, final JsonParser parser, final JsonToken value)
        throws InputException, IOException
    {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw new InputException(0, field, "expected a number in degrees, found " + tokenName(value));
        }
        return parser.getDoubleValue();
    }

    private static int integer(final String field, final String text) throws InputException
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new InputException(0, field, "expected a 4-digit code, found \"" + text + '"');
        }
    }

    private static long timestamp(final JsonParser parser, final JsonToken value) throws InputException, IOException
    {
        if (value == JsonToken.VALUE_NUMBER_INT)
        {
            final long ms = parser.getLongValue();
            if (ms < 0)
            {
                throw new InputException(0, "ts", "expected epoch milliseconds >= 0, found " + ms);
            }
            return ms;
        }
        if (value == JsonToken.VALUE_STRING)
        {
            final String text = parser.getText();
            try
            {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            }
            catch (final DateTimeException ex)
            {
                throw new InputException(0, "ts",
                    "expected epoch milliseconds or ISO-8601 with an offset (2026-01-05T10:15:30Z), found \"" +
                    text + '"');
            }
        }
        throw new InputException(0, "ts", "expected epoch milliseconds or an ISO-8601 string, found " +
            tokenName(value));
    }

    private static String stripFieldPrefix(final String field, final String message)
    {
        final String prefix = field + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String tokenName(final JsonToken token)
    {
        if (token == null)
        {
            return "nothing";
        }
        switch (token)
        {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            default:
                return token.toString();
        }
    }

    private static String describe(final String json)
    {
        final String trimmed = json.strip();
        return trimmed.isEmpty() ? "an empty line" : '"' + (trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" :
            trimmed) + '"';
    }
}
