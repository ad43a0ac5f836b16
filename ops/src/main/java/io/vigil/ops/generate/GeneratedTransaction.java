package io.vigil.ops.generate;

import io.vigil.core.event.Amounts;
import io.vigil.core.event.Channel;
import io.vigil.core.event.Currencies;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;

import java.util.Objects;

/**
 * One synthetic card transaction, immutable and safe to share between threads. Produced by
 * {@link TrafficGenerator}; written as JSON by {@link TransactionJsonWriter} or encoded into a ring slot with
 * {@link #encodeTo(TransactionFlyweight)}.
 *
 * @param id          unique; ids of one generation sort in emission order ({@code tx-} and 10 digits).
 * @param tsMs        event time, epoch ms.
 * @param card        card token.
 * @param account     account id; empty when unknown.
 * @param merchant    merchant id.
 * @param mcc         merchant category code, 0..9999.
 * @param amountMinor amount in minor units of {@code currency} (cents, pence, yen), not negative.
 * @param currency    ISO 4217 code: the merchant country's currency.
 * @param country     ISO 3166 alpha-2 code of the merchant.
 * @param lat         merchant latitude in degrees, NaN when absent (card not present).
 * @param lon         merchant longitude in degrees, NaN when absent.
 * @param channel     where it was made.
 * @param device      device id for e-commerce; empty for card-present transactions.
 * @param ip          client IP address for e-commerce; empty for card-present transactions.
 * @param status      authorisation outcome.
 */
public record GeneratedTransaction(
    String id,
    long tsMs,
    String card,
    String account,
    String merchant,
    int mcc,
    long amountMinor,
    String currency,
    String country,
    double lat,
    double lon,
    Channel channel,
    String device,
    String ip,
    TxStatus status) implements GeneratedEvent
{
    /**
     * Checks the fields that every consumer relies on.
     */
    public GeneratedTransaction
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(status, "status");
        if (amountMinor < 0)
        {
            throw new IllegalArgumentException("amountMinor: must not be negative, found " + amountMinor);
        }
    }

    @Override
    public EventKind kind()
    {
        return EventKind.TRANSACTION;
    }

    /** @return whether both latitude and longitude are present. */
    public boolean hasLocation()
    {
        return !Double.isNaN(lat) && !Double.isNaN(lon);
    }

    /** @return whether the card was present: point of sale, contactless or ATM. */
    public boolean isCardPresent()
    {
        return channel == Channel.POS || channel == Channel.CONTACTLESS || channel == Channel.ATM;
    }

    /** @return whether the transaction was approved. */
    public boolean isApproved()
    {
        return status == TxStatus.APPROVED;
    }

    /** @return decimal places of the currency's minor unit. */
    public int currencyExponent()
    {
        return Currencies.exponent(currency);
    }

    /** @return the amount as an exact decimal with the currency's places, e.g. {@code 12.30} or {@code 1280}. */
    public String amountText()
    {
        return Amounts.format(amountMinor, currencyExponent());
    }

    /**
     * @param newId the id to give the copy.
     * @return this transaction with another id.
     */
    public GeneratedTransaction withId(final String newId)
    {
        return new GeneratedTransaction(newId, tsMs, card, account, merchant, mcc, amountMinor, currency, country,
            lat, lon, channel, device, ip, status);
    }

    /**
     * @param newStatus the status to give the copy.
     * @return this transaction with another status.
     */
    public GeneratedTransaction withStatus(final TxStatus newStatus)
    {
        return new GeneratedTransaction(id, tsMs, card, account, merchant, mcc, amountMinor, currency, country,
            lat, lon, channel, device, ip, newStatus);
    }

    /**
     * Writes this transaction into an event slot: clears it, then sets every field (and so every key hash).
     *
     * @param flyweight wrapped over the destination.
     * @return the flyweight.
     * @throws IllegalArgumentException from the flyweight's setters, naming the field, if a value does not fit.
     */
    @Override
    public TransactionFlyweight encodeTo(final TransactionFlyweight flyweight)
    {
        flyweight.clear()
            .id(id)
            .tsMs(tsMs)
            .card(card)
            .account(account)
            .merchant(merchant)
            .mcc(mcc)
            .amountMinor(amountMinor)
            .currency(currency)
            .country(country)
            .channel(channel)
            .device(device)
            .ip(ip)
            .status(status);
        if (hasLocation())
        {
            flyweight.location(lat, lon);
        }
        return flyweight;
    }
}
