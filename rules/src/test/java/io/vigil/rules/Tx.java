package io.vigil.rules;

/**
 * A test transaction: what the harness encodes and the brute-force reference reads.
 *
 * @param id          transaction id.
 * @param tsMs        event time, epoch ms.
 * @param card        card token.
 * @param amountMinor amount in minor units of {@code currency}.
 * @param currency    ISO 4217 code.
 * @param approved    approved or declined.
 */
public record Tx(String id, long tsMs, String card, long amountMinor, String currency, boolean approved)
{
    /** Reference order: event time, then id (ASCII, so char order is byte order). */
    public static int compareReference(final Tx a, final Tx b)
    {
        final int byTime = Long.compare(a.tsMs, b.tsMs);
        return byTime != 0 ? byTime : a.id.compareTo(b.id);
    }
}
