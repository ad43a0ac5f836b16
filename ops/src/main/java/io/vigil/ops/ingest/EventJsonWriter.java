package io.vigil.ops.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.core.event.AccountAction;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionFlyweight;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes an encoded event of any {@link EventKind} back as the JSON {@link TransactionJsonParser} reads, with
 * each kind's own fields (see {@link EventFields}): {@code parse(write(e))} encodes the same bytes as {@code e}.
 * Transactions are written without {@code "type"}, every other kind with it, first. Absent optional fields
 * (empty strings, no country, no location, a card profile without a limit) are left out. Not for the hot path:
 * it builds a string.
 * <p>
 * Thread contract: one instance per thread.
 */
public final class EventJsonWriter
{
    private final JsonFactory factory = JsonFactory.builder().build();

    /**
     * @param event an encoded event.
     * @return one line of JSON, without a line break.
     */
    public String write(final TransactionFlyweight event)
    {
        final StringWriter out = new StringWriter(256);
        try (JsonGenerator g = factory.createGenerator(out))
        {
            g.writeStartObject();
            writeFields(g, event);
            g.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * Writes the event's fields (its {@code type} first, unless a transaction) into an object already started.
     *
     * @param g     positioned inside an object.
     * @param event an encoded event.
     * @throws IOException from the generator.
     */
    public static void writeFields(final JsonGenerator g, final TransactionFlyweight event) throws IOException
    {
        final EventKind kind = EventKind.fromCode(event.kind());
        if (kind == null)
        {
            g.writeStringField("type", "unknown(" + event.kind() + ")");
            g.writeStringField("id", event.id());
            g.writeNumberField("ts", event.tsMs());
            return;
        }
        if (kind != EventKind.TRANSACTION)
        {
            g.writeStringField("type", kind.wireName());
        }
        g.writeStringField("id", event.id());
        g.writeNumberField("ts", event.tsMs());
        switch (kind)
        {
            case TRANSACTION ->
            {
                g.writeStringField("card", event.card());
                optional(g, "account", event.account());
                g.writeStringField("merchant", event.merchant());
                g.writeNumberField("mcc", event.mcc());
                g.writeFieldName("amount");
                g.writeNumber(Amounts.format(event.amountMinor(), event.currencyExponent()));
                g.writeStringField("currency", event.currency());
                g.writeStringField("country", event.country());
                location(g, event);
                g.writeStringField("channel", event.channel().wireName());
                optional(g, "device", event.device());
                optional(g, "ip", event.ip());
                g.writeStringField("status", event.status().wireName());
            }
            case CARD_PROFILE ->
            {
                g.writeStringField("card", event.card());
                optional(g, "account", event.account());
                g.writeStringField("home_country", event.country());
                if (event.currencyCode() != 0)
                {
                    g.writeFieldName("limit");
                    g.writeNumber(Amounts.format(event.amountMinor(), event.currencyExponent()));
                    g.writeStringField("currency", event.currency());
                }
                g.writeStringField("card_status", wireName(CardStatus.fromCode(event.subtype()), event.subtype()));
            }
            case MERCHANT_PROFILE ->
            {
                g.writeStringField("merchant", event.merchant());
                if (event.mcc() != 0)
                {
                    g.writeNumberField("category", event.mcc());
                }
                country(g, "country", event);
                g.writeStringField("risk", wireName(RiskLevel.fromCode(event.level()), event.level()));
            }
            case ACCOUNT_EVENT ->
            {
                g.writeStringField("account", event.account());
                optional(g, "card", event.card());
                optional(g, "device", event.device());
                optional(g, "ip", event.ip());
                country(g, "country", event);
                location(g, event);
                g.writeStringField("action", wireName(AccountAction.fromCode(event.subtype()), event.subtype()));
            }
            case ACCOUNT_PROFILE ->
            {
                g.writeStringField("account", event.account());
                country(g, "country", event);
                g.writeStringField("risk", wireName(RiskLevel.fromCode(event.level()), event.level()));
            }
            case REFERENCE ->
            {
                final ReferenceList list = ReferenceList.fromCode(event.subtype());
                g.writeStringField("list", wireName(list, event.subtype()));
                g.writeStringField("value", list == ReferenceList.SANCTIONED_COUNTRY ? event.country() : event.card());
                g.writeStringField("op", event.level() == 1 ? "add" : "remove");
            }
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private static String wireName(final Enum<?> value, final int code)
    {
        return value == null ? "unknown(" + code + ")" : value.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void optional(final JsonGenerator g, final String name, final String value) throws IOException
    {
        if (!value.isEmpty())
        {
            g.writeStringField(name, value);
        }
    }

    private static void country(final JsonGenerator g, final String name, final TransactionFlyweight event)
        throws IOException
    {
        if (event.countryCode() != 0)
        {
            g.writeStringField(name, event.country());
        }
    }

    private static void location(final JsonGenerator g, final TransactionFlyweight event) throws IOException
    {
        if (event.hasLocation())
        {
            g.writeNumberField("lat", event.lat());
            g.writeNumberField("lon", event.lon());
        }
    }
}
