package io.vigil.rules.expr;

import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Compiles the string tests of the language ({@code ==}, {@code !=}, {@code in}, {@code distinct}) into
 * evaluators that read the event in place: a string literal is encoded to ASCII bytes (or a packed code) once,
 * at compile time, and compared with the field's bytes in the event's buffer. Nothing is decoded or allocated
 * per event.
 */
final class StringFields
{
    private static final byte[] EMPTY = new byte[0];
    private static final byte[][] CHANNEL_BYTES = wireBytes(Channel.values());
    private static final byte[][] STATUS_BYTES = wireBytes(TxStatus.values());

    private StringFields()
    {
    }

    /**
     * @param field a string field.
     * @param value a literal compared with it.
     * @return why the literal can never match the field, or null when it can.
     */
    static String validateLiteral(final Field field, final String value)
    {
        switch (field.storage())
        {
            case STATUS:
                return TxStatus.fromWireName(value) == null || !isLowerCase(value) ?
                    "unknown status \"" + value + "\": expected one of \"approved\", \"declined\"" : null;
            case CHANNEL:
                return Channel.fromWireName(value) == null || !isLowerCase(value) ?
                    "unknown channel \"" + value + "\": expected one of \"pos\", \"ecom\", \"atm\", \"moto\", " +
                    "\"contactless\", \"other\"" : null;
            case CURRENCY:
                return isUpperLetters(value, 3) ? null :
                    "expected a currency code of three upper-case letters such as \"EUR\", found \"" + value + '"';
            case COUNTRY:
                return isUpperLetters(value, 2) ? null :
                    "expected a country code of two upper-case letters such as \"DE\", found \"" + value + '"';
            case CODE:
                return TableFields.codeOf(field, value) >= 0 ? null : "unknown " + field.wireName() + " \"" + value +
                    "\": expected one of " + quoted(TableFields.wireNames(field)) +
                    (field == Field.ACTION ? "" : ", or \"\" (no row)");
            case TABLE_COUNTRY:
                return value.isEmpty() || isUpperLetters(value, 2) ? null :
                    "expected a country code of two upper-case letters such as \"DE\", or \"\" (no profile), found \"" +
                    value + '"';
            case TABLE_BYTES:
                return value.length() > TransactionDescriptor.ACCOUNT_MAX_LENGTH ? field.wireName() + " holds at most " +
                    TransactionDescriptor.ACCOUNT_MAX_LENGTH + " characters: \"" + value + "\" can never match" : null;
            default:
                final int max = maxLength(field);
                return value.length() > max ? field.wireName() + " holds at most " + max + " characters: \"" +
                    value + "\" (" + value.length() + ") can never match" : null;
        }
    }

    /**
     * @param field a string field.
     * @param value a literal already accepted by {@link #validateLiteral}.
     * @return a condition true when the event's field equals the literal.
     */
    static Condition equalsLiteral(final Field field, final String value)
    {
        switch (field.storage())
        {
            case STATUS:
            {
                final TxStatus status = TxStatus.fromWireName(value);
                return (tx, a) -> tx.status() == status;
            }
            case CHANNEL:
            {
                final Channel channel = Channel.fromWireName(value);
                return (tx, a) -> tx.channel() == channel;
            }
            case CURRENCY:
            {
                final int code = pack(value);
                return (tx, a) -> tx.currencyCode() == code;
            }
            case COUNTRY:
            {
                final int code = pack(value);
                return (tx, a) -> tx.countryCode() == code;
            }
            case CODE:
            {
                final TableFields.CodeReader reader = TableFields.codeReader(field);
                final int code = TableFields.codeOf(field, value);
                return (tx, a) -> reader.code(tx) == code;
            }
            case TABLE_COUNTRY:
            {
                final int code = pack(value);
                return (tx, a) -> TableFields.homeCountry(tx) == code;
            }
            case TABLE_BYTES:
            {
                final byte[] expected = value.getBytes(StandardCharsets.US_ASCII);
                return (tx, a) -> TableFields.accountLength(tx) == expected.length &&
                    bytesEqual(tx, TableFields.accountBytesOffset(tx), expected);
            }
            default:
            {
                final byte[] expected = value.getBytes(StandardCharsets.US_ASCII);
                final KeyType keyType = field.keyType();
                return keyType == null ? (tx, a) -> idEquals(tx, expected) :
                    (tx, a) -> keyEquals(tx, keyType, expected);
            }
        }
    }

    /**
     * @param field  a string field.
     * @param values literals already accepted by {@link #validateLiteral}.
     * @return a condition true when the event's field equals one of them.
     */
    static Condition inLiterals(final Field field, final List<String> values)
    {
        switch (field.storage())
        {
            case STATUS:
            case CHANNEL:
            {
                final boolean[] byCode = new boolean[8];
                for (final String v : values)
                {
                    byCode[field.storage() == Field.Storage.STATUS ? TxStatus.fromWireName(v).code() :
                        Channel.fromWireName(v).code()] = true;
                }
                return field.storage() == Field.Storage.STATUS ?
                    (tx, a) -> byCode[tx.buffer().getByte(tx.offset() + TransactionDescriptor.STATUS_OFFSET) & 7] :
                    (tx, a) -> byCode[tx.buffer().getByte(tx.offset() + TransactionDescriptor.CHANNEL_OFFSET) & 7];
            }
            case CODE:
            {
                final TableFields.CodeReader reader = TableFields.codeReader(field);
                final boolean[] byCode = new boolean[8];
                for (final String v : values)
                {
                    byCode[TableFields.codeOf(field, v)] = true;
                }
                return (tx, a) -> byCode[reader.code(tx) & 7];
            }
            case TABLE_COUNTRY:
            {
                final int[] codes = new int[values.size()];
                for (int i = 0; i < codes.length; i++)
                {
                    codes[i] = pack(values.get(i));
                }
                return (tx, a) -> contains(codes, TableFields.homeCountry(tx));
            }
            case TABLE_BYTES:
            {
                final List<Condition> each = new java.util.ArrayList<>();
                for (final String v : values)
                {
                    each.add(equalsLiteral(field, v));
                }
                final Condition[] tests = each.toArray(new Condition[0]);
                return (tx, a) ->
                {
                    for (final Condition test : tests)
                    {
                        if (test.test(tx, a))
                        {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case CURRENCY:
            case COUNTRY:
            {
                final int[] codes = new int[values.size()];
                for (int i = 0; i < codes.length; i++)
                {
                    codes[i] = pack(values.get(i));
                }
                final boolean currency = field.storage() == Field.Storage.CURRENCY;
                return (tx, a) -> contains(codes, currency ? tx.currencyCode() : tx.countryCode());
            }
            default:
            {
                final byte[][] expected = new byte[values.size()][];
                for (int i = 0; i < expected.length; i++)
                {
                    expected[i] = values.get(i).getBytes(StandardCharsets.US_ASCII);
                }
                final KeyType keyType = field.keyType();
                return (tx, a) ->
                {
                    for (final byte[] e : expected)
                    {
                        if (keyType == null ? idEquals(tx, e) : keyEquals(tx, keyType, e))
                        {
                            return true;
                        }
                    }
                    return false;
                };
            }
        }
    }

    /**
     * @param left  a string field.
     * @param right another string field.
     * @return a condition true when both hold the same text.
     */
    static Condition fieldsEqual(final Field left, final Field right)
    {
        final Text l = text(left);
        final Text r = text(right);
        return (tx, a) ->
        {
            final int length = l.length(tx);
            if (length != r.length(tx))
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (l.byteAt(tx, i) != r.byteAt(tx, i))
                {
                    return false;
                }
            }
            return true;
        };
    }

    /** A string field's text as bytes, read in place. */
    private interface Text
    {
        int length(TransactionFlyweight tx);

        int byteAt(TransactionFlyweight tx, int i);
    }

    private static Text text(final Field field)
    {
        switch (field.storage())
        {
            case CODE:
            {
                final TableFields.CodeReader reader = TableFields.codeReader(field);
                final byte[][] names = TableFields.names(field);
                return new Text()
                {
                    @Override
                    public int length(final TransactionFlyweight tx)
                    {
                        return names[reader.code(tx) & 7].length;
                    }

                    @Override
                    public int byteAt(final TransactionFlyweight tx, final int i)
                    {
                        return names[reader.code(tx) & 7][i];
                    }
                };
            }
            case TABLE_COUNTRY:
                return new Text()
                {
                    @Override
                    public int length(final TransactionFlyweight tx)
                    {
                        return TableFields.homeCountry(tx) == 0 ? 0 : 2;
                    }

                    @Override
                    public int byteAt(final TransactionFlyweight tx, final int i)
                    {
                        return (TableFields.homeCountry(tx) >> (8 * (1 - i))) & 0xFF;
                    }
                };
            case TABLE_BYTES:
                return new Text()
                {
                    @Override
                    public int length(final TransactionFlyweight tx)
                    {
                        return TableFields.accountLength(tx);
                    }

                    @Override
                    public int byteAt(final TransactionFlyweight tx, final int i)
                    {
                        return tx.buffer().getByte(TableFields.accountBytesOffset(tx) + i);
                    }
                };
            default:
                return new Text()
                {
                    @Override
                    public int length(final TransactionFlyweight tx)
                    {
                        return StringFields.length(field, tx);
                    }

                    @Override
                    public int byteAt(final TransactionFlyweight tx, final int i)
                    {
                        return StringFields.byteAt(field, tx, i);
                    }
                };
        }
    }

    /**
     * @param field a string field.
     * @return its identity for {@code distinct}: the precomputed key or id hash, or the packed code.
     */
    static TxHash hash(final Field field)
    {
        switch (field.storage())
        {
            case STATUS:
                return tx -> tx.buffer().getByte(tx.offset() + TransactionDescriptor.STATUS_OFFSET);
            case CHANNEL:
                return tx -> tx.buffer().getByte(tx.offset() + TransactionDescriptor.CHANNEL_OFFSET);
            case CURRENCY:
                return TransactionFlyweight::currencyCode;
            case COUNTRY:
                return TransactionFlyweight::countryCode;
            case CODE:
            case TABLE_COUNTRY:
            case TABLE_BYTES:
                throw new IllegalArgumentException("distinct/seen read event fields only, not " + field.wireName());
            default:
            {
                final KeyType keyType = field.keyType();
                return keyType == null ? TransactionFlyweight::idHash : tx -> tx.keyHash(keyType);
            }
        }
    }

    private static boolean keyEquals(final TransactionFlyweight tx, final KeyType keyType, final byte[] expected)
    {
        return tx.keyLength(keyType) == expected.length && bytesEqual(tx, tx.keyBytesOffset(keyType), expected);
    }

    private static boolean idEquals(final TransactionFlyweight tx, final byte[] expected)
    {
        return tx.idLength() == expected.length && bytesEqual(tx, tx.idBytesOffset(), expected);
    }

    private static boolean bytesEqual(final TransactionFlyweight tx, final int offset, final byte[] expected)
    {
        for (int i = 0; i < expected.length; i++)
        {
            if (tx.buffer().getByte(offset + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    private static int length(final Field field, final TransactionFlyweight tx)
    {
        switch (field.storage())
        {
            case STATUS:
                return statusBytes(tx).length;
            case CHANNEL:
                return channelBytes(tx).length;
            case CURRENCY:
                return tx.currencyCode() == 0 ? 0 : 3;
            case COUNTRY:
                return tx.countryCode() == 0 ? 0 : 2;
            default:
                return field.keyType() == null ? tx.idLength() : tx.keyLength(field.keyType());
        }
    }

    private static int byteAt(final Field field, final TransactionFlyweight tx, final int i)
    {
        switch (field.storage())
        {
            case STATUS:
                return statusBytes(tx)[i];
            case CHANNEL:
                return channelBytes(tx)[i];
            case CURRENCY:
                return (tx.currencyCode() >> (8 * (2 - i))) & 0xFF;
            case COUNTRY:
                return (tx.countryCode() >> (8 * (1 - i))) & 0xFF;
            default:
                return tx.buffer().getByte(
                    (field.keyType() == null ? tx.idBytesOffset() : tx.keyBytesOffset(field.keyType())) + i);
        }
    }

    private static byte[] statusBytes(final TransactionFlyweight tx)
    {
        final TxStatus status = tx.status();
        return status == null ? EMPTY : STATUS_BYTES[status.ordinal()];
    }

    private static byte[] channelBytes(final TransactionFlyweight tx)
    {
        final Channel channel = tx.channel();
        return channel == null ? EMPTY : CHANNEL_BYTES[channel.ordinal()];
    }

    private static boolean contains(final int[] codes, final int code)
    {
        for (final int c : codes)
        {
            if (c == code)
            {
                return true;
            }
        }
        return false;
    }

    /** Packs two or three ASCII letters the way {@link TransactionFlyweight#currencyCode()} does. */
    static int pack(final String letters)
    {
        int code = 0;
        for (int i = 0; i < letters.length(); i++)
        {
            code = (code << 8) | letters.charAt(i);
        }
        return code;
    }

    private static int maxLength(final Field field)
    {
        if (field.keyType() == null)
        {
            return TransactionDescriptor.ID_MAX_LENGTH;
        }
        switch (field.keyType())
        {
            case CARD:
                return TransactionDescriptor.CARD_MAX_LENGTH;
            case ACCOUNT:
                return TransactionDescriptor.ACCOUNT_MAX_LENGTH;
            case MERCHANT:
                return TransactionDescriptor.MERCHANT_MAX_LENGTH;
            case DEVICE:
                return TransactionDescriptor.DEVICE_MAX_LENGTH;
            default:
                return TransactionDescriptor.IP_MAX_LENGTH;
        }
    }

    private static String quoted(final List<String> names)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String name : names)
        {
            sb.append(sb.length() == 0 ? "" : ", ").append('"').append(name).append('"');
        }
        return sb.toString();
    }

    private static boolean isLowerCase(final String value)
    {
        return value.equals(value.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean isUpperLetters(final String value, final int length)
    {
        if (value.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (value.charAt(i) < 'A' || value.charAt(i) > 'Z')
            {
                return false;
            }
        }
        return true;
    }

    private static byte[][] wireBytes(final Enum<?>[] values)
    {
        final byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++)
        {
            final String name = values[i] instanceof Channel ? ((Channel)values[i]).wireName() :
                ((TxStatus)values[i]).wireName();
            bytes[i] = name.getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
