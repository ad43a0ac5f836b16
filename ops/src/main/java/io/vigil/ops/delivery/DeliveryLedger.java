package io.vigil.ops.delivery;

import io.vigil.journal.outbox.DeliveryRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the outbox's progress records add up to: per endpoint, how far its in-order delivery got (the
 * highest alert delivered or dead-lettered: everything up to it is done), the dead letters, and the dead
 * letters an operator asked to re-drive that are not delivered yet. Built by applying the records in order.
 * <p>
 * Thread contract: one thread at a time (the delivery thread, or a command).
 */
public final class DeliveryLedger
{
    /**
     * A dead letter.
     *
     * @param endpoint    the endpoint that gave up.
     * @param seq         the alert's outbox sequence.
     * @param outboxIndex the alert's outbox index.
     * @param attempts    attempts made.
     * @param atMs        when it was dead-lettered, epoch ms.
     * @param lastError   the last attempt's error.
     */
    public record DeadLetter(String endpoint, long seq, long outboxIndex, int attempts, long atMs, String lastError)
    {
    }

    private record Key(String endpoint, long seq)
    {
    }

    private final Map<String, long[]> resumeByEndpoint = new HashMap<>();
    private final Map<Key, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final Map<Key, DeadLetter> redrivePending = new LinkedHashMap<>();

    /**
     * @param r the next progress record.
     * @return whether it changed the ledger.
     */
    public boolean apply(final DeliveryRecord r)
    {
        final Key key = new Key(r.endpoint(), r.toSeq());
        switch (r.type())
        {
            case DELIVERED:
                advance(r);
                return true;
            case DEAD_LETTERED:
                advance(r);
                redrivePending.remove(key);
                deadLetters.put(key, new DeadLetter(r.endpoint(), r.toSeq(), r.outboxIndex(), r.attempt(), r.atMs(),
                    r.detail()));
                return true;
            case REDRIVE_REQUESTED:
            {
                final DeadLetter d = deadLetters.remove(key);
                if (d != null)
                {
                    redrivePending.put(key, d);
                    return true;
                }
                return false;
            }
            case REDELIVERED:
                return redrivePending.remove(key) != null;
            default:
                return false;
        }
    }

    private void advance(final DeliveryRecord r)
    {
        final long[] resume = resumeByEndpoint.computeIfAbsent(r.endpoint(), k -> new long[] {0, -1});
        if (r.toSeq() > resume[0])
        {
            resume[0] = r.toSeq();
            resume[1] = r.outboxIndex();
        }
    }

    /**
     * @param endpoint an endpoint name.
     * @return {seq, outbox index} of the last alert its in-order delivery finished, or null if none.
     */
    public long[] resumePoint(final String endpoint)
    {
        final long[] r = resumeByEndpoint.get(endpoint);
        return r == null ? null : r.clone();
    }

    /** @return the dead letters not re-driven, oldest first. */
    public List<DeadLetter> deadLetters()
    {
        return new ArrayList<>(deadLetters.values());
    }

    /**
     * @param endpoint an endpoint name.
     * @return its dead letters waiting for re-delivery, oldest first.
     */
    public List<DeadLetter> redrivePending(final String endpoint)
    {
        final List<DeadLetter> result = new ArrayList<>();
        for (final DeadLetter d : redrivePending.values())
        {
            if (d.endpoint().equals(endpoint))
            {
                result.add(d);
            }
        }
        return result;
    }

    /** @return every dead letter waiting for re-delivery, oldest first. */
    public List<DeadLetter> redrivePending()
    {
        return new ArrayList<>(redrivePending.values());
    }
}
