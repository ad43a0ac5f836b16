package io.vigil.rules.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the pattern part of a rule: a window (with its {@code when}), a sequence (with its
 * {@code within}) or an absence.
 */
final class PatternParser
{
    /** Most windows one event of a hopping window belongs to (size / advance). */
    static final int MAX_HOPS = io.vigil.rules.window.WindowSpec.MAX_WINDOWS_PER_EVENT;

    private static final List<String> WINDOW_KEYS = List.of("type", "size", "advance", "gap", "fire", "lateness");
    private static final List<String> WINDOW_TYPES = List.of("sliding", "tumbling", "hopping", "session");
    private static final List<String> FIRE_MODES = List.of("early", "on-close", "early-and-on-close");
    private static final List<String> STEP_KEYS = List.of("as", "filter", "times", "event");
    private static final List<String> ABSENCE_KEYS = List.of("first", "then", "within");
    private static final List<String> ABSENCE_STEP_KEYS = List.of("as", "filter");
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,31}");

    private final ValueReader values;

    PatternParser(final ValueReader values)
    {
        this.values = values;
    }

    /**
     * @param entry the rule's {@code window} entry.
     * @param when  the rule's {@code when} entry, or null.
     * @return the window, or null after errors.
     */
    WindowSpec window(final YamlNode.Entry entry, final YamlNode.Entry when)
    {
        final int errors = errorCount();
        ExprSource condition = null;
        if (when == null)
        {
            values.error(entry.keyPos(), "a window needs a condition: expected when: beside it, such as " +
                "when: count() >= 5");
        }
        else
        {
            condition = values.expression(when.value(), "a condition such as count() >= 5");
        }
        if (condition != null)
        {
            values.addSite(new ExprSite(condition, true, firesAs(entry.value()) != FireMode.EARLY,
                typeAs(entry.value())));
        }
        final YamlNode.Mapping w = values.mapping(entry.value(), "a window such as { type: sliding, size: 60s }");
        if (w == null)
        {
            return null;
        }
        values.checkKeys(w, "window", WINDOW_KEYS);
        if (w.get("type") == null)
        {
            values.error(w.pos(), "window: missing required key 'type' (sliding, tumbling, hopping or session)");
            return null;
        }
        final WindowType type = values.choice(w.value("type"), "window type", WINDOW_TYPES, WindowType::fromWireName);
        if (type == null)
        {
            return null;
        }
        final String name = "a " + type.wireName() + " window";
        final YamlNode.Entry sizeEntry = w.get("size");
        final YamlNode.Entry advanceEntry = w.get("advance");
        final YamlNode.Entry gapEntry = w.get("gap");
        Long sizeMs = null;
        Long advanceMs = null;
        Long gapMs = null;
        if (type == WindowType.SESSION)
        {
            notFor(sizeEntry, "size applies to sliding, tumbling and hopping windows: a session lasts while events " +
                "come less than gap apart");
            gapMs = requiredDuration(w, gapEntry, name + " needs a gap: add gap: 30m (the quiet time that ends a " +
                "session)");
        }
        else
        {
            sizeMs = requiredDuration(w, sizeEntry, name + " needs a size: add size: 60s");
            notFor(gapEntry, "gap applies only to a session window");
        }
        if (type == WindowType.HOPPING)
        {
            advanceMs = requiredDuration(w, advanceEntry, name + " needs an advance: add advance: 1m (how far " +
                "each window starts after the one before)");
        }
        else
        {
            notFor(advanceEntry, "advance applies only to a hopping window: " + (type == WindowType.TUMBLING ?
                "a tumbling window advances by its size" : type == WindowType.SLIDING ?
                "a sliding window moves with every event" : "a session window starts with its first event"));
        }
        if (sizeMs != null && advanceMs != null && advanceMs > sizeMs)
        {
            values.error(advanceEntry.value().pos(), "window size " + Durations.format(sizeMs) + " is smaller than " +
                "its advance " + Durations.format(advanceMs) + ": expected advance <= size, or events between " +
                "windows are never counted");
        }
        else if (sizeMs != null && advanceMs != null && advanceMs > 0 &&
            (sizeMs % advanceMs != 0 || sizeMs / advanceMs > MAX_HOPS))
        {
            values.error(advanceEntry.value().pos(), "hopping window of size " + Durations.format(sizeMs) +
                " and advance " + Durations.format(advanceMs) + ": expected a size that is a whole multiple of " +
                "the advance, at most " + MAX_HOPS + " times it (each event belongs to size/advance windows)");
        }
        final YamlNode.Entry latenessEntry = w.get("lateness");
        final Long latenessMs = latenessEntry == null ? Long.valueOf(0) : values.duration(latenessEntry.value(), true);
        final FireMode fire = fire(w, type);
        if (errorCount() != errors || fire == null || latenessMs == null)
        {
            return null;
        }
        final long size = sizeMs == null ? 0 : sizeMs;
        final long advance = type == WindowType.HOPPING ? advanceMs : type == WindowType.TUMBLING ? size : 0;
        return new WindowSpec(type, size, advance, gapMs == null ? 0 : gapMs, latenessMs, fire, condition, w.pos());
    }

    /**
     * @param entry  the rule's {@code sequence} entry.
     * @param within the rule's {@code within} entry, or null.
     * @return the sequence, or null after errors.
     */
    SequenceSpec sequence(final YamlNode.Entry entry, final YamlNode.Entry within)
    {
        final int errors = errorCount();
        Long withinMs = null;
        if (within == null)
        {
            values.error(entry.keyPos(), "a sequence needs a time bound: add within: 10m");
        }
        else
        {
            withinMs = values.duration(within.value(), false);
        }
        final YamlNode.Sequence list = values.sequence(entry.value(),
            "a list of steps such as - { as: probe, filter: amount < 2.00, times: 3+ }");
        final List<StepSpec> steps = new ArrayList<>();
        if (list != null)
        {
            if (list.items().size() < 2)
            {
                values.error(list.pos(), "a sequence needs at least 2 steps, found " + list.items().size() +
                    " (for one kind of event, use a window with count())");
            }
            final Map<String, SourcePos> names = new HashMap<>();
            for (final YamlNode item : list.items())
            {
                steps.add(step(item, names, true, "a sequence step", null));
            }
        }
        return errorCount() == errors ? new SequenceSpec(steps, withinMs, entry.value().pos()) : null;
    }

    /**
     * @param entry the rule's {@code absence} entry.
     * @return the absence, or null after errors.
     */
    AbsenceSpec absence(final YamlNode.Entry entry)
    {
        final int errors = errorCount();
        final YamlNode.Mapping a = values.mapping(entry.value(),
            "an absence such as { first: { as: opened, filter: ... }, then: { as: confirmed, filter: ... }, " +
            "within: 1h }");
        if (a == null)
        {
            return null;
        }
        values.checkKeys(a, "absence", ABSENCE_KEYS);
        final Map<String, SourcePos> names = new HashMap<>();
        StepSpec first = null;
        StepSpec then = null;
        Long withinMs = null;
        if (a.get("first") == null)
        {
            values.error(a.pos(), "absence: missing required key 'first' (the event that starts the wait)");
        }
        else
        {
            first = step(a.value("first"), names, false, "absence first", "first");
        }
        if (a.get("then") == null)
        {
            values.error(a.pos(), "absence: missing required key 'then' (the event whose absence fires the rule)");
        }
        else
        {
            then = step(a.value("then"), names, false, "absence then", "then");
        }
        if (a.get("within") == null)
        {
            values.error(a.pos(), "an absence needs a time bound: add within: 1h inside absence");
        }
        else
        {
            withinMs = values.duration(a.value("within"), false);
        }
        return errorCount() == errors ? new AbsenceSpec(first, then, withinMs, a.pos()) : null;
    }

    private StepSpec step(final YamlNode node, final Map<String, SourcePos> names, final boolean allowTimes,
        final String where, final String defaultName)
    {
        final YamlNode.Mapping s = values.mapping(node, allowTimes ?
            "a step such as { as: probe, filter: amount < 2.00, times: 3+ }" : "a step such as { as: opened, " +
            "filter: status == \"approved\" }");
        if (s == null)
        {
            return null;
        }
        values.checkKeys(s, where, allowTimes ? STEP_KEYS : ABSENCE_STEP_KEYS);
        String name = defaultName;
        SourcePos namePos = s.pos();
        if (s.get("as") == null && defaultName == null)
        {
            values.error(s.pos(), where + ": missing required key 'as' (the step's name, such as as: probe)");
        }
        else if (s.get("as") != null)
        {
            namePos = s.value("as").pos();
            name = values.text(s.value("as"), "a step name such as probe");
            if (name != null && !STEP_NAME.matcher(name).matches())
            {
                values.error(namePos, "bad step name '" + name + "': expected letters, digits, '_' or '-', " +
                    "starting with a letter or '_', at most 32 characters");
                name = null;
            }
        }
        if (name != null)
        {
            final SourcePos previous = names.putIfAbsent(name, namePos);
            if (previous != null)
            {
                values.error(namePos, "duplicate step name '" + name + "': expected names unique in the pattern, " +
                    "found it already at " + previous);
            }
        }
        final ExprSource filter = s.get("filter") == null ? null :
            values.filter(s.value("filter"), "a filter expression such as amount < 2.00");
        int[] times = {1, 0};
        if (allowTimes && s.get("times") != null)
        {
            times = values.times(s.value("times"));
        }
        io.vigil.core.event.EventKind event = io.vigil.core.event.EventKind.TRANSACTION;
        if (allowTimes && s.get("event") != null)
        {
            final String kind = values.text(s.value("event"), "an event kind such as account_event");
            event = kind == null ? null : io.vigil.core.event.EventKind.fromWireName(kind);
            if (kind != null && (event == null || !kind.equals(event.wireName())))
            {
                final List<String> kinds = new java.util.ArrayList<>();
                for (final io.vigil.core.event.EventKind k : io.vigil.core.event.EventKind.values())
                {
                    kinds.add(k.wireName());
                }
                values.error(s.value("event").pos(), "unknown event kind '" + kind + "': expected one of " +
                    String.join(", ", kinds));
                event = null;
            }
        }
        return name == null || times == null || event == null ? null :
            new StepSpec(name, filter, times[0], times[1] == 1, s.pos(), event);
    }

    /**
     * @param window a window's value, valid or not.
     * @return its type's name as far as can be told, without reporting anything; null when it has no known type.
     */
    private static String typeAs(final YamlNode window)
    {
        if (!(window instanceof YamlNode.Mapping))
        {
            return null;
        }
        final YamlNode type = ((YamlNode.Mapping)window).value("type");
        final WindowType windowType = type instanceof YamlNode.Scalar ?
            WindowType.fromWireName(((YamlNode.Scalar)type).text()) : null;
        return windowType == null ? null : windowType.wireName();
    }

    /**
     * @param window a window's value, valid or not.
     * @return how it fires as far as can be told, without reporting anything: its fire mode, else its type's
     * default, else early.
     */
    private static FireMode firesAs(final YamlNode window)
    {
        if (!(window instanceof YamlNode.Mapping))
        {
            return FireMode.EARLY;
        }
        final YamlNode type = ((YamlNode.Mapping)window).value("type");
        final YamlNode fire = ((YamlNode.Mapping)window).value("fire");
        final FireMode mode = fire instanceof YamlNode.Scalar ?
            FireMode.fromWireName(((YamlNode.Scalar)fire).text()) : null;
        if (mode != null)
        {
            return mode;
        }
        final WindowType windowType = type instanceof YamlNode.Scalar ?
            WindowType.fromWireName(((YamlNode.Scalar)type).text()) : null;
        return windowType == null || windowType == WindowType.SLIDING ? FireMode.EARLY : FireMode.ON_CLOSE;
    }

    private FireMode fire(final YamlNode.Mapping w, final WindowType type)
    {
        final YamlNode.Entry entry = w.get("fire");
        if (entry == null)
        {
            return type == WindowType.SLIDING ? FireMode.EARLY : FireMode.ON_CLOSE;
        }
        final FireMode fire = values.choice(entry.value(), "fire mode", FIRE_MODES, FireMode::fromWireName);
        if (fire != null && fire != FireMode.EARLY && type == WindowType.SLIDING)
        {
            values.error(entry.value().pos(), "a sliding window fires early only, on the event that makes when " +
                "true: expected fire: early, found " + fire.wireName() + " (a tumbling or hopping window can fire " +
                "on close)");
            return null;
        }
        return fire;
    }

    private Long requiredDuration(final YamlNode.Mapping w, final YamlNode.Entry entry, final String missing)
    {
        if (entry == null)
        {
            values.error(w.pos(), missing);
            return null;
        }
        return values.duration(entry.value(), false);
    }

    private void notFor(final YamlNode.Entry entry, final String message)
    {
        if (entry != null)
        {
            values.error(entry.keyPos(), message);
        }
    }

    private int errorCount()
    {
        return values.errorCount();
    }
}
