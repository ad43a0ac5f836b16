package io.vigil.ops.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.core.event.AccountAction;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.Channel;
import io.vigil.core.event.Currencies;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Parses one JSON event (a line of JSON Lines input, or an element of an HTTP batch) straight into a
 * {@link TransactionFlyweight}, with Jackson's streaming parser. Every problem becomes an
 * {@link InputException} that names the field and says what was expected. Despite its name it reads every
 * {@link EventKind}: {@code "type"} picks the kind ({@code transaction} when absent), and {@link EventFields}
 * says which fields each kind requires and allows (see README, "Input format").
 * <p>
 * Transactions: required {@code id, ts, card, merchant, amount, currency, country, status}; optional
 * {@code account, mcc, channel} (default {@code other}), {@code device, ip, lat, lon} (both or neither).
 * {@code ts} is epoch milliseconds (a number) or ISO-8601 text with an offset. {@code amount} (and a card
 * profile's {@code limit}) is a decimal in the currency's major unit, as a JSON number or string, held exactly as
 * minor units. Unknown fields are ignored; a field given twice, or a known field that does not belong to the
 * event's kind, is an error.
 * <p>
 * Thread contract: one instance per thread.
 */
public final class TransactionJsonParser
{
    private final JsonFactory factory = JsonFactory.builder().build();
    private final String[] texts = new String[EventFields.COUNT];
    private final JsonToken[] tokens = new JsonToken[EventFields.COUNT];

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
        Arrays.fill(texts, null);
        Arrays.fill(tokens, null);
        int seen = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_OBJECT)
        {
            if (token != JsonToken.FIELD_NAME)
            {
                throw new InputException(0, null, "malformed JSON object");
            }
            final String name = parser.currentName();
            final JsonToken value = parser.nextToken();
            final int index = EventFields.indexOf(name);
            if (index < 0)
            {
                parser.skipChildren();
                continue;
            }
            final int bit = 1 << index;
            if ((seen & bit) != 0)
            {
                throw new InputException(0, name, "given more than once");
            }
            seen |= bit;
            tokens[index] = value;
            if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT)
            {
                parser.skipChildren();
            }
            else
            {
                texts[index] = parser.getText();
            }
        }
        final EventKind kind = kind(seen);
        seen = dropOptionalNulls(kind, seen);
        EventFields.check(kind, seen);
        tx.kind(kind);
        for (int index = 0; index < EventFields.COUNT; index++)
        {
            if ((seen & 1 << index) != 0 && index != EventFields.TYPE)
            {
                try
                {
                    apply(kind, index, tx);
                }
                catch (final IllegalArgumentException ex)
                {
                    final String name = EventFields.name(index);
                    throw new InputException(0, name, stripFieldPrefix(name, ex.getMessage()));
                }
            }
        }
        finish(kind, seen, tx);
    }

    private EventKind kind(final int seen) throws InputException
    {
        if ((seen & 1 << EventFields.TYPE) == 0 || tokens[EventFields.TYPE] == JsonToken.VALUE_NULL)
        {
            return EventKind.TRANSACTION;
        }
        final String text = string(EventFields.TYPE);
        final EventKind kind = EventKind.fromWireName(text);
        if (kind == null)
        {
            throw new InputException(0, "type", "expected one of " + EventFields.wireNames(EventKind.values()) +
                ", found \"" + text + '"');
        }
        return kind;
    }

    private int dropOptionalNulls(final EventKind kind, final int seen)
    {
        int result = seen;
        final int required = EventFields.requiredMask(kind);
        for (int index = 0; index < EventFields.COUNT; index++)
        {
            if (tokens[index] == JsonToken.VALUE_NULL && (required & 1 << index) == 0)
            {
                result &= ~(1 << index);
            }
        }
        return result;
    }

    private void apply(final EventKind kind, final int index, final TransactionFlyweight tx)
        throws InputException
    {
        switch (index)
        {
            case EventFields.ID -> tx.id(string(index));
            case EventFields.TS -> tx.tsMs(timestamp(tokens[index], texts[index]));
            case EventFields.CARD -> tx.card(string(index));
            case EventFields.MERCHANT -> tx.merchant(string(index));
            case EventFields.ACCOUNT -> tx.account(string(index));
            case EventFields.DEVICE -> tx.device(string(index));
            case EventFields.IP -> tx.ip(string(index));
            case EventFields.CURRENCY -> tx.currency(string(index));
            case EventFields.COUNTRY, EventFields.HOME_COUNTRY -> tx.country(string(index));
            case EventFields.AMOUNT, EventFields.LIMIT -> decimalText(index);
            case EventFields.STATUS ->
            {
                final TxStatus status = TxStatus.fromWireName(string(index));
                if (status == null)
                {
                    throw new InputException(0, "status", "expected \"approved\" or \"declined\", found \"" +
                        texts[index] + '"');
                }
                tx.status(status);
            }
            case EventFields.CHANNEL ->
            {
                final Channel channel = Channel.fromWireName(string(index));
                if (channel == null)
                {
                    throw new InputException(0, "channel",
                        "expected one of pos, ecom, atm, moto, contactless, other, found \"" + texts[index] + '"');
                }
                tx.channel(channel);
            }
            case EventFields.MCC, EventFields.CATEGORY -> tx.mcc(code(index));
            case EventFields.CARD_STATUS -> tx.subtype(
                named(index, CardStatus.fromWireName(string(index)), CardStatus.values()).code());
            case EventFields.RISK -> tx.level(
                named(index, RiskLevel.fromWireName(string(index)), RiskLevel.values()).code());
            case EventFields.ACTION -> tx.subtype(
                named(index, AccountAction.fromWireName(string(index)), AccountAction.values()).code());
            case EventFields.LIST -> tx.subtype(
                named(index, ReferenceList.fromWireName(string(index)), ReferenceList.values()).code());
            case EventFields.OP ->
            {
                final String op = string(index);
                if (!"add".equals(op) && !"remove".equals(op))
                {
                    throw new InputException(0, "op", "expected \"add\" or \"remove\", found \"" + op + '"');
                }
                tx.level("add".equals(op) ? 1 : 0);
            }
            default ->
            {
                // lat, lon and value are applied once every field is known, by finish()
            }
        }
    }

    private void finish(final EventKind kind, final int seen, final TransactionFlyweight tx) throws InputException
    {
        if (kind == EventKind.TRANSACTION)
        {
            if ((seen & 1 << EventFields.CHANNEL) == 0)
            {
                tx.channel(Channel.OTHER);
            }
            tx.amountMinor(minor(EventFields.AMOUNT));
        }
        else if (kind == EventKind.CARD_PROFILE)
        {
            together(seen, EventFields.LIMIT, EventFields.CURRENCY);
            if ((seen & 1 << EventFields.LIMIT) != 0)
            {
                tx.amountMinor(minor(EventFields.LIMIT));
            }
        }
        else if (kind == EventKind.MERCHANT_PROFILE && (seen & 1 << EventFields.MCC) != 0 &&
            (seen & 1 << EventFields.CATEGORY) != 0)
        {
            throw new InputException(0, "mcc", "category and mcc are the same field: give one of them");
        }
        else if (kind == EventKind.REFERENCE)
        {
            value(ReferenceList.fromCode(tx.subtype()), tx);
        }
        together(seen, EventFields.LAT, EventFields.LON);
        if ((seen & 1 << EventFields.LAT) != 0)
        {
            final double lat = degrees(EventFields.LAT);
            final double lon = degrees(EventFields.LON);
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

    private void value(final ReferenceList list, final TransactionFlyweight tx) throws InputException
    {
        final String value = string(EventFields.VALUE);
        if (list == ReferenceList.SANCTIONED_COUNTRY)
        {
            try
            {
                tx.country(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new InputException(0, "value", "a sanctioned_country entry: expected a 2-letter ISO 3166 " +
                    "code, found \"" + value + '"');
            }
            return;
        }
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            throw new InputException(0, "value", "a blocked_bin entry: expected a BIN prefix of 1 to 19 digits, " +
                "found \"" + value + '"');
        }
        tx.card(value);
    }

    private void together(final int seen, final int first, final int second) throws InputException
    {
        final boolean hasFirst = (seen & 1 << first) != 0;
        if (hasFirst != ((seen & 1 << second) != 0))
        {
            throw new InputException(0, EventFields.name(hasFirst ? second : first), "missing: " +
                EventFields.name(first) + " and " + EventFields.name(second) + " come together");
        }
    }

    private <E extends Enum<E>> E named(final int index, final E value, final E[] all) throws InputException
    {
        if (value == null)
        {
            throw new InputException(0, EventFields.name(index), "expected one of " + EventFields.wireNames(all) +
                ", found \"" + texts[index] + '"');
        }
        return value;
    }

    private String string(final int index) throws InputException
    {
        if (tokens[index] != JsonToken.VALUE_STRING)
        {
            throw new InputException(0, EventFields.name(index), "expected a string, found " + tokenName(tokens[index]));
        }
        return texts[index];
    }

    private void decimalText(final int index) throws InputException
    {
        final JsonToken value = tokens[index];
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT &&
            value != JsonToken.VALUE_STRING)
        {
            throw new InputException(0, EventFields.name(index), "expected a decimal such as 12.34, found " +
                tokenName(value));
        }
    }

    private long minor(final int index) throws InputException
    {
        final String name = EventFields.name(index);
        try
        {
            return Amounts.parseMinor(texts[index], Currencies.exponent(texts[EventFields.CURRENCY]));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InputException(0, name, stripFieldPrefix(name, stripFieldPrefix("amount", ex.getMessage())));
        }
    }

    private int code(final int index) throws InputException
    {
        final JsonToken value = tokens[index];
        final String name = EventFields.name(index);
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_STRING)
        {
            throw new InputException(0, name, "expected a 4-digit code, found " + tokenName(value));
        }
        try
        {
            return Integer.parseInt(texts[index]);
        }
        catch (final NumberFormatException ex)
        {
            throw new InputException(0, name, "expected a 4-digit code, found \"" + texts[index] + '"');
        }
    }

    private double degrees(final int index) throws InputException
    {
        final JsonToken value = tokens[index];
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw new InputException(0, EventFields.name(index), "expected a number in degrees, found " +
                tokenName(value));
        }
        return Double.parseDouble(texts[index]);
    }

    private static long timestamp(final JsonToken value, final String text) throws InputException
    {
        if (value == JsonToken.VALUE_NUMBER_INT)
        {
            final long ms;
            try
            {
                ms = Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new InputException(0, "ts", "expected epoch milliseconds, found " + text);
            }
            if (ms < 0)
            {
                throw new InputException(0, "ts", "expected epoch milliseconds >= 0, found " + ms);
            }
            return ms;
        }
        if (value == JsonToken.VALUE_STRING)
        {
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
