package io.vigil.core.event;

/**
 * Lookup of an enum's values by their stored one-byte code and by their wire name, for the enums whose codes
 * sit in journals and snapshots ({@link EventKind}, {@link CardStatus}, {@link RiskLevel}, {@link AccountAction},
 * {@link ReferenceList}). Built once per enum; immutable and safe to share between threads.
 *
 * @param <E> the enum.
 */
public final class CodeTable<E extends Enum<E> & CodeTable.Coded>
{
    /** An enum value with a stable stored code and a name used in JSON and rule files. */
    public interface Coded
    {
        /** @return the byte stored in events, 1..127. */
        byte code();

        /** @return the name used in JSON input and output and in rule files. */
        String wireName();
    }

    private final E[] values;
    private final Object[] byCode;

    /**
     * @param values the enum's values; codes must be distinct and positive.
     * @throws IllegalArgumentException when two values share a code or a code is not positive.
     */
    public CodeTable(final E[] values)
    {
        this.values = values.clone();
        int max = 0;
        for (final E v : values)
        {
            if (v.code() <= 0)
            {
                throw new IllegalArgumentException(v + ": code " + v.code() + " must be positive");
            }
            max = Math.max(max, v.code());
        }
        byCode = new Object[max + 1];
        for (final E v : values)
        {
            if (byCode[v.code()] != null)
            {
                throw new IllegalArgumentException(v + " and " + byCode[v.code()] + " share code " + v.code());
            }
            byCode[v.code()] = v;
        }
    }

    /**
     * @param code a stored code.
     * @return the value, or {@code null} for an unknown code.
     */
    @SuppressWarnings("unchecked")
    public E fromCode(final int code)
    {
        return code >= 0 && code < byCode.length ? (E)byCode[code] : null;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the value, or {@code null} when the name is unknown (or null).
     */
    public E fromWireName(final String name)
    {
        for (final E v : values)
        {
            if (v.wireName().equalsIgnoreCase(name))
            {
                return v;
            }
        }
        return null;
    }
}
