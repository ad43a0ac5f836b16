package io.vigil.rules.table;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;

/**
 * A test event of any kind, as plain values, that writes itself into a flyweight.
 *
 * @param kind     the kind.
 * @param id       id (fixed width in generated streams, so string order is byte order).
 * @param tsMs     event time.
 * @param card     card ("" none); for a blocked-BIN reference entry, the BIN prefix.
 * @param account  account ("" none).
 * @param merchant merchant ("" none).
 * @param country  country (2 letters).
 * @param amountMinor amount (transactions) or limit (card profiles), minor units of USD.
 * @param approved transaction status.
 * @param subtype  kind-specific code (card status, action, reference list).
 * @param level    risk level code, or 1/0 add/remove.
 * @param mcc      merchant category.
 */
public record Ev(EventKind kind, String id, long tsMs, String card, String account, String merchant, String country,
    long amountMinor, boolean approved, int subtype, int level, int mcc)
{
    public static Ev tx(final String id, final long tsMs, final String card, final String account,
        final String merchant, final String country, final long amountMinor)
    {
        return new Ev(EventKind.TRANSACTION, id, tsMs, card, account, merchant, country, amountMinor, true, 0, 0, 5411);
    }

    public static Ev cardProfile(final String id, final long tsMs, final String card, final String account,
        final String home, final CardStatus status, final long limitMinor)
    {
        return new Ev(EventKind.CARD_PROFILE, id, tsMs, card, account, "", home, limitMinor, true, status.code(), 0, 0);
    }

    public static Ev accountProfile(final String id, final long tsMs, final String account, final RiskLevel risk)
    {
        return new Ev(EventKind.ACCOUNT_PROFILE, id, tsMs, "", account, "", "DE", 0, true, 0, risk.code(), 0);
    }

    public static Ev merchant(final String id, final long tsMs, final String merchant, final RiskLevel risk,
        final int mcc)
    {
        return new Ev(EventKind.MERCHANT_PROFILE, id, tsMs, "", "", merchant, "DE", 0, true, 0, risk.code(), mcc);
    }

    public static Ev accountEvent(final String id, final long tsMs, final String account, final AccountAction action)
    {
        return new Ev(EventKind.ACCOUNT_EVENT, id, tsMs, "", account, "", "DE", 0, true, action.code(), 0, 0);
    }

    public static Ev sanctioned(final String id, final long tsMs, final String country, final boolean add)
    {
        return new Ev(EventKind.REFERENCE, id, tsMs, "", "", "", country, 0, true,
            ReferenceList.SANCTIONED_COUNTRY.code(), add ? 1 : 0, 0);
    }

    public static Ev blockedBin(final String id, final long tsMs, final String bin, final boolean add)
    {
        return new Ev(EventKind.REFERENCE, id, tsMs, bin, "", "", "DE", 0, true,
            ReferenceList.BLOCKED_BIN.code(), add ? 1 : 0, 0);
    }

    /** @return whether this is a transaction. */
    public boolean isTx()
    {
        return kind == EventKind.TRANSACTION;
    }

    /** Writes this event into {@code tx} (cleared first). */
    public void encode(final TransactionFlyweight tx)
    {
        tx.clear().kind(kind).id(id).tsMs(tsMs).amountMinor(amountMinor).currency("USD").country(country)
            .status(approved ? TxStatus.APPROVED : TxStatus.DECLINED).subtype(subtype).level(level).mcc(mcc);
        if (!card.isEmpty())
        {
            tx.card(card);
        }
        if (!account.isEmpty())
        {
            tx.account(account);
        }
        if (!merchant.isEmpty())
        {
            tx.merchant(merchant);
        }
    }
}
