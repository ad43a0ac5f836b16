package io.vigil.journal.outbox;

/**
 * Layout of one document in the outbox's alert queue (Chronicle raw bytes, little-endian; strings as
 * Chronicle's {@code writeUtf8}: a stop-bit length, then UTF-8).
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |  seq: position among the outbox's alerts, from 1 (i64)        |   0
 *  |  appended at, wall clock, epoch ms (i64)                      |   8
 *  |  alert id, high 64 bits                                       |  16
 *  |  alert id, low 64 bits                                        |  24
 *  |  journal index of the triggering event (i64)                  |  32
 *  |  event time of the trigger, epoch ms (i64)                    |  40
 *  |  kind (i8) | severity code (i8)                               |  48
 *  |  rule id (utf8)                                               |  50
 *  |  tag count (i8), then each tag (utf8)                         |
 *  |  JSON length (i32), then the alert's JSON bytes               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A progress document ({@link DeliveryRecord}): type code (i8), endpoint (utf8), fromSeq (i64), toSeq (i64),
 * outbox index (i64), attempt (i32), at ms (i64), detail (utf8).
 */
public final class OutboxRecordDescriptor
{
    /** Bytes before the rule id. */
    public static final int FIXED_HEADER_LENGTH = 50;

    private OutboxRecordDescriptor()
    {
    }
}
