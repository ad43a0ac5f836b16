package io.vigil.ops.generate;

import java.util.List;
import java.util.Objects;

/**
 * One injected fraud case: the ground truth against which alerts are scored. Immutable.
 *
 * @param caseId    {@code case-} and a zero-padded number; ids sort in the order of the cases' first events.
 * @param type      the injected pattern.
 * @param card      the card it was injected on.
 * @param account   the account, for a case whose rule keys its alerts by account (takeover-reset-then-spend,
 *                  high-risk-customer-large); empty otherwise.
 * @param txIds     the injected transactions, in emission order (the stream may hold other transactions of the
 *                  same card in between: the cardholder's own).
 * @param firstTsMs event time of the first injected transaction, epoch ms.
 * @param lastTsMs  event time of the last injected transaction, epoch ms.
 */
public record TruthCase(String caseId, FraudType type, String card, String account, List<String> txIds,
    long firstTsMs, long lastTsMs)
{
    /**
     * Checks and copies the fields.
     */
    public TruthCase
    {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(account, "account");
        txIds = List.copyOf(txIds);
        if (txIds.isEmpty())
        {
            throw new IllegalArgumentException("txIds: a case has at least one transaction");
        }
        if (lastTsMs < firstTsMs)
        {
            throw new IllegalArgumentException("lastTsMs " + lastTsMs + " is before firstTsMs " + firstTsMs);
        }
    }

    /**
     * A case keyed by card (no account).
     *
     * @param caseId    case id.
     * @param type      the pattern.
     * @param card      the card.
     * @param txIds     its transactions.
     * @param firstTsMs first transaction's event time.
     * @param lastTsMs  last transaction's event time.
     */
    public TruthCase(final String caseId, final FraudType type, final String card, final List<String> txIds,
        final long firstTsMs, final long lastTsMs)
    {
        this(caseId, type, card, "", txIds, firstTsMs, lastTsMs);
    }
}
