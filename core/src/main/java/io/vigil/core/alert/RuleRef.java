package io.vigil.core.alert;

import io.vigil.core.event.KeyType;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an alert needs to know about the rule that fired it: identity, version, severity, key type, and its
 * ordinal in the running rule set (which orders alerts fired by one event). Immutable; built once per rule
 * at rule-set load.
 */
public final class RuleRef
{
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final int ordinal;
    private final String id;
    private final int version;
    private final Severity severity;
    private final KeyType keyType;

    /**
     * @param ordinal  position in the rule set, from 0.
     * @param id       rule id: lower-case letters, digits, '.', '_' and '-', at most 64 characters.
     * @param version  rule version, from 1.
     * @param severity severity of its alerts.
     * @param keyType  the key its state is held by.
     */
    public RuleRef(final int ordinal, final String id, final int version, final Severity severity, final KeyType keyType)
    {
        if (!ID.matcher(Objects.requireNonNull(id, "id")).matches())
        {
            throw new IllegalArgumentException(
                "rule id: expected lower-case letters, digits, '.', '_' or '-' (at most 64), found '" + id + "'");
        }
        if (version < 1)
        {
            throw new IllegalArgumentException("rule version: expected >= 1, found " + version);
        }
        this.ordinal = ordinal;
        this.id = id;
        this.version = version;
        this.severity = Objects.requireNonNull(severity, "severity");
        this.keyType = Objects.requireNonNull(keyType, "keyType");
    }

    /** @return position in the rule set. */
    public int ordinal()
    {
        return ordinal;
    }

    /** @return the rule id. */
    public String id()
    {
        return id;
    }

    /** @return the rule version. */
    public int version()
    {
        return version;
    }

    /** @return severity of its alerts. */
    public Severity severity()
    {
        return severity;
    }

    /** @return the key type. */
    public KeyType keyType()
    {
        return keyType;
    }

    @Override
    public String toString()
    {
        return id + "@v" + version;
    }
}
