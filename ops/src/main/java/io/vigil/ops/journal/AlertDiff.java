package io.vigil.ops.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two alert files by alert id (derived from rule, rule version, key and triggering event, so the same
 * alert has the same id in both): alerts only in the new one (added), only in the original (removed), and in
 * both with different content (changed). Writes one JSON line per difference and prints counts per rule.
 */
public final class AlertDiff
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, int[]> byRule = new TreeMap<>();
    private int added;
    private int removed;
    private int changed;
    private int same;

    /**
     * @param original alerts of the original rules.
     * @param replayed alerts of the replayed rules.
     * @param diffFile where differences go, JSON Lines {"change": "added|removed|changed", "alert": …, "was": …}.
     * @return the comparison.
     */
    public static AlertDiff compare(final Path original, final Path replayed, final Path diffFile) throws IOException
    {
        final Map<String, JsonNode> before = read(original);
        final Map<String, JsonNode> after = read(replayed);
        final AlertDiff diff = new AlertDiff();
        try (BufferedWriter out = Files.newBufferedWriter(diffFile, StandardCharsets.UTF_8))
        {
            for (final Map.Entry<String, JsonNode> alert : after.entrySet())
            {
                final JsonNode was = before.get(alert.getKey());
                if (was == null)
                {
                    diff.record(out, "added", alert.getValue(), null);
                }
                else if (!was.equals(alert.getValue()))
                {
                    diff.record(out, "changed", alert.getValue(), was);
                }
                else
                {
                    diff.same++;
                }
            }
            for (final Map.Entry<String, JsonNode> alert : before.entrySet())
            {
                if (!after.containsKey(alert.getKey()))
                {
                    diff.record(out, "removed", alert.getValue(), null);
                }
            }
        }
        return diff;
    }

    private void record(final BufferedWriter out, final String change, final JsonNode alert, final JsonNode was)
        throws IOException
    {
        final ObjectNode line = MAPPER.createObjectNode();
        line.put("change", change);
        line.set("alert", alert);
        if (was != null)
        {
            line.set("was", was);
        }
        out.write(line.toString());
        out.write('\n');
        final int[] counts = byRule.computeIfAbsent(alert.get("rule").asText(), r -> new int[3]);
        switch (change)
        {
            case "added" -> { added++; counts[0]++; }
            case "removed" -> { removed++; counts[1]++; }
            default -> { changed++; counts[2]++; }
        }
    }

    private static Map<String, JsonNode> read(final Path file) throws IOException
    {
        final Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            if (!line.isBlank())
            {
                final JsonNode node = MAPPER.readTree(line);
                alerts.put(node.get("alert_id").asText(), node);
            }
        }
        return alerts;
    }

    /** @return alerts only in the replay. */
    public int added()
    {
        return added;
    }

    /** @return alerts only in the original. */
    public int removed()
    {
        return removed;
    }

    /** @return alerts in both with different content. */
    public int changed()
    {
        return changed;
    }

    /** @return alerts identical in both. */
    public int same()
    {
        return same;
    }

    /** Prints the counts, overall and per rule. */
    public void print(final PrintWriter out)
    {
        out.printf(Locale.ROOT, "diff         %,d same, %,d added, %,d removed, %,d changed%n", same, added, removed, changed);
        for (final Map.Entry<String, int[]> rule : byRule.entrySet())
        {
            out.printf(Locale.ROOT, "  %-24s +%d -%d ~%d%n", rule.getKey(), rule.getValue()[0], rule.getValue()[1],
                rule.getValue()[2]);
        }
    }
}
