package io.vigil.rules.expr;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.table.EnrichmentDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers of the fields that are not plain event bytes: the coded ones ({@code action}, {@code profile.card_status},
 * {@code merchant.risk}, {@code customer.risk}: a one-byte code named by an enum's wire names) and the table
 * fields read from the event's enrichment block ({@link EnrichmentDescriptor}). A missing row reads as code 0
 * (the string ""), an empty country or account (""), and NaN for numbers, so every comparison of a missing
 * number is false and a missing string equals only "".
 */
final class TableFields
{
    private static final byte[] EMPTY = new byte[0];
    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    /** Reads a coded field's code from an event: 0 when absent. */
    @FunctionalInterface
    interface CodeReader
    {
        int code(TransactionFlyweight tx);
    }

    private TableFields()
    {
    }

    /** @return the reader of a {@link Field.Storage#CODE} field. */
    static CodeReader codeReader(final Field field)
    {
        switch (field)
        {
            case ACTION:
                return tx -> tx.kind() == TransactionDescriptor.KIND_ACCOUNT_EVENT ? tx.subtype() : 0;
            case PROFILE_CARD_STATUS:
                return tx -> blockByte(tx, EnrichmentDescriptor.FLAG_PROFILE, EnrichmentDescriptor.CARD_STATUS_OFFSET);
            case MERCHANT_RISK:
                return tx -> blockByte(tx, EnrichmentDescriptor.FLAG_MERCHANT, EnrichmentDescriptor.MERCHANT_RISK_OFFSET);
            case CUSTOMER_RISK:
                return tx -> blockByte(tx, EnrichmentDescriptor.FLAG_CUSTOMER, EnrichmentDescriptor.CUSTOMER_RISK_OFFSET);
            default:
                throw new IllegalArgumentException("not a coded field: " + field);
        }
    }

    /** @return a coded field's names by code; index 0 is "". */
    static byte[][] names(final Field field)
    {
        final byte[][] byCode = new byte[8][];
        byCode[0] = EMPTY;
        for (int code = 1; code < byCode.length; code++)
        {
            final String name = nameOf(field, code);
            byCode[code] = name == null ? EMPTY : name.getBytes(StandardCharsets.US_ASCII);
        }
        return byCode;
    }

    /** @return the names a coded field can hold, "" (missing) excluded. */
    static List<String> wireNames(final Field field)
    {
        final List<String> out = new ArrayList<>();
        for (int code = 1; code < 8; code++)
        {
            final String name = nameOf(field, code);
            if (name != null)
            {
                out.add(name);
            }
        }
        return out;
    }

    /** @return the code a literal names for a coded field: 0 for "", -1 when it names nothing. */
    static int codeOf(final Field field, final String literal)
    {
        if (literal.isEmpty())
        {
            return 0;
        }
        for (int code = 1; code < 8; code++)
        {
            if (literal.equals(nameOf(field, code)))
            {
                return code;
            }
        }
        return -1;
    }

    private static String nameOf(final Field field, final int code)
    {
        switch (field)
        {
            case ACTION:
            {
                final AccountAction v = AccountAction.fromCode(code);
                return v == null ? null : v.wireName();
            }
            case PROFILE_CARD_STATUS:
            {
                final CardStatus v = CardStatus.fromCode(code);
                return v == null ? null : v.wireName();
            }
            default:
            {
                final RiskLevel v = RiskLevel.fromCode(code);
                return v == null ? null : v.wireName();
            }
        }
    }

    /** @return the profile's home country packed like {@link TransactionFlyweight#countryCode()}, 0 if none. */
    static int homeCountry(final TransactionFlyweight tx)
    {
        return (EnrichmentDescriptor.flags(tx) & EnrichmentDescriptor.FLAG_PROFILE) == 0 ? 0 :
            tx.buffer().getShort(tx.offset() + EnrichmentDescriptor.BASE + EnrichmentDescriptor.HOME_COUNTRY_OFFSET) &
            0xFFFF;
    }

    /** @return length of the profile's account, 0 when no profile. */
    static int accountLength(final TransactionFlyweight tx)
    {
        return (EnrichmentDescriptor.flags(tx) & EnrichmentDescriptor.FLAG_PROFILE) == 0 ? 0 :
            EnrichmentDescriptor.byteAt(tx, EnrichmentDescriptor.PROFILE_ACCOUNT_OFFSET);
    }

    /** @return buffer offset of the profile account's first byte. */
    static int accountBytesOffset(final TransactionFlyweight tx)
    {
        return tx.offset() + EnrichmentDescriptor.BASE + EnrichmentDescriptor.PROFILE_ACCOUNT_OFFSET + 1;
    }

    /** @return the card profile's limit in major units, NaN when no profile. */
    static double profileLimit(final TransactionFlyweight tx)
    {
        if ((EnrichmentDescriptor.flags(tx) & EnrichmentDescriptor.FLAG_PROFILE) == 0)
        {
            return Double.NaN;
        }
        final int base = tx.offset() + EnrichmentDescriptor.BASE;
        return tx.buffer().getLong(base + EnrichmentDescriptor.LIMIT_MINOR_OFFSET) /
            POWERS_OF_TEN[tx.buffer().getByte(base + EnrichmentDescriptor.LIMIT_EXPONENT_OFFSET) % 19];
    }

    /** @return the merchant's category, NaN when no row. */
    static double merchantCategory(final TransactionFlyweight tx)
    {
        if ((EnrichmentDescriptor.flags(tx) & EnrichmentDescriptor.FLAG_MERCHANT) == 0)
        {
            return Double.NaN;
        }
        return tx.buffer().getInt(tx.offset() + EnrichmentDescriptor.BASE + EnrichmentDescriptor.MERCHANT_CATEGORY_OFFSET);
    }

    /** @return whether the event's enrichment has the flag set. */
    static boolean hasFlag(final TransactionFlyweight tx, final int flag)
    {
        return (EnrichmentDescriptor.flags(tx) & flag) != 0;
    }

    private static int blockByte(final TransactionFlyweight tx, final int flag, final int offset)
    {
        return (EnrichmentDescriptor.flags(tx) & flag) == 0 ? 0 : EnrichmentDescriptor.byteAt(tx, offset);
    }
}
