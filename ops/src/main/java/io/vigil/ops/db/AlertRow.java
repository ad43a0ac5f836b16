package io.vigil.ops.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Locale;

/**
 * One alert as a row of the {@code alerts} table, taken from the alert's JSON line (see README, "Output: alerts as
 * JSON Lines"). {@code position} is where the alert sits in the stream that feeds the sink: its index in the alert
 * outbox ({@code OutboxEntry.index()}); the sink records the position of the last alert it wrote.
 *
 * @param position     place of the record in the source stream.
 * @param alertId      32 hex digits.
 * @param rule         rule id.
 * @param ruleVersion  rule version.
 * @param severity     low, medium, high or critical.
 * @param keyType      what the rule keys by (card, merchant, ...).
 * @param key          the key's value.
 * @param txId         triggering transaction, null for an alert on window close.
 * @param eventTimeMs  event time of the trigger (or window end), epoch ms.
 * @param windowStartMs window start, epoch ms, or {@link Long#MIN_VALUE} when the alert has none.
 * @param windowEndMs  window end, epoch ms, or {@link Long#MIN_VALUE} when the alert has none.
 * @param state        {@link State} of the alert after this record.
 * @param detailsJson  the {@code details} object as JSON text.
 * @param json         the whole alert line as emitted.
 */
public record AlertRow(long position, String alertId, String rule, int ruleVersion, String severity, String keyType,
    String key, String txId, long eventTimeMs, long windowStartMs, long windowEndMs, State state, String detailsJson,
    String json)
{
    private static final ObjectMapper JSON = new ObjectMapper();

    /** No window bound. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** The row's {@code state} column. */
    public enum State
    {
        /** As first emitted. */
        OPEN,
        /** Re-emitted with new content after an out-of-order event (same id). */
        AMENDED,
        /** Withdrawn: the sorted stream would not give it (same id). */
        RETRACTED;

        /** @return the value stored in the column. */
        public String column()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param status the alert line's {@code status} field, null when absent.
         * @return the state it stands for.
         * @throws IllegalArgumentException for an unknown status.
         */
        public static State fromStatus(final String status)
        {
            if (status == null || status.equals("alert") || status.equals("open"))
            {
                return OPEN;
            }
            if (status.equals("amended"))
            {
                return AMENDED;
            }
            if (status.equals("retracted"))
            {
                return RETRACTED;
            }
            throw new IllegalArgumentException("status: expected alert, amended or retracted, found \"" + status + "\"");
        }
    }

    /**
     * Reads an alert line. Allocates; called off the engine's threads.
     *
     * @param position place of the record in the source stream.
     * @param json     the alert JSON line.
     * @return the row.
     * @throws IllegalArgumentException naming the field that is missing or ill-typed.
     */
    public static AlertRow fromJson(final long position, final String json)
    {
        final JsonNode a;
        try
        {
            a = JSON.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("not a JSON object: " + ex.getOriginalMessage(), ex);
        }
        if (a == null || !a.isObject())
        {
            throw new IllegalArgumentException("not a JSON object");
        }
        final JsonNode details = a.get("details");
        return new AlertRow(position, text(a, "alert_id"), text(a, "rule"), a.path("rule_version").asInt(1),
            text(a, "severity"), text(a, "key_type"), text(a, "key"), a.path("tx_id").isTextual() ?
            a.get("tx_id").asText() : null, eventTimeMs(a), instantMs(a, "window_start"), instantMs(a, "window_end"),
            State.fromStatus(a.path("status").isTextual() ? a.get("status").asText() : null),
            details == null || details.isNull() ? "{}" : details.toString(), json);
    }

    private static String text(final JsonNode a, final String field)
    {
        final JsonNode v = a.get(field);
        if (v == null || !v.isTextual())
        {
            throw new IllegalArgumentException(field + ": expected a string");
        }
        return v.asText();
    }

    private static long eventTimeMs(final JsonNode a)
    {
        final JsonNode ms = a.get("event_time_ms");
        if (ms != null && ms.canConvertToLong())
        {
            return ms.asLong();
        }
        final long parsed = instantMs(a, "event_time");
        if (parsed == NO_TIME)
        {
            throw new IllegalArgumentException("event_time_ms: expected a number of epoch milliseconds");
        }
        return parsed;
    }

    private static long instantMs(final JsonNode a, final String field)
    {
        final JsonNode v = a.get(field);
        if (v == null || v.isNull())
        {
            return NO_TIME;
        }
        if (v.canConvertToLong())
        {
            return v.asLong();
        }
        try
        {
            return Instant.parse(v.asText()).toEpochMilli();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(field + ": expected an ISO-8601 instant, found \"" + v.asText() + "\"",
                ex);
        }
    }
}
