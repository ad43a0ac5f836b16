package io.vigil.rules.lang;

import java.util.StringJoiner;

/**
 * One-line descriptions of compiled rules, for {@code vigil rules check} and start-up logs.
 */
public final class RuleSummary
{
    private RuleSummary()
    {
    }

    /**
     * @param rule a compiled rule.
     * @return e.g. {@code card-velocity-60s v1 high by card: sliding 60s window, when count() >= 5;
     * filter status == "approved"; cooldown 5m}.
     */
    public static String of(final CompiledRuleSpec rule)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(rule.ref().id()).append(" v").append(rule.ref().version()).append(' ')
            .append(rule.ref().severity().wireName()).append(" by ").append(rule.keyType().wireName()).append(": ")
            .append(pattern(rule.pattern()));
        if (!"true".equals(rule.filterText()))
        {
            sb.append("; filter ").append(rule.filterText());
        }
        if (rule.cooldownMs() > 0)
        {
            sb.append("; cooldown ").append(Durations.format(rule.cooldownMs()));
        }
        return sb.toString();
    }

    private static String pattern(final CompiledPattern pattern)
    {
        if (pattern instanceof CompiledWindow)
        {
            final CompiledWindow w = (CompiledWindow)pattern;
            final String shape;
            switch (w.type())
            {
                case HOPPING:
                    shape = Durations.format(w.sizeMs()) + " hopping window every " + Durations.format(w.advanceMs());
                    break;
                case SESSION:
                    shape = "session window (gap " + Durations.format(w.gapMs()) + ")";
                    break;
                default:
                    shape = Durations.format(w.sizeMs()) + " " + w.type().wireName() + " window";
                    break;
            }
            return shape + (w.type() == WindowType.SLIDING ? "" : ", fires " + w.fire().wireName()) + ", when " +
                w.whenText();
        }
        if (pattern instanceof CompiledSequence)
        {
            final CompiledSequence s = (CompiledSequence)pattern;
            final StringJoiner steps = new StringJoiner(" then ", "sequence ", "");
            for (final CompiledStep step : s.steps())
            {
                steps.add(step.name() + (step.minTimes() > 1 || step.orMore() ?
                    " x" + step.minTimes() + (step.orMore() ? "+" : "") : ""));
            }
            return steps + " within " + Durations.format(s.withinMs());
        }
        final CompiledAbsence a = (CompiledAbsence)pattern;
        return "absence: " + a.firstName() + " not followed by " + a.thenName() + " within " +
            Durations.format(a.withinMs());
    }
}
