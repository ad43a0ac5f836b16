package io.vigil.core.alert;

/**
 * Binary layout of an alert record as it travels from a shard to the alert collector and sinks.
 * Header fields are little-endian; the JSON line (UTF-8, no trailing newline) follows the header.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        trigger sequence: input ring sequence (i64)            |   0
 *  |        journal index of the triggering event (i64)            |   8
 *  |        event time of the trigger, epoch ms (i64)              |  16
 *  |        received nanos of the trigger (i64, latency only)      |  24
 *  |        alert id, high 64 bits                                 |  32
 *  |        alert id, low 64 bits                                  |  40
 *  |        rule ordinal (i32)                                     |  48
 *  | severity  | key type  | kind      | flags     | pad           |  52
 *  |        JSON length (i32)                                      |  56
 *  |        JSON bytes ...                                         |  60
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class AlertDescriptor
{
    public static final int TRIGGER_SEQUENCE_OFFSET = 0;
    public static final int JOURNAL_INDEX_OFFSET = 8;
    public static final int EVENT_TIME_OFFSET = 16;
    public static final int RECEIVED_NANOS_OFFSET = 24;
    public static final int ALERT_ID_HI_OFFSET = 32;
    public static final int ALERT_ID_LO_OFFSET = 40;
    public static final int RULE_ORDINAL_OFFSET = 48;
    public static final int SEVERITY_OFFSET = 52;
    public static final int KEY_TYPE_OFFSET = 53;
    public static final int KIND_OFFSET = 54;
    public static final int FLAGS_OFFSET = 55;
    public static final int JSON_LENGTH_OFFSET = 56;
    public static final int HEADER_LENGTH = 60;

    /** Largest JSON body of one alert, in bytes. */
    public static final int MAX_JSON_LENGTH = 16 * 1024;

    /** {@code kind}: a new alert. */
    public static final byte KIND_ALERT = 1;

    /**
     * {@code kind}: not an alert but the record of a late event, one a rule did not apply because its time was
     * below the watermark minus the allowed lateness. Sinks of alerts skip it; the late-event output keeps it.
     */
    public static final byte KIND_LATE = 2;

    /**
     * {@code kind}: an alert given when an out-of-order event made the engine redo a later event of the key and
     * the redone evaluation fires (JSON {@code "status":"amended"}). Same id and content as the alert the stream
     * sorted by (event time, transaction id) gives; it supersedes any earlier record with its id.
     */
    public static final byte KIND_AMENDED = 3;

    /**
     * {@code kind}: the retraction of an alert given earlier (JSON {@code "status":"retracted"}, same alert id):
     * an out-of-order event showed that the sorted stream does not give it.
     */
    public static final byte KIND_RETRACTED = 4;

    /**
     * {@code flags} bit of a {@link #KIND_AMENDED} record: it replaces an alert of the same id that stands (its
     * content changed), rather than adding one that did not stand. Lets a counter keep alerts minus retractions
     * without remembering ids.
     */
    public static final byte FLAG_REPLACES = 1;

    /**
     * @param kind a record kind.
     * @return whether a record of that kind is (a change to) an alert rather than a late-event record.
     */
    public static boolean isAlert(final byte kind)
    {
        return kind != KIND_LATE;
    }

    private AlertDescriptor()
    {
    }
}
