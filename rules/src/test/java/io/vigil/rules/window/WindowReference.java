package io.vigil.rules.window;

import io.vigil.rules.Tx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Brute force for {@link WindowRule} with the eight aggregates of {@link Windows#ALL}, written from the
 * semantics in DESIGN.md and the rule's javadoc and nothing else: every aggregate is recomputed from the list
 * of the key's applied events each time it is needed. Only time is simulated as the engine sees it, because
 * arrival order decides what is late, which event is the first to cross, and the order the cooldown sees
 * alerts in: the watermark is the highest event time minus the out-of-order bound; before an event is
 * applied, its key's windows the watermark including it has passed (end + lateness) close; after it, every
 * key's do.
 */
final class WindowReference
{
    /** A test event: the transaction and its merchant. */
    record Event(Tx tx, String merchant)
    {
        long ts()
        {
            return tx.tsMs();
        }

        String id()
        {
            return tx.id();
        }

        @Override
        public String toString()
        {
            return tx.id() + "@" + (tx.tsMs() - io.vigil.rules.RuleHarness.T0) + " " + tx.card() + " " +
                tx.amountMinor() + (tx.approved() ? "" : " declined") + " " + merchant;
        }
    }

    /** A {@code when} both sides evaluate: the triggering event's amount (null on close) and the aggregates. */
    interface Cond
    {
        boolean test(Long amountMinor, double[] values);
    }

    /**
     * A window rule over {@link Windows#ALL}.
     *
     * @param positiveOnly whether the filter drops events with amount 0.
     */
    record Rule(WindowSpec window, FireMode fire, long cooldownMs, long latenessMs, boolean positiveOnly, Cond when)
    {
    }

    /** What the engine should give: alert and late-record descriptions, and the number of late events. */
    record Result(Set<String> described, long late)
    {
    }

    private static final Comparator<Event> REFERENCE_ORDER = (a, b) -> Tx.compareReference(a.tx, b.tx);

    private final Rule rule;
    private final Set<String> out = new HashSet<>();
    private long late;

    private WindowReference(final Rule rule)
    {
        this.rule = rule;
    }

    static Result run(final Rule rule, final long outOfOrderMs, final List<Event> arrival)
    {
        final WindowReference reference = new WindowReference(rule);
        final Map<String, Key> keys = new TreeMap<>();
        long maxTs = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (final Event e : arrival)
        {
            maxTs = Math.max(maxTs, e.ts());
            if (!rule.positiveOnly || e.tx.amountMinor() > 0)
            {
                final Key key = keys.computeIfAbsent(e.tx.card(), card -> reference.new Key());
                if (watermark != Long.MIN_VALUE && e.ts() < watermark - rule.latenessMs)
                {
                    reference.out.add("late " + e.tx.card() + " " + e.id());
                    reference.late++;
                }
                else
                {
                    key.closeDue(Math.max(watermark, maxTs - outOfOrderMs));
                    key.applied.add(e);
                    key.onEvent(e);
                }
            }
            if (maxTs - outOfOrderMs > watermark)
            {
                watermark = maxTs - outOfOrderMs;
                for (final Key key : keys.values())
                {
                    key.closeDue(watermark);
                }
            }
        }
        for (final Key key : keys.values())
        {
            key.closeDue(Long.MAX_VALUE);
        }
        return new Result(reference.out, reference.late);
    }

    /** count, count(declined), sum, min, max, avg, distinct(merchant), ratio(declined), as the engine defines them. */
    static double[] values(final List<Event> events)
    {
        final int n = events.size();
        final long declined = events.stream().filter(e -> !e.tx.approved()).count();
        final long sum = events.stream().mapToLong(e -> e.tx.amountMinor()).sum();
        final double min = events.stream().mapToLong(e -> e.tx.amountMinor()).min().orElse(0);
        final double max = events.stream().mapToLong(e -> e.tx.amountMinor()).max().orElse(0);
        final long distinct = events.stream().map(Event::merchant).distinct().count();
        return new double[] {n, declined, sum, n == 0 ? Double.NaN : min, n == 0 ? Double.NaN : max,
            n == 0 ? Double.NaN : (double)sum / n, distinct, n == 0 ? Double.NaN : (double)declined / n};
    }

    static String figures(final double[] values)
    {
        final List<String> shown = new ArrayList<>();
        for (final double value : values)
        {
            shown.add(Double.isNaN(value) ? "-" : Windows.decimal(value));
        }
        return String.join(" ", shown);
    }

    /** One key's applied events, open windows, early firings and cooldown. */
    private final class Key
    {
        final List<Event> applied = new ArrayList<>();
        final TreeMap<Long, boolean[]> openAligned = new TreeMap<>();
        final Set<Long> closedAligned = new HashSet<>();
        final Map<Long, Integer> closedSessions = new HashMap<>();
        final Set<String> earlyTriggers = new HashSet<>();
        boolean alerted;
        long lastAlertMs;

        void onEvent(final Event e)
        {
            switch (rule.window.type())
            {
                case SLIDING:
                    final List<Event> window = applied.stream()
                        .filter(x -> REFERENCE_ORDER.compare(x, e) <= 0 && x.ts() > e.ts() - rule.window.sizeMs())
                        .collect(Collectors.toList());
                    final double[] values = values(window);
                    if (rule.when.test(e.tx.amountMinor(), values))
                    {
                        fire(e.ts(), "early " + e.tx.card() + " " + e.id() + " " + figures(values));
                    }
                    break;
                case SESSION:
                    onSessionEvent(e);
                    break;
                default:
                    onAlignedEvent(e);
                    break;
            }
        }

        void onAlignedEvent(final Event e)
        {
            final long size = rule.window.sizeMs();
            final long advance = rule.window.advanceMs();
            Long firedStart = null;
            for (long start = Math.floorDiv(e.ts() - size, advance) * advance; start <= e.ts(); start += advance)
            {
                if (start > e.ts() - size)
                {
                    if (closedAligned.contains(start))
                    {
                        throw new AssertionError("reference: " + e + " falls in a closed window");
                    }
                    final boolean[] fired = openAligned.computeIfAbsent(start, s -> new boolean[1]);
                    if (rule.fire.firesEarly() && !fired[0] &&
                        rule.when.test(e.tx.amountMinor(), values(inWindow(start, start + size))))
                    {
                        fired[0] = true;
                        firedStart = firedStart == null ? start : firedStart;
                    }
                }
            }
            if (firedStart != null)
            {
                fire(e.ts(), "early " + e.tx.card() + " " + e.id() + " " +
                    figures(values(inWindow(firedStart, firedStart + size))) + " @" + firedStart);
            }
        }

        void onSessionEvent(final Event e)
        {
            final List<Event> session = sessions().stream().filter(s -> s.contains(e)).findFirst().orElseThrow();
            final boolean fired = session.stream().anyMatch(x -> earlyTriggers.contains(x.id()));
            final double[] values = values(session);
            if (rule.fire.firesEarly() && !fired && rule.when.test(e.tx.amountMinor(), values))
            {
                earlyTriggers.add(e.id());
                fire(e.ts(),
                    "early " + e.tx.card() + " " + e.id() + " " + figures(values) + " @" + session.get(0).ts());
            }
        }

        void closeDue(final long watermark)
        {
            switch (rule.window.type())
            {
                case SLIDING:
                    break;
                case SESSION:
                    for (final List<Event> session : sessions())
                    {
                        final long start = session.get(0).ts();
                        final long end = session.get(session.size() - 1).ts() + rule.window.gapMs();
                        if (closedSessions.containsKey(start))
                        {
                            if (closedSessions.get(start) != session.size())
                            {
                                throw new AssertionError("reference: the closed session at " + start + " changed");
                            }
                            continue;
                        }
                        if (end + rule.latenessMs > watermark)
                        {
                            break;
                        }
                        close(start, end, session);
                        closedSessions.put(start, session.size());
                    }
                    break;
                default:
                    while (!openAligned.isEmpty())
                    {
                        final long start = openAligned.firstKey();
                        final long end = start + rule.window.sizeMs();
                        if (end + rule.latenessMs > watermark)
                        {
                            break;
                        }
                        close(start, end, inWindow(start, end));
                        openAligned.remove(start);
                        closedAligned.add(start);
                    }
                    break;
            }
        }

        private void close(final long start, final long end, final List<Event> events)
        {
            final double[] values = values(events);
            if (rule.fire.firesOnClose() && rule.when.test(null, values))
            {
                fire(end, "close " + events.get(0).tx.card() + " " + start + ".." + end + " " + figures(values));
            }
        }

        private void fire(final long tsMs, final String description)
        {
            if (alerted && rule.cooldownMs > 0 && tsMs - lastAlertMs < rule.cooldownMs)
            {
                return;
            }
            if (!alerted || tsMs > lastAlertMs)
            {
                lastAlertMs = tsMs;
            }
            alerted = true;
            out.add(description);
        }

        private List<Event> inWindow(final long start, final long end)
        {
            return applied.stream().filter(x -> x.ts() >= start && x.ts() < end).collect(Collectors.toList());
        }

        /** The key's applied events in reference order, split wherever two are the gap or more apart. */
        private List<List<Event>> sessions()
        {
            final List<Event> sorted = new ArrayList<>(applied);
            sorted.sort(REFERENCE_ORDER);
            final List<List<Event>> sessions = new ArrayList<>();
            for (final Event e : sorted)
            {
                final List<Event> last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
                if (last == null || e.ts() - last.get(last.size() - 1).ts() >= rule.window.gapMs())
                {
                    sessions.add(new ArrayList<>());
                }
                sessions.get(sessions.size() - 1).add(e);
            }
            return sessions;
        }
    }
}
