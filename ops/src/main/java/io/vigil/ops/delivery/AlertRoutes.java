package io.vigil.ops.delivery;

import io.vigil.rules.RuleSet;
import io.vigil.rules.lang.CompiledRuleSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The routing facts of the running rules, by rule ordinal: each rule's id and tags, stored with every alert in
 * the outbox so that endpoint filters can select by rule, severity and tag. Immutable.
 */
public final class AlertRoutes
{
    private final String[] ruleIds;
    private final List<List<String>> tags;

    /**
     * @param ruleIds rule ids by ordinal.
     * @param tags    each rule's tags, by ordinal.
     */
    public AlertRoutes(final List<String> ruleIds, final List<List<String>> tags)
    {
        if (ruleIds.size() != tags.size())
        {
            throw new IllegalArgumentException("rule ids and tags differ in length");
        }
        this.ruleIds = ruleIds.toArray(new String[0]);
        final List<List<String>> copy = new ArrayList<>(tags.size());
        for (final List<String> t : tags)
        {
            copy.add(List.copyOf(t));
        }
        this.tags = List.copyOf(copy);
    }

    /**
     * @param rules a rule set.
     * @return its routing facts.
     */
    public static AlertRoutes of(final RuleSet rules)
    {
        final String[] ids = new String[rules.specs().size()];
        final List<List<String>> tags = new ArrayList<>();
        for (int i = 0; i < ids.length; i++)
        {
            tags.add(List.of());
        }
        for (final CompiledRuleSpec spec : rules.specs())
        {
            ids[spec.ref().ordinal()] = spec.ref().id();
            tags.set(spec.ref().ordinal(), spec.tags());
        }
        return new AlertRoutes(List.of(ids), tags);
    }

    /**
     * @param ordinal a rule ordinal.
     * @return its id, or null if the ordinal is unknown.
     */
    public String ruleId(final int ordinal)
    {
        return ordinal >= 0 && ordinal < ruleIds.length ? ruleIds[ordinal] : null;
    }

    /**
     * @param ordinal a rule ordinal.
     * @return its tags (empty if unknown).
     */
    public List<String> tags(final int ordinal)
    {
        return ordinal >= 0 && ordinal < ruleIds.length ? tags.get(ordinal) : List.of();
    }
}
