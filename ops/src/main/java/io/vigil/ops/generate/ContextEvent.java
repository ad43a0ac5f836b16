package io.vigil.ops.generate;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionFlyweight;

import java.util.Objects;

/**
 * A generated event other than a transaction: a card profile, a merchant profile, an account event, an account
 * profile or a reference entry. Its fields are those of the event layout (see
 * {@link io.vigil.core.event.TransactionDescriptor}); empty strings, country {@code ""}, currency {@code ""} and
 * NaN coordinates are absent. Immutable. Made through the factories, one per kind.
 *
 * @param kind        which kind (not {@link EventKind#TRANSACTION}).
 * @param id          unique in the generation; empty until emitted.
 * @param tsMs        event time, epoch ms.
 * @param card        card token, or (reference entry) a BIN prefix.
 * @param account     account id.
 * @param merchant    merchant id.
 * @param mcc         merchant category code (merchant profile).
 * @param amountMinor card limit in minor units of {@code currency} (card profile).
 * @param currency    currency of the limit, or empty.
 * @param country     home country, merchant country, residence, sanctioned country, or empty.
 * @param lat         latitude, NaN when absent.
 * @param lon         longitude, NaN when absent.
 * @param device      device id, or empty.
 * @param ip          IP address, or empty.
 * @param subtype     card status, account action or reference list code.
 * @param level       risk level code, or 1/0 (add/remove) for a reference entry.
 */
public record ContextEvent(EventKind kind, String id, long tsMs, String card, String account, String merchant,
    int mcc, long amountMinor, String currency, String country, double lat, double lon, String device, String ip,
    int subtype, int level) implements GeneratedEvent
{
    /**
     * Checks the fields every consumer relies on.
     */
    public ContextEvent
    {
        Objects.requireNonNull(kind, "kind");
        if (kind == EventKind.TRANSACTION)
        {
            throw new IllegalArgumentException("kind: a transaction is a GeneratedTransaction");
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(ip, "ip");
    }

    static ContextEvent cardProfile(final long tsMs, final String card, final String account, final String home,
        final long limitMinor, final String currency, final CardStatus status)
    {
        return new ContextEvent(EventKind.CARD_PROFILE, "", tsMs, card, account, "", 0, limitMinor, currency, home,
            Double.NaN, Double.NaN, "", "", status.code(), 0);
    }

    static ContextEvent merchantProfile(final long tsMs, final String merchant, final int mcc, final String country,
        final RiskLevel risk)
    {
        return new ContextEvent(EventKind.MERCHANT_PROFILE, "", tsMs, "", "", merchant, mcc, 0, "", country,
            Double.NaN, Double.NaN, "", "", 0, risk.code());
    }

    static ContextEvent accountEvent(final long tsMs, final String account, final String card, final String device,
        final String ip, final String country, final AccountAction action)
    {
        return new ContextEvent(EventKind.ACCOUNT_EVENT, "", tsMs, card, account, "", 0, 0, "", country,
            Double.NaN, Double.NaN, device, ip, action.code(), 0);
    }

    static ContextEvent accountProfile(final long tsMs, final String account, final String residence,
        final RiskLevel risk)
    {
        return new ContextEvent(EventKind.ACCOUNT_PROFILE, "", tsMs, "", account, "", 0, 0, "", residence,
            Double.NaN, Double.NaN, "", "", 0, risk.code());
    }

    static ContextEvent reference(final long tsMs, final ReferenceList list, final String value, final boolean add)
    {
        final boolean isCountry = list == ReferenceList.SANCTIONED_COUNTRY;
        return new ContextEvent(EventKind.REFERENCE, "", tsMs, isCountry ? "" : value, "", "", 0, 0, "",
            isCountry ? value : "", Double.NaN, Double.NaN, "", "", list.code(), add ? 1 : 0);
    }

    /**
     * @param newId the id to give the copy.
     * @return this event with another id.
     */
    public ContextEvent withId(final String newId)
    {
        return new ContextEvent(kind, newId, tsMs, card, account, merchant, mcc, amountMinor, currency, country, lat,
            lon, device, ip, subtype, level);
    }

    @Override
    public TransactionFlyweight encodeTo(final TransactionFlyweight flyweight)
    {
        flyweight.clear().kind(kind).id(id).tsMs(tsMs).subtype(subtype).level(level);
        if (!card.isEmpty())
        {
            flyweight.card(card);
        }
        if (!account.isEmpty())
        {
            flyweight.account(account);
        }
        if (!merchant.isEmpty())
        {
            flyweight.merchant(merchant);
        }
        if (!device.isEmpty())
        {
            flyweight.device(device);
        }
        if (!ip.isEmpty())
        {
            flyweight.ip(ip);
        }
        if (!country.isEmpty())
        {
            flyweight.country(country);
        }
        if (!currency.isEmpty())
        {
            flyweight.currency(currency).amountMinor(amountMinor);
        }
        flyweight.mcc(mcc);
        if (!Double.isNaN(lat))
        {
            flyweight.location(lat, lon);
        }
        return flyweight;
    }
}
