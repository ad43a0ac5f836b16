package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;

/**
 * A compiled rule with the text it was compiled from: when the rules change while running, a rule whose
 * definition is unchanged keeps its per-key state (see {@link CompiledRule#definition()}). Delegates
 * everything else. Immutable.
 */
final class DefinedRule implements CompiledRule
{
    private final CompiledRule delegate;
    private final String definition;

    private final int eventKinds;

    DefinedRule(final CompiledRule delegate, final String definition)
    {
        this(delegate, definition, delegate.eventKinds());
    }

    DefinedRule(final CompiledRule delegate, final String definition, final int eventKinds)
    {
        this.eventKinds = eventKinds;
        this.delegate = delegate;
        this.definition = definition;
    }

    @Override
    public String definition()
    {
        return definition;
    }

    @Override
    public RuleRef ruleRef()
    {
        return delegate.ruleRef();
    }

    @Override
    public int eventKinds()
    {
        return eventKinds;
    }

    @Override
    public long horizonMs()
    {
        return delegate.horizonMs();
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return delegate.newState(outOfOrderRetentionMs);
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        delegate.onEvent(state, tx, journalIndex, alerts);
    }

    @Override
    public void onTimer(
        final RuleState state, final long dueMs, final long watermarkMs, final long journalIndex,
        final AlertPublisher alerts)
    {
        delegate.onTimer(state, dueMs, watermarkMs, journalIndex, alerts);
    }

    /** @return the wrapped rule. */
    CompiledRule delegate()
    {
        return delegate;
    }
}
