package io.vigil.journal.outbox;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One alert as the outbox holds it: its id, routing facts and JSON body, read back for delivery or for the
 * operator's tools. Immutable; allocated per read, off the engine's threads.
 *
 * @param index        the entry's Chronicle index in the outbox's alert queue (not dense across roll cycles).
 * @param seq          the entry's position among every alert ever appended to this outbox, from 1 (dense).
 * @param appendedAtMs wall-clock time of the append, epoch ms (delivery's max age is measured from it).
 * @param alertIdHi    high 64 bits of the alert id.
 * @param alertIdLo    low 64 bits of the alert id.
 * @param journalIndex journal index of the triggering event, as the engine stamped it.
 * @param eventTimeMs  event time of the trigger, epoch ms.
 * @param kind         the alert record kind ({@code AlertDescriptor.KIND_*}).
 * @param severityCode the severity's code ({@code Severity.code()}).
 * @param ruleId       the id of the rule that fired.
 * @param tags         the rule's tags.
 * @param json         the alert's JSON body, UTF-8, exactly as the engine wrote it.
 */
public record OutboxEntry(long index, long seq, long appendedAtMs, long alertIdHi, long alertIdLo,
    long journalIndex, long eventTimeMs, byte kind, byte severityCode, String ruleId, List<String> tags, byte[] json)
{
    /** @return the alert id as 32 lower-case hex digits. */
    public String alertId()
    {
        return AlertIdHex.toHex(alertIdHi, alertIdLo);
    }

    /** @return the JSON body as text. */
    public String jsonText()
    {
        return new String(json, StandardCharsets.UTF_8);
    }
}
