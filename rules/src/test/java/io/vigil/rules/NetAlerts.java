package io.vigil.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts minus retractions: replays alert records in publication order, an alert or amended alert setting its
 * id's standing record (an amended one superseding the earlier record of its id), a retraction removing it.
 * Checks on the way that the records make sense: a new alert's id does not stand already, a retraction's and a
 * replacing amendment's id does. Late-event records (no alert id) pass through.
 */
public final class NetAlerts
{
    private NetAlerts()
    {
    }

    /**
     * @param records alert records in publication order.
     * @return the records that stand, late-event records first, then in order of the ids' first appearance.
     */
    public static List<CapturedAlert> net(final List<CapturedAlert> records)
    {
        final List<CapturedAlert> late = new ArrayList<>();
        final Map<String, CapturedAlert> standing = new LinkedHashMap<>();
        for (final CapturedAlert record : records)
        {
            final var node = record.node();
            if (!node.has("alert_id"))
            {
                late.add(record);
                continue;
            }
            final String id = node.get("alert_id").asText();
            final String status = node.path("status").asText("");
            switch (status)
            {
                case "":
                    assertThat(standing).as("new alert %s while one with its id stands", record.json())
                        .doesNotContainKey(id);
                    standing.put(id, record);
                    break;
                case "amended":
                    assertThat(node.get("cause_tx_id").isTextual()).as("cause of %s", record.json()).isTrue();
                    standing.put(id, record);
                    break;
                case "retracted":
                    assertThat(standing).as("retraction %s of an alert that does not stand", record.json())
                        .containsKey(id);
                    assertThat(node.get("details").get("reason").isTextual()).isTrue();
                    standing.remove(id);
                    break;
                default:
                    throw new AssertionError("unknown status in " + record.json());
            }
        }
        final List<CapturedAlert> out = new ArrayList<>(late);
        out.addAll(standing.values());
        return out;
    }

    /**
     * @param record an alert record.
     * @return its JSON without {@code status} and {@code cause_tx_id}: what an amended alert shares with the
     * alert the sorted stream gives.
     */
    public static String content(final CapturedAlert record)
    {
        final ObjectNode node = (ObjectNode)record.node();
        node.remove("status");
        node.remove("cause_tx_id");
        return node.toString();
    }

    /** @return the record's {@code status}: "" for a new alert, "amended" or "retracted". */
    public static String status(final CapturedAlert record)
    {
        return record.node().path("status").asText("");
    }
}
