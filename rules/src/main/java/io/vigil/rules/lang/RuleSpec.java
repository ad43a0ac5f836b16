package io.vigil.rules.lang;

import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule as written in a rule file, checked against the schema (its expressions are parsed later, by
 * {@link RuleSpecCompiler}). Exactly one of {@code window}, {@code sequence} and {@code absence} is set.
 *
 * @param ordinal     its position in the file's rule list, from 0.
 * @param id          rule id.
 * @param description what it detects, or "".
 * @param version     rule version, from 1.
 * @param keyType     what its state is kept by.
 * @param filter      which events it looks at; null for all.
 * @param window      its window, or null.
 * @param sequence    its sequence, or null.
 * @param absence     its absence pattern, or null.
 * @param severity    severity of its alerts.
 * @param tags        free-form labels.
 * @param cooldownMs  how long its alerts for one key are suppressed after one fires; 0 for none.
 * @param pos         where the rule's mapping starts.
 * @param positions   where each key's value is, by key ({@code "severity"}, {@code "window"} ...).
 */
public record RuleSpec(
    int ordinal, String id, String description, int version, KeyType keyType, ExprSource filter,
    WindowSpec window, SequenceSpec sequence, AbsenceSpec absence, Severity severity, List<String> tags,
    long cooldownMs, SourcePos pos, Map<String, SourcePos> positions)
{
    /**
     * Checks the parts and copies the collections.
     */
    public RuleSpec
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(severity, "severity");
        if ((window == null ? 0 : 1) + (sequence == null ? 0 : 1) + (absence == null ? 0 : 1) != 1)
        {
            throw new IllegalArgumentException("rule " + id + ": expected one of window, sequence, absence");
        }
        tags = List.copyOf(tags);
        positions = Map.copyOf(positions);
    }

    /**
     * @param key a rule key such as {@code "severity"}.
     * @return where its value is, or the rule's start when it is absent.
     */
    public SourcePos positionOf(final String key)
    {
        return positions.getOrDefault(key, pos);
    }
}
