package io.vigil.ops.service;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.engine.Engine;
import io.vigil.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The rules the service runs, and the one way to change them: a rule file is checked and compiled first (a
 * file with any error changes nothing, and the errors come back as {@code LINE:COLUMN: message}), then the
 * change goes through the journal ({@link Engine#changeProgram}), so replay sees it at the same position.
 * <p>
 * Thread contract: any thread; changes are serialised.
 */
final class RuleRegistry
{
    private static final Logger LOG = LoggerFactory.getLogger(RuleRegistry.class);

    /** The outcome of a change: the new version, or the errors that refused it. */
    static final class Change
    {
        final long version;
        final List<String> errors;

        Change(final long version, final List<String> errors)
        {
            this.version = version;
            this.errors = errors;
        }
    }

    private final long outOfOrderMs;
    private final io.vigil.rules.table.TableLimits tableLimits;
    private final io.vigil.rules.table.TableFigures tableFigures;
    private volatile RuleSet current;
    private volatile long version;
    private Engine engine;
    private io.vigil.ops.delivery.OutboxAlertSink outboxSink;
    private volatile java.util.function.Consumer<RuleSet> listener;

    RuleRegistry(final RuleSet initial, final long outOfOrderMs, final io.vigil.rules.table.TableLimits tableLimits,
        final io.vigil.rules.table.TableFigures tableFigures)
    {
        this.current = initial;
        this.outOfOrderMs = outOfOrderMs;
        this.tableLimits = tableLimits;
        this.tableFigures = tableFigures;
    }

    /**
     * @param listener told of every change applied (after the service's engine journaled it), on the thread that
     *                 made it: the Kafka source passes it on to every partition's engine.
     */
    void onChange(final java.util.function.Consumer<RuleSet> listener)
    {
        this.listener = listener;
    }

    void attach(final Engine engine, final io.vigil.ops.delivery.OutboxAlertSink outboxSink)
    {
        this.engine = engine;
        this.outboxSink = outboxSink;
    }

    /**
     * Records the rules the engine runs after recovery ({@link EngineHost#rules()}) and their version (the
     * engine's count of rule-set changes made or replayed in this process), and routes delivery by them. Call
     * after {@link #attach}.
     *
     * @param running the running rules.
     * @param version the engine's rule-set version after recovery.
     */
    void recovered(final RuleSet running, final long version)
    {
        this.current = running;
        this.version = version;
        if (outboxSink != null && running != null)
        {
            outboxSink.routes(io.vigil.ops.delivery.AlertRoutes.of(running));
        }
    }

    RuleSet current()
    {
        return current;
    }

    /**
     * Checks, compiles and applies a rule file through the journal; waits until the change is journaled.
     *
     * @param name   where the text came from, for messages.
     * @param source the rule file's text.
     * @return the new version, or the errors (and nothing changed).
     */
    synchronized Change apply(final String name, final String source)
    {
        final RuleSet rules;
        try
        {
            rules = RuleSet.fromSource(name, source);
        }
        catch (final IllegalArgumentException ex)
        {
            final List<String> errors = new ArrayList<>();
            for (final String line : ex.getMessage().split("\n"))
            {
                if (line.matches("^.*:\\d+:\\d+: .*"))
                {
                    errors.add(line);
                }
            }
            LOG.info("event=rules_refused source={} errors={}", name, errors.size());
            return new Change(-1, errors);
        }
        final long v = engine.changeProgram(source.getBytes(StandardCharsets.UTF_8), rules.factory(outOfOrderMs, tableLimits,
            tableFigures));
        final long target = engine.published() - 1;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.journaledSequence() < target && System.nanoTime() < deadline && engine.failure() == null)
        {
            LockSupport.parkNanos(100_000);
        }
        current = rules;
        version = v;
        if (outboxSink != null)
        {
            // the outbox routes by rule ordinal: alerts already past the change carry the new rules' ordinals
            outboxSink.routes(io.vigil.ops.delivery.AlertRoutes.of(rules));
        }
        LOG.info("event=rules_changed source={} version={} rules={}", name, v, rules.ruleRefs().size());
        final java.util.function.Consumer<RuleSet> l = listener;
        if (l != null)
        {
            l.accept(rules);
        }
        return new Change(v, List.of());
    }

    /** @return the running rules as JSON: version, each rule's identity, and the file's text. */
    Map<String, Object> describe()
    {
        final RuleSet rules = current;
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", version);
        out.put("name", rules.name());
        final List<Object> list = new ArrayList<>();
        for (final RuleRef ref : rules.ruleRefs())
        {
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", ref.id());
            r.put("version", ref.version());
            r.put("key", ref.keyType().wireName());
            r.put("severity", ref.severity().toString().toLowerCase(java.util.Locale.ROOT));
            list.add(r);
        }
        out.put("rules", list);
        out.put("source", rules.source());
        return out;
    }
}
