package io.vigil.journal.outbox;

import java.util.Objects;

/**
 * One fact of delivery progress, appended to the outbox's progress queue so that a restart resumes where
 * delivery stopped and an operator can list and re-drive dead letters. Immutable.
 * <p>
 * Which fields a type uses:
 * <pre>
 *   type               fromSeq..toSeq        outboxIndex                     attempt   detail
 *   DELIVERED          the batch's alerts    index of the batch's last one   attempts  HTTP status
 *   ATTEMPT_FAILED     the batch's alerts    index of the batch's last one   attempt   the error
 *   DEAD_LETTERED      one alert (from=to)   its index                       attempts  the last error
 *   REDRIVE_REQUESTED  one alert (from=to)   its index                       0         who asked
 *   REDELIVERED        one alert (from=to)   its index                       attempts  HTTP status
 * </pre>
 *
 * @param type        what happened.
 * @param endpoint    the endpoint's name.
 * @param fromSeq     first alert concerned (outbox sequence).
 * @param toSeq       last alert concerned (outbox sequence).
 * @param outboxIndex Chronicle index of the alert at {@code toSeq} in the alert queue.
 * @param attempt     attempt number (from 1) or attempts made.
 * @param atMs        wall-clock time of the fact, epoch ms.
 * @param detail      HTTP status, error text or requester; never a secret; at most 512 characters.
 */
public record DeliveryRecord(Type type, String endpoint, long fromSeq, long toSeq, long outboxIndex, int attempt,
    long atMs, String detail)
{
    /** Longest {@link #detail} kept. */
    public static final int MAX_DETAIL_LENGTH = 512;

    /** What a record says. Codes are stable: they are stored. */
    public enum Type
    {
        /** A main-stream batch was accepted (2xx) by the endpoint. */
        DELIVERED(1),
        /** An attempt failed (non-2xx, timeout, connection error); it will be retried or dead-lettered. */
        ATTEMPT_FAILED(2),
        /** An alert ran out of attempts or age: an operator may re-drive it. */
        DEAD_LETTERED(3),
        /** An operator asked for a dead letter to be delivered again. */
        REDRIVE_REQUESTED(4),
        /** A re-driven alert was accepted (2xx). */
        REDELIVERED(5);

        private final byte code;

        Type(final int code)
        {
            this.code = (byte)code;
        }

        /** @return the stored code. */
        public byte code()
        {
            return code;
        }

        /**
         * @param code a stored code.
         * @return its type.
         * @throws IllegalStateException for an unknown code.
         */
        public static Type fromCode(final byte code)
        {
            for (final Type t : values())
            {
                if (t.code == code)
                {
                    return t;
                }
            }
            throw new IllegalStateException("outbox progress: unknown record type " + code);
        }
    }

    /**
     * Checks the fields and trims {@code detail} to {@link #MAX_DETAIL_LENGTH}.
     */
    public DeliveryRecord
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(endpoint, "endpoint");
        detail = detail == null ? "" : detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail;
    }
}
