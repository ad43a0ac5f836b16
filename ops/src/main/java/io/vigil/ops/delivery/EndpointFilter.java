package io.vigil.ops.delivery;

import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.OutboxEntry;

import java.util.Set;

/**
 * Which alerts an endpoint receives: each given list must match (an empty list matches every alert); within
 * a list any item matches. Immutable.
 *
 * @param rules      rule ids.
 * @param severities severities.
 * @param tags       rule tags: the alert's rule must carry at least one of them.
 */
public record EndpointFilter(Set<String> rules, Set<Severity> severities, Set<String> tags)
{
    /** Lets every alert through. */
    public static final EndpointFilter ALL = new EndpointFilter(Set.of(), Set.of(), Set.of());

    /** Copies the sets. */
    public EndpointFilter
    {
        rules = Set.copyOf(rules);
        severities = Set.copyOf(severities);
        tags = Set.copyOf(tags);
    }

    /**
     * @param alert an outbox entry.
     * @return whether the endpoint receives it.
     */
    public boolean matches(final OutboxEntry alert)
    {
        if (!rules.isEmpty() && !rules.contains(alert.ruleId()))
        {
            return false;
        }
        if (!severities.isEmpty() && !severities.contains(Severity.fromCode(alert.severityCode())))
        {
            return false;
        }
        if (!tags.isEmpty())
        {
            for (final String tag : alert.tags())
            {
                if (tags.contains(tag))
                {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
