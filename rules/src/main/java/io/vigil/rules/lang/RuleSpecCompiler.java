package io.vigil.rules.lang;

import io.vigil.core.alert.RuleRef;
import io.vigil.rules.expr.CompiledCondition;
import io.vigil.rules.expr.CompiledFilter;
import io.vigil.rules.expr.TxPredicate;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles the expressions of a {@link RuleFileSpec}'s rules (filters, step filters, window conditions) into
 * evaluators, moving each expression error to its place in the file, and builds a {@link CompiledRuleSpec} per
 * rule that has no error. Stateless and thread-safe.
 */
public final class RuleSpecCompiler
{
    private final Diagnostics diagnostics;
    /** The key type of the rule being compiled: card-only table fields are errors in other rules. */
    private io.vigil.core.event.KeyType ruleKey;

    private RuleSpecCompiler(final String file)
    {
        this.diagnostics = new Diagnostics(file);
    }

    /**
     * @param spec a parsed rule file.
     * @return its compiled rules, and its parse and compile errors in file order.
     */
    public static CompiledRuleFile compile(final RuleFileSpec spec)
    {
        final RuleSpecCompiler compiler = new RuleSpecCompiler(spec.file());
        compiler.diagnostics.errors().addAll(spec.errors());
        final List<CompiledRuleSpec> rules = new ArrayList<>();
        for (final RuleSpec rule : spec.rules())
        {
            final CompiledRuleSpec compiled = compiler.rule(rule);
            if (compiled != null)
            {
                rules.add(compiled);
            }
        }
        final List<RuleError> sorted = new ArrayList<>(compiler.diagnostics.errors());
        sorted.sort(RuleError.BY_POSITION);
        return new CompiledRuleFile(spec.file(), rules, sorted);
    }

    private CompiledRuleSpec rule(final RuleSpec rule)
    {
        final int before = diagnostics.count();
        ruleKey = rule.keyType();
        final CompiledFilter filter = filter(rule.filter());
        final CompiledPattern pattern;
        if (rule.window() != null)
        {
            pattern = window(rule.window());
        }
        else if (rule.sequence() != null)
        {
            pattern = sequence(rule.sequence());
        }
        else
        {
            pattern = absence(rule.absence());
        }
        if (diagnostics.count() != before)
        {
            return null;
        }
        final RuleRef ref = new RuleRef(rule.ordinal(), rule.id(), rule.version(), rule.severity(), rule.keyType());
        return new CompiledRuleSpec(ref, rule.keyType(), filter.predicate(), filter.text(), pattern,
            rule.cooldownMs(), rule.tags(), rule.description());
    }

    private CompiledWindow window(final WindowSpec window)
    {
        final boolean onClose = window.fire() != FireMode.EARLY;
        final CompiledCondition when = new ExprSite(window.when(), true, onClose, window.type().wireName(), ruleKey)
            .compileCondition(diagnostics);
        return when.ok() ? new CompiledWindow(window.type(), window.sizeMs(), window.advanceMs(), window.gapMs(),
            window.latenessMs(), window.fire(), when.condition(), when.aggregates(), when.text()) : null;
    }

    private CompiledSequence sequence(final SequenceSpec sequence)
    {
        final List<CompiledStep> steps = new ArrayList<>();
        for (final StepSpec step : sequence.steps())
        {
            final CompiledFilter filter = filter(step.filter());
            final TxPredicate matches = filter.ok() ? filter.predicate() : TxPredicate.ALWAYS;
            final int kindBit = 1 << step.event().code();
            // a step matches only events of its kind: transactions unless it says event: ...
            final TxPredicate ofKind = tx -> io.vigil.rules.EventKinds.bit(tx) == kindBit && matches.test(tx);
            steps.add(new CompiledStep(step.name(), ofKind, step.minTimes(), step.orMore(),
                filter.text() == null ? "" : filter.text(), step.event()));
        }
        return new CompiledSequence(steps, sequence.withinMs());
    }

    private CompiledAbsence absence(final AbsenceSpec absence)
    {
        final CompiledFilter first = filter(absence.first().filter());
        final CompiledFilter then = filter(absence.then().filter());
        return first.ok() && then.ok() ? new CompiledAbsence(absence.first().name(), first.predicate(),
            absence.then().name(), then.predicate(), absence.withinMs()) : null;
    }

    private CompiledFilter filter(final ExprSource source)
    {
        if (source == null)
        {
            return new CompiledFilter(TxPredicate.ALWAYS, "true", List.of());
        }
        return new ExprSite(source, false, false, null, ruleKey).compileFilter(diagnostics);
    }
}
