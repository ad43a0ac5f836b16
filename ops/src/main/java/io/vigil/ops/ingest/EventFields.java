package io.vigil.ops.ingest;

import io.vigil.core.event.EventKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON field names of every {@link EventKind} and which of them each kind requires and allows: the one
 * table behind {@link TransactionJsonParser}'s checks (the README's "Other event kinds" lists the same).
 * Immutable; any thread.
 */
final class EventFields
{
    static final int ID = 0;
    static final int TS = 1;
    static final int CARD = 2;
    static final int MERCHANT = 3;
    static final int AMOUNT = 4;
    static final int CURRENCY = 5;
    static final int COUNTRY = 6;
    static final int STATUS = 7;
    static final int ACCOUNT = 8;
    static final int MCC = 9;
    static final int CHANNEL = 10;
    static final int DEVICE = 11;
    static final int IP = 12;
    static final int LAT = 13;
    static final int LON = 14;
    static final int TYPE = 15;
    static final int HOME_COUNTRY = 16;
    static final int LIMIT = 17;
    static final int CARD_STATUS = 18;
    static final int CATEGORY = 19;
    static final int RISK = 20;
    static final int ACTION = 21;
    static final int LIST = 22;
    static final int VALUE = 23;
    static final int OP = 24;
    static final int COUNT = 25;

    private static final String[] NAMES = {
        "id", "ts", "card", "merchant", "amount", "currency", "country", "status",
        "account", "mcc", "channel", "device", "ip", "lat", "lon", "type",
        "home_country", "limit", "card_status", "category", "risk", "action", "list", "value", "op"};

    private static final int[] REQUIRED = new int[EventKind.values().length];
    private static final int[] ALLOWED = new int[EventKind.values().length];

    static
    {
        define(EventKind.TRANSACTION, bits(ID, TS, CARD, MERCHANT, AMOUNT, CURRENCY, COUNTRY, STATUS),
            bits(ACCOUNT, MCC, CHANNEL, DEVICE, IP, LAT, LON));
        define(EventKind.CARD_PROFILE, bits(ID, TS, CARD, HOME_COUNTRY, CARD_STATUS), bits(ACCOUNT, LIMIT, CURRENCY));
        define(EventKind.MERCHANT_PROFILE, bits(ID, TS, MERCHANT, RISK), bits(CATEGORY, MCC, COUNTRY));
        define(EventKind.ACCOUNT_EVENT, bits(ID, TS, ACCOUNT, ACTION), bits(CARD, DEVICE, IP, COUNTRY, LAT, LON));
        define(EventKind.ACCOUNT_PROFILE, bits(ID, TS, ACCOUNT, RISK), bits(COUNTRY));
        define(EventKind.REFERENCE, bits(ID, TS, LIST, VALUE, OP), 0);
    }

    private EventFields()
    {
    }

    static int indexOf(final String name)
    {
        for (int i = 0; i < COUNT; i++)
        {
            if (NAMES[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    static String name(final int index)
    {
        return NAMES[index];
    }


    static int requiredMask(final EventKind kind)
    {
        return REQUIRED[kind.ordinal()];
    }

    /**
     * @param kind the event's kind.
     * @param seen bit i set for each field i present (not null).
     * @throws InputException for the first field that does not belong to the kind, else the first missing one.
     */
    static void check(final EventKind kind, final int seen) throws InputException
    {
        final int foreign = seen & ~ALLOWED[kind.ordinal()];
        if (foreign != 0)
        {
            throw new InputException(0, NAMES[Integer.numberOfTrailingZeros(foreign)], "not a field of " +
                describe(kind) + " (" + describe(kind) + " fields: " + String.join(", ", names(ALLOWED[kind.ordinal()] &
                ~(1 << TYPE))) + ')');
        }
        final int missing = REQUIRED[kind.ordinal()] & ~seen;
        if (missing != 0)
        {
            throw new InputException(0, NAMES[Integer.numberOfTrailingZeros(missing)], kind == EventKind.TRANSACTION ?
                "missing (required)" : "missing (required for " + describe(kind) + ')');
        }
    }

    static String wireNames(final Enum<?>[] values)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Enum<?> v : values)
        {
            if (sb.length() > 0)
            {
                sb.append(", ");
            }
            sb.append(v.name().toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }

    private static String describe(final EventKind kind)
    {
        return "type \"" + kind.wireName() + '"';
    }

    private static void define(final EventKind kind, final int required, final int optional)
    {
        REQUIRED[kind.ordinal()] = required;
        ALLOWED[kind.ordinal()] = required | optional | 1 << TYPE;
    }

    private static int bits(final int... indexes)
    {
        int mask = 0;
        for (final int i : indexes)
        {
            mask |= 1 << i;
        }
        return mask;
    }

    private static List<String> names(final int mask)
    {
        final List<String> result = new ArrayList<>();
        for (int i = 0; i < COUNT; i++)
        {
            if ((mask & 1 << i) != 0)
            {
                result.add(NAMES[i]);
            }
        }
        return result;
    }
}
