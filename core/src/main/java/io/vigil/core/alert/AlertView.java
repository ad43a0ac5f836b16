package io.vigil.core.alert;

import io.vigil.core.event.KeyType;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

import static io.vigil.core.alert.AlertDescriptor.*;

/**
 * Read-only flyweight over an alert record (see {@link AlertDescriptor}). Valid only during the callback
 * that hands it out; copy what must outlive it.
 */
public final class AlertView
{
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the record.
     * @param offset where it starts.
     * @return this.
     */
    public AlertView wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the record. */
    public int offset()
    {
        return offset;
    }

    /** @return total length of the record: header plus JSON. */
    public int length()
    {
        return HEADER_LENGTH + jsonLength();
    }

    /** @return input ring sequence of the triggering event. */
    public long triggerSequence()
    {
        return buffer.getLong(offset + TRIGGER_SEQUENCE_OFFSET);
    }

    /** @return journal index of the triggering event. */
    public long journalIndex()
    {
        return buffer.getLong(offset + JOURNAL_INDEX_OFFSET);
    }

    /** @return event time of the trigger, epoch ms. */
    public long eventTimeMs()
    {
        return buffer.getLong(offset + EVENT_TIME_OFFSET);
    }

    /** @return {@code System.nanoTime()} when the trigger was received. */
    public long receivedNanos()
    {
        return buffer.getLong(offset + RECEIVED_NANOS_OFFSET);
    }

    /** @return high 64 bits of the alert id. */
    public long alertIdHi()
    {
        return buffer.getLong(offset + ALERT_ID_HI_OFFSET);
    }

    /** @return low 64 bits of the alert id. */
    public long alertIdLo()
    {
        return buffer.getLong(offset + ALERT_ID_LO_OFFSET);
    }

    /** @return the alert id as 32 hex digits (allocates). */
    public String alertId()
    {
        return AlertIds.toHex(alertIdHi(), alertIdLo());
    }

    /** @return ordinal of the rule in its rule set. */
    public int ruleOrdinal()
    {
        return buffer.getInt(offset + RULE_ORDINAL_OFFSET);
    }

    /** @return severity. */
    public Severity severity()
    {
        return Severity.fromCode(buffer.getByte(offset + SEVERITY_OFFSET));
    }

    /** @return key type. */
    public KeyType keyType()
    {
        return KeyType.values()[buffer.getByte(offset + KEY_TYPE_OFFSET)];
    }

    /**
     * @return record kind: {@link AlertDescriptor#KIND_ALERT}, {@link AlertDescriptor#KIND_AMENDED},
     * {@link AlertDescriptor#KIND_RETRACTED} or {@link AlertDescriptor#KIND_LATE}.
     */
    public byte kind()
    {
        return buffer.getByte(offset + KIND_OFFSET);
    }

    /** @return whether the record is an amended alert ({@link AlertDescriptor#KIND_AMENDED}). */
    public boolean isAmended()
    {
        return kind() == KIND_AMENDED;
    }

    /** @return whether the record retracts an alert given earlier ({@link AlertDescriptor#KIND_RETRACTED}). */
    public boolean isRetraction()
    {
        return kind() == KIND_RETRACTED;
    }

    /**
     * @return how the record changes the number of alerts that stand: +1 for a new alert and for an amended one
     * that adds an alert, 0 for an amended one that replaces a standing alert's content
     * ({@link AlertDescriptor#FLAG_REPLACES}) and for a late-event record, −1 for a retraction.
     */
    public int standingDelta()
    {
        switch (kind())
        {
            case KIND_ALERT:
                return 1;
            case KIND_AMENDED:
                return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_REPLACES) != 0 ? 0 : 1;
            case KIND_RETRACTED:
                return -1;
            default:
                return 0;
        }
    }

    /** @return byte length of the JSON line. */
    public int jsonLength()
    {
        return buffer.getInt(offset + JSON_LENGTH_OFFSET);
    }

    /** @return offset of the JSON line in {@link #buffer()}. */
    public int jsonOffset()
    {
        return offset + HEADER_LENGTH;
    }

    /** @return the JSON line as a string (allocates). */
    public String json()
    {
        final byte[] bytes = new byte[jsonLength()];
        buffer.getBytes(jsonOffset(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
