package io.vigil.ops.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.event.Amounts;
import io.vigil.core.event.Currencies;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.EventJsonWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One journal entry as a JSON object, for the {@code journal} tools: its index, type and, decoded, what it
 * holds (an event's fields, per kind (a transaction's, a card profile's, ...), a tick's time, a rule change's size, a checkpoint's id). Not for the hot path.
 */
final class EntryJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final UnsafeBuffer copy = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private final TransactionFlyweight tx = new TransactionFlyweight();
    private final EventJsonWriter writer = new EventJsonWriter();

    /**
     * @param detailed with every field of a transaction (key hashes included) rather than the main ones.
     * @return the entry as one line of JSON.
     */
    String describe(
        final long index, final int type, final DirectBuffer buffer, final int offset, final int length,
        final boolean detailed)
    {
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("index", index);
        node.put("index_hex", Long.toHexString(index));
        switch (type)
        {
            case EventSlot.TYPE_TRANSACTION ->
            {
                copy.putBytes(0, buffer, offset, Math.min(length, copy.capacity()));
                tx.wrap(copy, 0);
                if (!tx.isTransaction())
                {
                    describeOtherKind(node, detailed);
                    break;
                }
                node.put("type", "transaction");
                node.put("id", tx.id());
                node.put("ts", Instant.ofEpochMilli(tx.tsMs()).toString());
                node.put("ts_ms", tx.tsMs());
                node.put("card", tx.card());
                node.put("merchant", tx.merchant());
                node.put("amount", Amounts.format(tx.amountMinor(), Currencies.exponent(tx.currency())));
                node.put("currency", tx.currency());
                node.put("country", tx.country());
                node.put("status", tx.status().name().toLowerCase(java.util.Locale.ROOT));
                if (detailed)
                {
                    node.put("account", tx.account());
                    node.put("mcc", tx.mcc());
                    node.put("channel", tx.channel().name().toLowerCase(java.util.Locale.ROOT));
                    node.put("device", tx.device());
                    node.put("ip", tx.ip());
                    if (!Double.isNaN(tx.lat()))
                    {
                        node.put("lat", tx.lat());
                        node.put("lon", tx.lon());
                    }
                    final ObjectNode hashes = node.putObject("key_hashes");
                    for (final KeyType keyType : KeyType.values())
                    {
                        hashes.put(keyType.name().toLowerCase(java.util.Locale.ROOT), Long.toHexString(tx.keyHash(keyType)));
                    }
                    node.put("bytes", length);
                }
            }
            case EventSlot.TYPE_TICK ->
            {
                node.put("type", "tick");
                final long timeMs = buffer.getLong(offset);
                node.put("event_time_ms", timeMs);
                node.put("event_time", timeMs == Long.MAX_VALUE ? "end of input" : Instant.ofEpochMilli(timeMs).toString());
            }
            case EventSlot.TYPE_PROGRAM ->
            {
                node.put("type", "rules");
                node.put("version", buffer.getLong(offset));
                node.put("bytes", length - 8);
                if (detailed)
                {
                    final byte[] source = new byte[length - 8];
                    buffer.getBytes(offset + 8, source);
                    node.put("source", new String(source, StandardCharsets.UTF_8));
                }
            }
            case EventSlot.TYPE_CHECKPOINT ->
            {
                node.put("type", "checkpoint");
                node.put("checkpoint_id", buffer.getLong(offset));
            }
            default ->
            {
                node.put("type", "unknown(" + type + ")");
                node.put("bytes", length);
            }
        }
        return node.toString();
    }

    /** Another event kind than a transaction: its own fields (as the input format names them), then the time. */
    private void describeOtherKind(final ObjectNode node, final boolean detailed)
    {
        try
        {
            final ObjectNode fields = (ObjectNode)MAPPER.readTree(writer.write(tx));
            node.setAll(fields);
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalStateException("unreadable event JSON", ex);
        }
        node.put("ts", Instant.ofEpochMilli(tx.tsMs()).toString());
        node.put("ts_ms", tx.tsMs());
        if (detailed)
        {
            final ObjectNode hashes = node.putObject("key_hashes");
            for (final KeyType keyType : KeyType.values())
            {
                hashes.put(keyType.name().toLowerCase(java.util.Locale.ROOT), Long.toHexString(tx.keyHash(keyType)));
            }
            node.put("bytes", TransactionDescriptor.ENCODED_LENGTH);
        }
    }

    static String typeName(final int type)
    {
        return switch (type)
        {
            case EventSlot.TYPE_TRANSACTION -> "transactions";
            case EventSlot.TYPE_TICK -> "ticks";
            case EventSlot.TYPE_PROGRAM -> "rule changes";
            case EventSlot.TYPE_CHECKPOINT -> "checkpoint barriers";
            default -> "type " + type;
        };
    }
}
