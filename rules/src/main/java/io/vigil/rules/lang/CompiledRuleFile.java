package io.vigil.rules.lang;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule file, compiled: its rules and every error found, in file order. Load it only when {@link #ok()}: a
 * file with errors keeps the rules that compiled (so that all errors could be found), not all of its rules.
 *
 * @param file   the file as named to the checker.
 * @param rules  the rules that compiled, in file order.
 * @param errors every error, by line and column.
 */
public record CompiledRuleFile(String file, List<CompiledRuleSpec> rules, List<RuleError> errors)
{
    /**
     * Copies the lists.
     */
    public CompiledRuleFile
    {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }

    /** @return whether the file has no error. */
    public boolean ok()
    {
        return errors.isEmpty();
    }

    /**
     * @return the rules.
     * @throws IllegalArgumentException listing every error, one per line, when the file has any.
     */
    public List<CompiledRuleSpec> requireValid()
    {
        if (!ok())
        {
            throw new IllegalArgumentException(errors.size() + (errors.size() == 1 ? " error" : " errors") +
                " in " + file + ":\n" + errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
        }
        return rules;
    }
}
