package io.vigil.rules.lang;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.KeyType;
import io.vigil.rules.expr.TxPredicate;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a file, compiled: everything a rule-set compiler needs to build the runtime rule. Immutable;
 * its evaluators allocate nothing and may be shared by shard threads.
 *
 * @param ref         identity, version, severity, key type and ordinal (its position in the file).
 * @param keyType     what its state is kept by (also {@code ref.keyType()}).
 * @param filter      which events the rule looks at ({@link TxPredicate#ALWAYS} when it has no filter).
 * @param filterText  the filter in canonical form, "true" when it has none.
 * @param pattern     its window, sequence or absence.
 * @param cooldownMs  how long its alerts for one key are suppressed after one fires; 0 for none.
 * @param tags        free-form labels.
 * @param description what it detects, or "".
 */
public record CompiledRuleSpec(
    RuleRef ref, KeyType keyType, TxPredicate filter, String filterText, CompiledPattern pattern, long cooldownMs,
    List<String> tags, String description)
{
    /**
     * Checks the parts and copies the list.
     */
    public CompiledRuleSpec
    {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(pattern, "pattern");
        tags = List.copyOf(tags);
    }

    /** @return the window, or null when the rule is a sequence or absence. */
    public CompiledWindow window()
    {
        return pattern instanceof CompiledWindow ? (CompiledWindow)pattern : null;
    }

    /** @return the sequence, or null when the rule is a window or absence. */
    public CompiledSequence sequence()
    {
        return pattern instanceof CompiledSequence ? (CompiledSequence)pattern : null;
    }

    /** @return the absence, or null when the rule is a window or sequence. */
    public CompiledAbsence absence()
    {
        return pattern instanceof CompiledAbsence ? (CompiledAbsence)pattern : null;
    }
}
