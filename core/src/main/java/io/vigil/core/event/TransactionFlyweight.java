package io.vigil.core.event;

import io.vigil.core.util.Hashing;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.vigil.core.event.TransactionDescriptor.*;

/**
 * Zero-allocation view over one encoded transaction (see {@link TransactionDescriptor}), for reading and
 * writing in place: in a ring slot, a journal entry or a test buffer. Wrap, use, re-wrap; never share one
 * instance between threads.
 * <p>
 * String fields are printable ASCII (ids, card tokens, merchant ids, IP addresses): the setters reject
 * anything else with an {@link IllegalArgumentException} naming the field, and set the key hash with the
 * value, so a written event is always routable.
 */
public final class TransactionFlyweight
{
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the event.
     * @param offset where the event starts.
     * @return this.
     */
    public TransactionFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the event in the buffer. */
    public int offset()
    {
        return offset;
    }

    /**
     * Resets every field to empty/absent. Call before filling a reused slot.
     *
     * @return this.
     */
    public TransactionFlyweight clear()
    {
        buffer.setMemory(offset, ENCODED_LENGTH, (byte)0);
        buffer.putDouble(offset + LAT_OFFSET, Double.NaN);
        buffer.putDouble(offset + LON_OFFSET, Double.NaN);
        buffer.putByte(offset + KIND_OFFSET, KIND_TRANSACTION);
        return this;
    }

    // ---------------------------------------------------------------- fixed fields

    /** @return event time, epoch milliseconds. */
    public long tsMs()
    {
        return buffer.getLong(offset + TS_OFFSET);
    }

    /**
     * @param tsMs event time, epoch milliseconds.
     * @return this.
     */
    public TransactionFlyweight tsMs(final long tsMs)
    {
        buffer.putLong(offset + TS_OFFSET, tsMs);
        return this;
    }

    /** @return amount in minor units of {@link #currency}. */
    public long amountMinor()
    {
        return buffer.getLong(offset + AMOUNT_OFFSET);
    }

    /**
     * @param amountMinor amount in minor units, not negative.
     * @return this.
     */
    public TransactionFlyweight amountMinor(final long amountMinor)
    {
        if (amountMinor < 0)
        {
            throw new IllegalArgumentException("amount: must not be negative, found " + amountMinor);
        }
        buffer.putLong(offset + AMOUNT_OFFSET, amountMinor);
        return this;
    }

    /** @return latitude in degrees, NaN when absent. */
    public double lat()
    {
        return buffer.getDouble(offset + LAT_OFFSET);
    }

    /** @return longitude in degrees, NaN when absent. */
    public double lon()
    {
        return buffer.getDouble(offset + LON_OFFSET);
    }

    /** @return whether the event carries a location. */
    public boolean hasLocation()
    {
        return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_HAS_LOCATION) != 0;
    }

    /**
     * @param latDeg latitude in [-90, 90].
     * @param lonDeg longitude in [-180, 180].
     * @return this.
     */
    public TransactionFlyweight location(final double latDeg, final double lonDeg)
    {
        if (!(latDeg >= -90 && latDeg <= 90))
        {
            throw new IllegalArgumentException("lat: expected degrees in [-90, 90], found " + latDeg);
        }
        if (!(lonDeg >= -180 && lonDeg <= 180))
        {
            throw new IllegalArgumentException("lon: expected degrees in [-180, 180], found " + lonDeg);
        }
        buffer.putDouble(offset + LAT_OFFSET, latDeg);
        buffer.putDouble(offset + LON_OFFSET, lonDeg);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)(buffer.getByte(offset + FLAGS_OFFSET) | FLAG_HAS_LOCATION));
        return this;
    }

    /** @return merchant category code. */
    public int mcc()
    {
        return buffer.getInt(offset + MCC_OFFSET);
    }

    /**
     * @param mcc merchant category code, 0..9999.
     * @return this.
     */
    public TransactionFlyweight mcc(final int mcc)
    {
        if (mcc < 0 || mcc > 9999)
        {
            throw new IllegalArgumentException("mcc: expected a 4-digit merchant category code, found " + mcc);
        }
        buffer.putInt(offset + MCC_OFFSET, mcc);
        return this;
    }

    /** @return the currency's minor-unit exponent (decimal places). */
    public int currencyExponent()
    {
        return buffer.getByte(offset + CURRENCY_EXPONENT_OFFSET);
    }

    /**
     * @param currency three upper-case letters (ISO 4217); also sets the exponent.
     * @return this.
     */
    public TransactionFlyweight currency(final CharSequence currency)
    {
        if (!Currencies.isWellFormed(currency))
        {
            throw new IllegalArgumentException("currency: expected a 3-letter ISO 4217 code, found " + currency);
        }
        for (int i = 0; i < 3; i++)
        {
            buffer.putByte(offset + CURRENCY_OFFSET + i, (byte)currency.charAt(i));
        }
        buffer.putByte(offset + CURRENCY_EXPONENT_OFFSET, (byte)Currencies.exponent(currency));
        return this;
    }

    /** @return the currency code as a new string (not for the hot path). */
    public String currency()
    {
        return buffer.getStringWithoutLengthAscii(offset + CURRENCY_OFFSET, 3);
    }

    /** @return the currency's three letters packed in an int, for allocation-free comparison. */
    public int currencyCode()
    {
        return (buffer.getByte(offset + CURRENCY_OFFSET) << 16) | (buffer.getByte(offset + CURRENCY_OFFSET + 1) << 8) |
            buffer.getByte(offset + CURRENCY_OFFSET + 2);
    }

    /**
     * @param country two upper-case letters (ISO 3166-1 alpha-2).
     * @return this.
     */
    public TransactionFlyweight country(final CharSequence country)
    {
        if (country == null || country.length() != 2 || !isUpper(country.charAt(0)) || !isUpper(country.charAt(1)))
        {
            throw new IllegalArgumentException("country: expected a 2-letter ISO 3166 code, found " + country);
        }
        buffer.putByte(offset + COUNTRY_OFFSET, (byte)country.charAt(0));
        buffer.putByte(offset + COUNTRY_OFFSET + 1, (byte)country.charAt(1));
        return this;
    }

    /** @return the country code as a new string (not for the hot path). */
    public String country()
    {
        return buffer.getStringWithoutLengthAscii(offset + COUNTRY_OFFSET, 2);
    }

    /** @return the country's two letters packed in a short-sized int, for allocation-free comparison. */
    public int countryCode()
    {
        return (buffer.getByte(offset + COUNTRY_OFFSET) << 8) | buffer.getByte(offset + COUNTRY_OFFSET + 1);
    }

    /** @return the channel, or {@code null} if unset. */
    public Channel channel()
    {
        return Channel.fromCode(buffer.getByte(offset + CHANNEL_OFFSET));
    }

    /**
     * @param channel where the transaction was made.
     * @return this.
     */
    public TransactionFlyweight channel(final Channel channel)
    {
        buffer.putByte(offset + CHANNEL_OFFSET, channel.code());
        return this;
    }

    /** @return the status, or {@code null} if unset. */
    public TxStatus status()
    {
        return TxStatus.fromCode(buffer.getByte(offset + STATUS_OFFSET));
    }

    /** @return whether the transaction was approved. */
    public boolean isApproved()
    {
        return buffer.getByte(offset + STATUS_OFFSET) == TxStatus.APPROVED.code();
    }

    /**
     * @param status authorisation outcome.
     * @return this.
     */
    public TransactionFlyweight status(final TxStatus status)
    {
        buffer.putByte(offset + STATUS_OFFSET, status.code());
        return this;
    }

    /** @return the event kind, {@link TransactionDescriptor#KIND_TRANSACTION} for transactions. */
    public byte kind()
    {
        return buffer.getByte(offset + KIND_OFFSET);
    }

    /** @return true when this event is a card transaction (the kind rules' windows and patterns count). */
    public boolean isTransaction()
    {
        return buffer.getByte(offset + KIND_OFFSET) == KIND_TRANSACTION;
    }

    /**
     * @param kind the event kind; {@link #clear()} sets {@link EventKind#TRANSACTION}.
     * @return this.
     */
    public TransactionFlyweight kind(final EventKind kind)
    {
        buffer.putByte(offset + KIND_OFFSET, kind.code());
        return this;
    }

    /** @return the subtype code of a non-transaction event (card status, account action, reference list), 0 if none. */
    public int subtype()
    {
        return buffer.getByte(offset + SUBTYPE_OFFSET) & 0xFF;
    }

    /**
     * @param code subtype code, 0..255 (see {@link TransactionDescriptor} for its meaning per kind).
     * @return this.
     */
    public TransactionFlyweight subtype(final int code)
    {
        buffer.putByte(offset + SUBTYPE_OFFSET, (byte)code);
        return this;
    }

    /** @return the level of a non-transaction event (risk level code, or 1/0 add/remove for reference entries). */
    public int level()
    {
        return buffer.getByte(offset + LEVEL_OFFSET) & 0xFF;
    }

    /**
     * @param code level code, 0..255.
     * @return this.
     */
    public TransactionFlyweight level(final int code)
    {
        buffer.putByte(offset + LEVEL_OFFSET, (byte)code);
        return this;
    }

    // ---------------------------------------------------------------- string fields

    /** @return hash of the transaction id. */
    public long idHash()
    {
        return buffer.getLong(offset + ID_HASH_OFFSET);
    }

    /**
     * @param keyType which key.
     * @return the precomputed hash of that key, 0 when the field is empty.
     */
    public long keyHash(final KeyType keyType)
    {
        return buffer.getLong(offset + keyType.hashOffset());
    }

    /**
     * @param keyType which key.
     * @return byte length of that key field.
     */
    public int keyLength(final KeyType keyType)
    {
        return buffer.getByte(offset + keyType.fieldOffset()) & 0xFF;
    }

    /**
     * @param keyType which key.
     * @return offset in {@link #buffer()} of the key's first byte.
     */
    public int keyBytesOffset(final KeyType keyType)
    {
        return offset + keyType.fieldOffset() + 1;
    }

    /** @return byte length of the id. */
    public int idLength()
    {
        return buffer.getByte(offset + ID_OFFSET) & 0xFF;
    }

    /** @return offset in {@link #buffer()} of the id's first byte. */
    public int idBytesOffset()
    {
        return offset + ID_OFFSET + 1;
    }

    /**
     * @param id transaction id, 1..47 printable ASCII characters.
     * @return this.
     */
    public TransactionFlyweight id(final CharSequence id)
    {
        putString("id", ID_OFFSET, ID_MAX_LENGTH, id, true);
        buffer.putLong(offset + ID_HASH_OFFSET, Hashing.hash(buffer, offset + ID_OFFSET + 1, id.length()));
        return this;
    }

    /** @return the id as a new string (not for the hot path). */
    public String id()
    {
        return getString(ID_OFFSET);
    }

    /**
     * @param card card token or PAN surrogate, 1..31 printable ASCII characters.
     * @return this.
     */
    public TransactionFlyweight card(final CharSequence card)
    {
        return key(KeyType.CARD, card, true);
    }

    /** @return the card as a new string (not for the hot path). */
    public String card()
    {
        return getString(CARD_OFFSET);
    }

    /**
     * @param account account id, may be empty.
     * @return this.
     */
    public TransactionFlyweight account(final CharSequence account)
    {
        return key(KeyType.ACCOUNT, account, false);
    }

    /** @return the account as a new string (not for the hot path). */
    public String account()
    {
        return getString(ACCOUNT_OFFSET);
    }

    /**
     * @param merchant merchant id.
     * @return this.
     */
    public TransactionFlyweight merchant(final CharSequence merchant)
    {
        return key(KeyType.MERCHANT, merchant, true);
    }

    /** @return the merchant as a new string (not for the hot path). */
    public String merchant()
    {
        return getString(MERCHANT_OFFSET);
    }

    /**
     * @param device device id, may be empty.
     * @return this.
     */
    public TransactionFlyweight device(final CharSequence device)
    {
        return key(KeyType.DEVICE, device, false);
    }

    /** @return the device as a new string (not for the hot path). */
    public String device()
    {
        return getString(DEVICE_OFFSET);
    }

    /**
     * @param ip IPv4 or IPv6 address text, may be empty.
     * @return this.
     */
    public TransactionFlyweight ip(final CharSequence ip)
    {
        return key(KeyType.IP, ip, false);
    }

    /** @return the ip as a new string (not for the hot path), empty when absent. */
    public String ip()
    {
        return getString(IP_OFFSET);
    }

    /**
     * @param keyType which key field.
     * @return its value as a new string (not for the hot path).
     */
    public String key(final KeyType keyType)
    {
        return getString(keyType.fieldOffset());
    }

    /**
     * Sets a key field and its hash.
     *
     * @param keyType  which key field.
     * @param value    the value, printable ASCII.
     * @param required whether an empty value is an error.
     * @return this.
     */
    public TransactionFlyweight key(final KeyType keyType, final CharSequence value, final boolean required)
    {
        final int max = maxLength(keyType);
        putString(keyType.wireName(), keyType.fieldOffset(), max, value, required);
        final int length = value == null ? 0 : value.length();
        buffer.putLong(offset + keyType.hashOffset(), Hashing.hash(buffer, offset + keyType.fieldOffset() + 1, length));
        return this;
    }

    /**
     * Compares this event's id with another's, byte by byte (the tie-break of the reference order).
     *
     * @param other another event.
     * @return negative, zero or positive.
     */
    public int compareId(final TransactionFlyweight other)
    {
        final int la = idLength();
        final int lb = other.idLength();
        final int n = Math.min(la, lb);
        for (int i = 0; i < n; i++)
        {
            final int a = buffer.getByte(offset + ID_OFFSET + 1 + i) & 0xFF;
            final int b = other.buffer.getByte(other.offset + ID_OFFSET + 1 + i) & 0xFF;
            if (a != b)
            {
                return a - b;
            }
        }
        return la - lb;
    }

    /**
     * Copies this encoded event into another buffer.
     *
     * @param dst       destination.
     * @param dstOffset where to write {@link TransactionDescriptor#ENCODED_LENGTH} bytes.
     */
    public void copyTo(final MutableDirectBuffer dst, final int dstOffset)
    {
        dst.putBytes(dstOffset, buffer, offset, ENCODED_LENGTH);
    }

    /**
     * Copies an encoded event into this flyweight's position.
     *
     * @param src       source buffer.
     * @param srcOffset where the encoded event starts.
     * @return this.
     */
    public TransactionFlyweight copyFrom(final DirectBuffer src, final int srcOffset)
    {
        buffer.putBytes(offset, src, srcOffset, ENCODED_LENGTH);
        return this;
    }

    @Override
    public String toString()
    {
        return "Transaction{id=" + id() + ", ts=" + tsMs() + ", card=" + card() + ", amount=" +
            Amounts.format(amountMinor(), currencyExponent()) + ' ' + currency() + ", merchant=" + merchant() +
            ", status=" + status() + '}';
    }

    private static int maxLength(final KeyType keyType)
    {
        switch (keyType)
        {
            case CARD:
                return CARD_MAX_LENGTH;
            case ACCOUNT:
                return ACCOUNT_MAX_LENGTH;
            case MERCHANT:
                return MERCHANT_MAX_LENGTH;
            case DEVICE:
                return DEVICE_MAX_LENGTH;
            default:
                return IP_MAX_LENGTH;
        }
    }

    private static boolean isUpper(final char c)
    {
        return c >= 'A' && c <= 'Z';
    }

    private void putString(
        final String field, final int fieldOffset, final int maxLength, final CharSequence value, final boolean required)
    {
        final int length = value == null ? 0 : value.length();
        if (length == 0 && required)
        {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        if (length > maxLength)
        {
            throw new IllegalArgumentException(
                field + ": at most " + maxLength + " characters, found " + length);
        }
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E)
            {
                throw new IllegalArgumentException(
                    field + ": only printable ASCII characters are allowed, found U+" +
                    String.format("%04X", (int)c) + " at position " + i);
            }
            buffer.putByte(offset + fieldOffset + 1 + i, (byte)c);
        }
        if (length < maxLength)
        {
            buffer.setMemory(offset + fieldOffset + 1 + length, maxLength - length, (byte)0);
        }
        buffer.putByte(offset + fieldOffset, (byte)length);
    }

    private String getString(final int fieldOffset)
    {
        final int length = buffer.getByte(offset + fieldOffset) & 0xFF;
        return buffer.getStringWithoutLengthAscii(offset + fieldOffset + 1, length);
    }
}
