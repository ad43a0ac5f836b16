package io.vigil.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

/**
 * An alert record copied out of the publisher's callback.
 *
 * @param shardId     shard that published it.
 * @param ruleOrdinal rule ordinal from the record header.
 * @param eventTimeMs event time from the record header.
 * @param json        the alert JSON line.
 */
public record CapturedAlert(int shardId, int ruleOrdinal, long eventTimeMs, String json)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @return the parsed JSON. */
    public JsonNode node()
    {
        try
        {
            return MAPPER.readTree(json);
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the {@code rule} field. */
    public String rule()
    {
        return node().get("rule").asText();
    }

    /** @return the {@code key} field. */
    public String key()
    {
        return node().get("key").asText();
    }

    /** @return the {@code tx_id} field. */
    public String txId()
    {
        return node().get("tx_id").asText();
    }

    /** @return the {@code details} object. */
    public JsonNode details()
    {
        return node().get("details");
    }
}
