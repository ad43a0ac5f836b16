package io.vigil.rules.lang;

import java.util.List;

/**
 * A rule file as read by {@link RuleFileParser}: the rules that passed the schema checks, and every error
 * found. A file with errors should not be loaded; its valid rules are kept so that their expressions are
 * still checked and every mistake is reported in one pass.
 *
 * @param file   the file as named to the parser.
 * @param rules  the rules without schema errors, in file order.
 * @param errors the schema errors, in file order.
 */
public record RuleFileSpec(String file, List<RuleSpec> rules, List<RuleError> errors)
{
    /**
     * Copies the lists.
     */
    public RuleFileSpec
    {
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }
}
