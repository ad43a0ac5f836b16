package io.vigil.ops.service;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The alert feed of the running service: counts alerts per rule id (rule ids stay right across rule
 * changes, unlike ordinals) and keeps the latest {@value #KEPT} alerts' JSON for the dashboard's feed and
 * {@code /v1/stream}. It builds one String per alert: alerts are a small fraction of events, and the per-event
 * path never reaches here.
 * <p>
 * Thread contract: {@link #onAlert} from the alert collector thread; readers from any thread.
 */
public final class LiveAlerts implements AlertSink
{
    /** Alerts kept for readers that join late. */
    static final int KEPT = 200;

    private final Map<String, LongAdder> perRule = new ConcurrentHashMap<>();
    private final String[] latest = new String[KEPT];
    private final AtomicLong count = new AtomicLong();

    @Override
    public void onAlert(final AlertView alert)
    {
        final String json = alert.json();
        perRule.computeIfAbsent(ruleOf(json), r -> new LongAdder()).increment();
        synchronized (latest)
        {
            latest[(int)(count.get() % KEPT)] = json;
            count.incrementAndGet();
        }
    }

    /** @return the rule id of an alert's JSON, which starts with its id and then its rule. */
    static String ruleOf(final String json)
    {
        final int at = json.indexOf("\"rule\":\"");
        if (at < 0)
        {
            return "unknown";
        }
        final int from = at + 8;
        final int to = json.indexOf('"', from);
        return to < 0 ? "unknown" : json.substring(from, to);
    }

    /** @return alerts per rule id, sorted by id. */
    public Map<String, Long> perRule()
    {
        final Map<String, Long> out = new TreeMap<>();
        perRule.forEach((rule, n) -> out.put(rule, n.sum()));
        return out;
    }

    /** @return alerts seen since start: also the sequence number the next alert will get. */
    public long count()
    {
        return count.get();
    }

    /**
     * @param after a sequence number from an earlier call ({@link #count()}); 0 for all kept.
     * @return the alerts with sequence number &gt;= {@code after} still kept, oldest first.
     */
    public List<String> since(final long after)
    {
        synchronized (latest)
        {
            final long end = count.get();
            final long from = Math.max(after, end - KEPT);
            final List<String> out = new ArrayList<>((int)Math.max(0, end - from));
            for (long i = from; i < end; i++)
            {
                out.add(latest[(int)(i % KEPT)]);
            }
            return out;
        }
    }
}
