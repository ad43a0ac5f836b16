package io.vigil.ops.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shows alerts on a terminal as one readable line each, for the demo. At most {@code maxPerSecond} lines
 * a second are printed so a burst cannot flood the screen; the rest are counted and the count is shown
 * with the next line printed (nothing is hidden, only summarised). The clock decides only what is printed,
 * never what the engine does.
 * <p>
 * Thread contract: called by the alert collector thread only.
 */
public final class ConsoleAlertSink implements AlertSink
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final int maxPerSecond;
    private long windowStartNs = System.nanoTime();
    private int printedInWindow;
    private long notShown;

    /**
     * @param out          where to print.
     * @param maxPerSecond most alert lines per second.
     */
    public ConsoleAlertSink(final PrintWriter out, final int maxPerSecond)
    {
        this.out = out;
        this.maxPerSecond = maxPerSecond;
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        final long now = System.nanoTime();
        if (now - windowStartNs >= TimeUnit.SECONDS.toNanos(1))
        {
            windowStartNs = now;
            printedInWindow = 0;
        }
        if (printedInWindow >= maxPerSecond)
        {
            notShown++;
            return;
        }
        printedInWindow++;
        out.println(format(alert.json()) + (notShown > 0 ? "   (+" + notShown + " more not shown)" : ""));
        notShown = 0;
    }

    /**
     * @param json an alert JSON line.
     * @return a one-line summary: ALERT, AMEND (an amended alert) or RETRACT (a retraction), severity, rule, key,
     * trigger, time, the out-of-order event that caused an amendment or retraction, details.
     */
    static String format(final String json)
    {
        try
        {
            final JsonNode a = JSON.readTree(json);
            final StringBuilder sb = new StringBuilder(160);
            final String status = a.path("status").asText("");
            sb.append("retracted".equals(status) ? "RETRACT " : "amended".equals(status) ? "AMEND " : "ALERT ")
                .append(pad(a.path("severity").asText().toUpperCase(java.util.Locale.ROOT), 8))
                .append(' ').append(pad(a.path("rule").asText(), 20))
                .append(' ').append(a.path("key_type").asText()).append('=').append(a.path("key").asText())
                .append("  tx=").append(a.path("tx_id").asText())
                .append("  ").append(a.path("event_time").asText());
            if (!status.isEmpty())
            {
                sb.append("  (out-of-order tx=").append(a.path("cause_tx_id").asText()).append(')');
            }
            final Iterator<Map.Entry<String, JsonNode>> details = a.path("details").fields();
            while (details.hasNext())
            {
                final Map.Entry<String, JsonNode> d = details.next();
                if (d.getValue().isArray())
                {
                    sb.append("  ").append(d.getKey()).append("=[").append(d.getValue().size()).append(']');
                }
                else
                {
                    sb.append("  ").append(d.getKey()).append('=').append(d.getValue().asText());
                }
            }
            return sb.toString();
        }
        catch (final IOException ex)
        {
            return "ALERT " + json;
        }
    }

    private static String pad(final String s, final int width)
    {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    @Override
    public void onIdle()
    {
        out.flush();
    }

    @Override
    public void close()
    {
        if (notShown > 0)
        {
            out.println("      (+" + notShown + " more alerts not shown)");
        }
        out.flush();
    }
}
