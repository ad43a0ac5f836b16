package io.vigil.core.alert;

import io.vigil.core.event.Amounts;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.time.EpochTime;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import static io.vigil.core.alert.AlertDescriptor.*;

/**
 * Builds alert records on a shard thread and hands them to the shard's alert ring: a rule calls
 * {@link #begin}, adds the figures that made it fire with the {@code detail*} methods, then {@link #publish}.
 * The record carries the alert JSON line, written here without allocating:
 * <pre>
 * {"alert_id":"…","rule":"…","rule_version":1,"severity":"high","key_type":"card","key":"…",
 *  "tx_id":"…","event_time":"2026-11-24T07:25:46.123Z","event_time_ms":1795500346123,"details":{…}}
 * </pre>
 * An amended alert ({@link #beginAmended}) and a retraction ({@link #retract}), written when an out-of-order
 * event changes what a later event of the key gives, carry {@code "status":"amended"} or
 * {@code "status":"retracted"} and {@code "cause_tx_id"} right after {@code alert_id}; a new alert has no
 * {@code status}.
 * Thread contract: one instance per shard, used by that shard's thread only.
 */
public final class AlertPublisher
{
    /**
     * Where a finished record goes; the engine supplies the shard's alert ring.
     */
    @FunctionalInterface
    public interface RecordHandler
    {
        /**
         * @param buffer holding the record.
         * @param offset where it starts.
         * @param length its length.
         */
        void onRecord(DirectBuffer buffer, int offset, int length);
    }

    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(4096);
    private final AlertIds ids = new AlertIds();
    private final RecordHandler handler;
    private long triggerSequence;
    private long receivedNanos;
    private int position;
    private int detailCount;
    private int arrayCount;
    private boolean inArray;
    private boolean open;
    private long published;

    /**
     * @param handler receives each finished record.
     */
    public AlertPublisher(final RecordHandler handler)
    {
        this.handler = handler;
    }

    /**
     * Sets the input event being processed; called by the shard before running rules.
     *
     * @param triggerSequence input ring sequence.
     * @param receivedNanos   {@code System.nanoTime()} at receipt, latency measurement only.
     */
    public void onEvent(final long triggerSequence, final long receivedNanos)
    {
        this.triggerSequence = triggerSequence;
        this.receivedNanos = receivedNanos;
    }

    /**
     * Starts an alert fired by {@code rule} on the transaction {@code tx}.
     *
     * @param rule         the rule.
     * @param tx           the triggering transaction.
     * @param journalIndex its journal index.
     * @return this, to add details.
     */
    public AlertPublisher begin(final RuleRef rule, final TransactionFlyweight tx, final long journalIndex)
    {
        return beginOnEvent(rule, tx, journalIndex, KIND_ALERT, (byte)0, null);
    }

    /**
     * Starts an amended alert: an out-of-order event ({@code cause}) made the rule redo the evaluation of a later
     * event of the key, {@code tx}, and the redone evaluation fires. The record (kind
     * {@link AlertDescriptor#KIND_AMENDED}) is the alert {@link #begin} would write for {@code tx} (same id, same
     * fields and details) with {@code "status":"amended"} and {@code "cause_tx_id"} after the alert id; it
     * supersedes any earlier record with its id. Add details, then {@link #publish}.
     *
     * @param rule         the rule.
     * @param tx           the event whose evaluation was redone: the alert's trigger.
     * @param journalIndex journal index of the out-of-order event being processed.
     * @param cause        the out-of-order event.
     * @param replaces     whether an alert with this id stands (its content changes) rather than not.
     * @return this, to add details.
     */
    public AlertPublisher beginAmended(
        final RuleRef rule, final TransactionFlyweight tx, final long journalIndex, final TransactionFlyweight cause,
        final boolean replaces)
    {
        return beginOnEvent(rule, tx, journalIndex, KIND_AMENDED, replaces ? FLAG_REPLACES : (byte)0, cause);
    }

    /**
     * Starts the retraction of an alert given earlier on {@code tx}: an out-of-order event ({@code cause}) showed
     * that the stream sorted by (event time, transaction id) does not give it. The record (kind
     * {@link AlertDescriptor#KIND_RETRACTED}) has the alert's id, rule, key, {@code tx_id} and event time,
     * {@code "status":"retracted"}, {@code "cause_tx_id"}, and {@code "details":{"reason":…}}. Publish it like an
     * alert.
     *
     * @param rule         the rule.
     * @param tx           the retracted alert's triggering event.
     * @param journalIndex journal index of the out-of-order event being processed.
     * @param cause        the out-of-order event.
     * @param reason       why, a JSON-safe constant such as {@code "condition-not-met"} or {@code "cooldown"}.
     * @return this, to publish.
     */
    public AlertPublisher retract(
        final RuleRef rule, final TransactionFlyweight tx, final long journalIndex, final TransactionFlyweight cause,
        final String reason)
    {
        beginOnEvent(rule, tx, journalIndex, KIND_RETRACTED, (byte)0, cause);
        detailText("reason", reason);
        return this;
    }

    /** A record triggered by {@code tx}: id from (rule, version, key, tx id), header, {@code tx_id}, times. */
    private AlertPublisher beginOnEvent(
        final RuleRef rule, final TransactionFlyweight tx, final long journalIndex, final byte kind, final byte flags,
        final TransactionFlyweight cause)
    {
        final KeyType keyType = rule.keyType();
        final MutableDirectBuffer b = tx.buffer();
        final int keyOffset = tx.keyBytesOffset(keyType);
        final int keyLength = tx.keyLength(keyType);
        ids.reset().add(rule.id()).add(rule.version()).add(keyType.ordinal())
            .add(b, keyOffset, keyLength).add(b, tx.idBytesOffset(), tx.idLength());
        final long eventTimeMs = tx.tsMs();
        header(rule, b, keyOffset, keyLength, eventTimeMs, journalIndex, kind, flags, cause);
        raw(",\"tx_id\":");
        quoted(b, tx.idBytesOffset(), tx.idLength());
        times(eventTimeMs);
        return this;
    }

    /**
     * Records a late event: {@code rule} did not apply {@code tx} because its event time was below the
     * watermark minus the allowed lateness. The record (kind {@link AlertDescriptor#KIND_LATE}) travels the
     * alert path to the late-event output: {@code {"late_event":true,"rule":…,"key_type":…,"key":…,"tx_id":…,
     * "event_time":…,"event_time_ms":…,"details":{"watermark_ms":…}}}. Publish it like an alert.
     *
     * @param rule         the rule that did not apply it.
     * @param tx           the late event.
     * @param journalIndex its journal index.
     * @param watermarkMs  the watermark at the time, epoch ms.
     * @return this, to add details or publish.
     */
    public AlertPublisher late(
        final RuleRef rule, final TransactionFlyweight tx, final long journalIndex, final long watermarkMs)
    {
        final KeyType keyType = rule.keyType();
        final MutableDirectBuffer b = tx.buffer();
        final int keyOffset = tx.keyBytesOffset(keyType);
        final int keyLength = tx.keyLength(keyType);
        ids.reset().add(rule.id()).add(rule.version()).add(keyType.ordinal())
            .add(b, keyOffset, keyLength).add(b, tx.idBytesOffset(), tx.idLength()).add('l');
        header(rule, b, keyOffset, keyLength, tx.tsMs(), journalIndex, KIND_LATE, (byte)0, null);
        raw(",\"tx_id\":");
        quoted(b, tx.idBytesOffset(), tx.idLength());
        times(tx.tsMs());
        detail("watermark_ms", watermarkMs);
        return this;
    }

    /**
     * Starts an alert fired when a window closes: there is no triggering transaction, so the alert id derives
     * from (rule id, rule version, key type, key, window start), {@code tx_id} is null and the JSON carries
     * {@code window_start} and {@code window_end}; its event time is the window's end.
     *
     * @param rule          the rule.
     * @param keyBuffer     holding the key's bytes.
     * @param keyOffset     first byte of the key.
     * @param keyLength     key length.
     * @param windowStartMs window start, epoch ms, inclusive.
     * @param windowEndMs   window end, epoch ms, exclusive.
     * @param journalIndex  journal index of the event or tick whose watermark closed the window.
     * @return this, to add details.
     */
    public AlertPublisher beginWindow(
        final RuleRef rule, final DirectBuffer keyBuffer, final int keyOffset, final int keyLength,
        final long windowStartMs, final long windowEndMs, final long journalIndex)
    {
        ids.reset().add(rule.id()).add(rule.version()).add(rule.keyType().ordinal())
            .add(keyBuffer, keyOffset, keyLength).add('w').add(windowStartMs);
        header(rule, keyBuffer, keyOffset, keyLength, windowEndMs, journalIndex, KIND_ALERT, (byte)0, null);
        raw(",\"tx_id\":null,\"window_start\":\"");
        position += EpochTime.putIso(scratch, position, windowStartMs);
        raw("\",\"window_end\":\"");
        position += EpochTime.putIso(scratch, position, windowEndMs);
        scratch.putByte(position++, (byte)'"');
        times(windowEndMs);
        return this;
    }

    private void header(
        final RuleRef rule, final DirectBuffer keyBuffer, final int keyOffset, final int keyLength,
        final long eventTimeMs, final long journalIndex, final byte kind, final byte flags,
        final TransactionFlyweight cause)
    {
        final KeyType keyType = rule.keyType();
        final long idHi = ids.hi();
        final long idLo = ids.lo();
        scratch.putLong(TRIGGER_SEQUENCE_OFFSET, triggerSequence);
        scratch.putLong(JOURNAL_INDEX_OFFSET, journalIndex);
        scratch.putLong(EVENT_TIME_OFFSET, eventTimeMs);
        scratch.putLong(RECEIVED_NANOS_OFFSET, receivedNanos);
        scratch.putLong(ALERT_ID_HI_OFFSET, idHi);
        scratch.putLong(ALERT_ID_LO_OFFSET, idLo);
        scratch.putInt(RULE_ORDINAL_OFFSET, rule.ordinal());
        scratch.putByte(SEVERITY_OFFSET, rule.severity().code());
        scratch.putByte(KEY_TYPE_OFFSET, (byte)keyType.ordinal());
        scratch.putByte(KIND_OFFSET, kind);
        scratch.putByte(FLAGS_OFFSET, flags);

        position = HEADER_LENGTH;
        if (kind == KIND_LATE)
        {
            raw("{\"late_event\":true,\"rule\":\"");
        }
        else
        {
            raw("{\"alert_id\":\"");
            position += AlertIds.putHex(scratch, position, idHi, idLo);
            if (cause != null)
            {
                raw(kind == KIND_AMENDED ? "\",\"status\":\"amended\",\"cause_tx_id\":" :
                    "\",\"status\":\"retracted\",\"cause_tx_id\":");
                quoted(cause.buffer(), cause.idBytesOffset(), cause.idLength());
                raw(",\"rule\":\"");
            }
            else
            {
                raw("\",\"rule\":\"");
            }
        }
        raw(rule.id());
        raw("\",\"rule_version\":");
        position += scratch.putIntAscii(position, rule.version());
        raw(",\"severity\":\"");
        raw(rule.severity().wireName());
        raw("\",\"key_type\":\"");
        raw(keyType.wireName());
        raw("\",\"key\":");
        quoted(keyBuffer, keyOffset, keyLength);
    }

    private void times(final long eventTimeMs)
    {
        raw(",\"event_time\":\"");
        position += EpochTime.putIso(scratch, position, eventTimeMs);
        raw("\",\"event_time_ms\":");
        position += scratch.putLongAscii(position, eventTimeMs);
        raw(",\"details\":{");
        detailCount = 0;
        inArray = false;
        open = true;
    }

    /**
     * @param name  detail name, a JSON-safe constant.
     * @param value a whole number.
     * @return this.
     */
    public AlertPublisher detail(final String name, final long value)
    {
        name(name);
        position += scratch.putLongAscii(position, value);
        return this;
    }

    /**
     * @param name     detail name.
     * @param minor    an amount in minor units.
     * @param exponent decimal places of its currency.
     * @return this, the amount written as a JSON string such as {@code "12.30"} so no precision is lost.
     */
    public AlertPublisher detailAmount(final String name, final long minor, final int exponent)
    {
        name(name);
        scratch.putByte(position++, (byte)'"');
        position += Amounts.putDecimal(scratch, position, minor, exponent);
        scratch.putByte(position++, (byte)'"');
        return this;
    }

    /**
     * @param name        detail name.
     * @param value       a fixed-point number.
     * @param scaleDigits how many of its digits are decimals (e.g. 1 for tenths).
     * @return this.
     */
    public AlertPublisher detailFixed(final String name, final long value, final int scaleDigits)
    {
        name(name);
        position += Amounts.putDecimal(scratch, position, value, scaleDigits);
        return this;
    }

    /**
     * @param name  detail name.
     * @param value ASCII text.
     * @return this.
     */
    public AlertPublisher detailText(final String name, final CharSequence value)
    {
        name(name);
        scratch.putByte(position++, (byte)'"');
        for (int i = 0, n = value.length(); i < n; i++)
        {
            escaped(value.charAt(i));
        }
        scratch.putByte(position++, (byte)'"');
        return this;
    }

    /**
     * @param name detail name.
     * @param buffer holding ASCII bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public AlertPublisher detailText(final String name, final DirectBuffer buffer, final int offset, final int length)
    {
        name(name);
        quoted(buffer, offset, length);
        return this;
    }

    /**
     * Opens an array of strings; add elements with {@link #element}, close with {@link #endArray}.
     *
     * @param name detail name.
     * @return this.
     */
    public AlertPublisher beginArray(final String name)
    {
        name(name);
        scratch.putByte(position++, (byte)'[');
        arrayCount = 0;
        inArray = true;
        return this;
    }

    /**
     * @param buffer holding ASCII bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public AlertPublisher element(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!inArray)
        {
            throw new IllegalStateException("element outside an array");
        }
        if (arrayCount++ > 0)
        {
            scratch.putByte(position++, (byte)',');
        }
        quoted(buffer, offset, length);
        return this;
    }

    /** @return this, with the open array closed. */
    public AlertPublisher endArray()
    {
        scratch.putByte(position++, (byte)']');
        inArray = false;
        return this;
    }

    /** Finishes the record and hands it to the alert ring. */
    public void publish()
    {
        if (!open)
        {
            throw new IllegalStateException("publish without begin");
        }
        raw("}}");
        final int jsonLength = position - HEADER_LENGTH;
        if (jsonLength > MAX_JSON_LENGTH)
        {
            open = false;
            throw new IllegalStateException("alert JSON of " + jsonLength + " bytes exceeds " + MAX_JSON_LENGTH);
        }
        scratch.putInt(JSON_LENGTH_OFFSET, jsonLength);
        open = false;
        published++;
        handler.onRecord(scratch, 0, position);
    }

    /** @return alerts published by this shard. */
    public long published()
    {
        return published;
    }

    private void name(final String name)
    {
        if (detailCount++ > 0)
        {
            scratch.putByte(position++, (byte)',');
        }
        scratch.putByte(position++, (byte)'"');
        raw(name);
        scratch.putByte(position++, (byte)'"');
        scratch.putByte(position++, (byte)':');
    }

    private void raw(final String ascii)
    {
        position += scratch.putStringWithoutLengthAscii(position, ascii);
    }

    private void quoted(final DirectBuffer buffer, final int offset, final int length)
    {
        scratch.putByte(position++, (byte)'"');
        for (int i = 0; i < length; i++)
        {
            escaped((char)(buffer.getByte(offset + i) & 0xFF));
        }
        scratch.putByte(position++, (byte)'"');
    }

    private void escaped(final char c)
    {
        if (c == '"' || c == '\\')
        {
            scratch.putByte(position++, (byte)'\\');
            scratch.putByte(position++, (byte)c);
        }
        else if (c < 0x20 || c > 0x7E)
        {
            position += scratch.putStringWithoutLengthAscii(position, "\\u00");
            scratch.putByte(position++, HEX_DIGITS[(c >> 4) & 0xF]);
            scratch.putByte(position++, HEX_DIGITS[c & 0xF]);
        }
        else
        {
            scratch.putByte(position++, (byte)c);
        }
    }

    private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
}
