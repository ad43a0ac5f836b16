package io.vigil.rules;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.rules.lang.CompiledAbsence;
import io.vigil.rules.lang.CompiledRuleFile;
import io.vigil.rules.lang.CompiledRuleSpec;
import io.vigil.rules.lang.CompiledSequence;
import io.vigil.rules.lang.CompiledStep;
import io.vigil.rules.lang.CompiledWindow;
import io.vigil.rules.lang.RulesCheck;
import io.vigil.rules.pattern.AbsenceRule;
import io.vigil.rules.pattern.SequenceStep;
import io.vigil.rules.pattern.StepSequenceRule;
import io.vigil.rules.window.FireMode;
import io.vigil.rules.window.WindowRule;
import io.vigil.rules.window.WindowSpec;
import io.vigil.rules.window.WindowType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule file turned into runnable rules: parsed and checked ({@link RulesCheck}), each rule compiled to its
 * runtime class (a {@link WindowRule}, a {@link StepSequenceRule} or an {@link AbsenceRule}), with the file's
 * text kept for the journal. A file with any error gives no rule set at all: the exception lists every error
 * as {@code FILE:LINE:COLUMN: message}, so a bad file never replaces running rules.
 * <p>
 * Immutable; the rules are shared by every shard, each keeping its own per-key state.
 */
public final class RuleSet
{
    /** Classpath location of the default card pack. */
    public static final String DEFAULT_PACK = "/io/vigil/rules/packs/cards.yaml";

    private final String name;
    private final String source;
    private final List<CompiledRule> rules;
    private final List<RuleRef> refs;
    private final List<CompiledRuleSpec> specs;

    private RuleSet(final String name, final String source, final List<CompiledRuleSpec> specs)
    {
        this.name = name;
        this.source = source;
        this.specs = List.copyOf(specs);
        final List<CompiledRule> compiled = new ArrayList<>();
        final List<RuleRef> r = new ArrayList<>();
        for (final CompiledRuleSpec spec : specs)
        {
            compiled.add(new DefinedRule(runtime(spec), definition(spec), eventKinds(spec)));
            r.add(spec.ref());
        }
        this.rules = List.copyOf(compiled);
        this.refs = List.copyOf(r);
    }

    /**
     * @param name   where the text came from (a path), for messages.
     * @param source the rule file's text.
     * @return the rule set.
     * @throws IllegalArgumentException listing every error, one per line.
     */
    public static RuleSet fromSource(final String name, final String source)
    {
        final CompiledRuleFile file = RulesCheck.load(name, source);
        return new RuleSet(name, source, file.requireValid());
    }

    /**
     * @param path a rule file.
     * @return the rule set.
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException listing every error.
     */
    public static RuleSet load(final Path path) throws IOException
    {
        return fromSource(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** @return the default card pack, {@value #DEFAULT_PACK}. */
    public static RuleSet defaultPack()
    {
        try (InputStream in = RuleSet.class.getResourceAsStream(DEFAULT_PACK))
        {
            if (in == null)
            {
                throw new IllegalStateException("default rule pack missing from the classpath: " + DEFAULT_PACK);
            }
            return fromSource("cards.yaml (default pack)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read the default rule pack", ex);
        }
    }

    /** @return where the rules came from. */
    public String name()
    {
        return name;
    }

    /** @return the rule file's text, as journaled with a rule change. */
    public String source()
    {
        return source;
    }

    /** @return the runnable rules, in file order. */
    public List<CompiledRule> rules()
    {
        return rules;
    }

    /** @return the rules' identities, indexed by ordinal. */
    public List<RuleRef> ruleRefs()
    {
        return refs;
    }

    /** @return the compiled specs (description, tags, filter text), in file order. */
    public List<CompiledRuleSpec> specs()
    {
        return specs;
    }

    /** @return a factory of shard programs running these rules, with no out-of-order retention. */
    public ShardProgramFactory factory()
    {
        return new RuleProgramFactory(rules);
    }

    /**
     * @param outOfOrderBoundMs how far behind the newest event an event may arrive and still be on time.
     * @return a factory of shard programs running these rules.
     */
    public ShardProgramFactory factory(final long outOfOrderBoundMs)
    {
        return new RuleProgramFactory(rules, outOfOrderBoundMs);
    }

    /**
     * @param outOfOrderBoundMs how far behind the newest event an event may arrive and still be on time.
     * @param tableLimits       row caps of each shard's tables (card profiles, accounts, merchants, lists).
     * @return a factory of shard programs running these rules.
     */
    public ShardProgramFactory factory(final long outOfOrderBoundMs, final io.vigil.rules.table.TableLimits tableLimits)
    {
        return new RuleProgramFactory(rules, outOfOrderBoundMs, tableLimits);
    }

    private static CompiledRule runtime(final CompiledRuleSpec spec)
    {
        final CompiledWindow window = spec.window();
        if (window != null)
        {
            final WindowSpec ws;
            switch (window.type())
            {
                case SLIDING:
                    ws = new WindowSpec(WindowType.SLIDING, window.sizeMs(), 0, 0);
                    break;
                case TUMBLING:
                    ws = new WindowSpec(WindowType.TUMBLING, window.sizeMs(), window.sizeMs(), 0);
                    break;
                case HOPPING:
                    ws = new WindowSpec(WindowType.HOPPING, window.sizeMs(), window.advanceMs(), 0);
                    break;
                default:
                    ws = new WindowSpec(WindowType.SESSION, 0, 0, window.gapMs());
                    break;
            }
            final FireMode fire = window.fire() == io.vigil.rules.lang.FireMode.EARLY ? FireMode.EARLY :
                window.fire() == io.vigil.rules.lang.FireMode.ON_CLOSE ? FireMode.ON_CLOSE :
                FireMode.EARLY_AND_ON_CLOSE;
            return new WindowRule(spec.ref(), spec.filter(), ws, window.aggregates(), window.condition(), fire,
                spec.cooldownMs(), window.latenessMs());
        }
        final CompiledSequence sequence = spec.sequence();
        if (sequence != null)
        {
            final List<SequenceStep> steps = new ArrayList<>();
            for (final CompiledStep step : sequence.steps())
            {
                steps.add(new SequenceStep(step.name(), step.predicate(), step.minTimes(), step.orMore()));
            }
            return new StepSequenceRule(spec.ref(), spec.filter(), steps, sequence.withinMs(), spec.cooldownMs());
        }
        final CompiledAbsence absence = spec.absence();
        return new AbsenceRule(spec.ref(), spec.filter(), absence.firstName(), absence.first(), absence.thenName(),
            absence.then(), absence.withinMs(), spec.cooldownMs());
    }

    /** @return the event kinds a rule reads: transactions, plus the kinds its sequence steps name. */
    private static int eventKinds(final CompiledRuleSpec spec)
    {
        int kinds = EventKinds.TRANSACTIONS;
        if (spec.sequence() != null)
        {
            for (final CompiledStep step : spec.sequence().steps())
            {
                kinds |= 1 << step.event().code();
            }
        }
        return kinds;
    }

    private static String definition(final CompiledRuleSpec spec)
    {
        final StringBuilder sb = new StringBuilder(128);
        sb.append(spec.ref().id()).append('@').append(spec.ref().version()).append(' ')
            .append(spec.keyType().wireName()).append(" filter[").append(spec.filterText()).append("] ");
        final CompiledWindow w = spec.window();
        if (w != null)
        {
            sb.append("window ").append(w.type().wireName()).append(' ').append(w.sizeMs()).append('/')
                .append(w.advanceMs()).append('/').append(w.gapMs()).append(" lateness ").append(w.latenessMs()).append(' ').append(w.fire().wireName())
                .append(" when[").append(w.whenText()).append(']');
        }
        else if (spec.sequence() != null)
        {
            sb.append("sequence within ").append(spec.sequence().withinMs());
            for (final CompiledStep s : spec.sequence().steps())
            {
                sb.append(" {").append(s.name()).append(' ').append(s.minTimes()).append(s.orMore() ? "+" : "")
                    .append(s.event() == io.vigil.core.event.EventKind.TRANSACTION ? "" : " " + s.event().wireName())
                    .append(" [").append(s.filterText()).append("]}");
            }
        }
        else
        {
            final CompiledAbsence a = spec.absence();
            sb.append("absence ").append(a.firstName()).append(" then ").append(a.thenName()).append(" within ")
                .append(a.withinMs());
        }
        return sb.append(" cooldown ").append(spec.cooldownMs()).toString();
    }
}
