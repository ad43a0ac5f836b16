package io.vigil.ops.delivery;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The webhook endpoints alerts are delivered to. Immutable. Read from YAML by {@link WebhookConfigReader}, or
 * built in code.
 *
 * @param endpoints the endpoints, names unique.
 */
public record WebhookConfig(List<EndpointConfig> endpoints)
{
    /** Copies the list and checks the names are unique. */
    public WebhookConfig
    {
        endpoints = List.copyOf(endpoints);
        final Set<String> names = new HashSet<>();
        for (final EndpointConfig e : endpoints)
        {
            if (!names.add(e.name()))
            {
                throw new IllegalArgumentException("endpoint name '" + e.name() + "' is used twice");
            }
        }
    }
}
