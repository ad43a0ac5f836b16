package io.vigil.ops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what recall needs of every alert that stands (rule, key, trigger) in memory, for the demo's closing
 * report: alerts minus retractions, an amended alert replacing the record of its id, a retraction removing it.
 * Allocates per alert, on the collector thread: for demos and tests, not for the live service.
 */
public final class AlertCollectingSink implements AlertSink
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Recall.Alert> alerts = new LinkedHashMap<>();

    @Override
    public void onAlert(final AlertView alert)
    {
        try
        {
            final JsonNode node = JSON.readTree(alert.json());
            final String id = alert.alertId();
            if (alert.isRetraction())
            {
                synchronized (alerts)
                {
                    alerts.remove(id);
                }
                return;
            }
            final Recall.Alert a = new Recall.Alert(node.path("rule").asText(), node.path("key_type").asText(),
                node.path("key").asText(), node.path("tx_id").asText());
            synchronized (alerts)
            {
                alerts.put(id, a);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return a copy of the alerts that stand so far, in order of first appearance; safe from any thread. */
    public List<Recall.Alert> alerts()
    {
        synchronized (alerts)
        {
            return new ArrayList<>(alerts.values());
        }
    }
}
