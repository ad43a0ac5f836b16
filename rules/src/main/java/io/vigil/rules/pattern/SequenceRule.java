package io.vigil.rules.pattern;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.AmountPredicate;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleState;
import io.vigil.rules.StatusFilter;
import io.vigil.rules.window.EventRing;

import java.util.Objects;

/**
 * "N or more events matching A, then one matching B, within T", per key. For an accepted event {@code e} at
 * time {@code t} that matches B, the match holds the key's accepted A-events that come before {@code e} in
 * reference order (event time, then transaction id byte-wise) with time in {@code (t − T, t]}; other events
 * may come between. The rule fires on {@code e} when there are at least N of them and the key is not cooling
 * down (see {@link RuleState}). An A-event is not consumed by a match: with a cooldown shorter than T the
 * same A-events may count towards a later B. An event matching both A and B is its own B first, then an A
 * for later events.
 * <p>
 * Alert details, named after the steps ({@code probe} and {@code hit} in the card-testing rule):
 * {@code <a>_count}, {@code <a>_tx_ids} (oldest first, at most {@link #MAX_LISTED_IDS}),
 * {@code <a>_tx_ids_omitted} and {@code <b>_amount} (a decimal string).
 * <p>
 * Ordering: an event that comes before the key's newest in reference order is put in its place and
 * evaluated only against what precedes it; later evaluations it changes are not redone (this Java-built rule
 * keeps arrival-order semantics; the rule language's {@link StepSequenceRule} amends and retracts).
 * <p>
 * Immutable; one instance serves every shard.
 */
public final class SequenceRule implements CompiledRule
{
    /** Most transaction ids an alert lists. */
    public static final int MAX_LISTED_IDS = 32;

    private final RuleRef ruleRef;
    private final StatusFilter filter;
    private final AmountPredicate repeatedStep;
    private final int minRepeats;
    private final AmountPredicate finalStep;
    private final long withinMs;
    private final long cooldownMs;
    private final String repeatedCountName;
    private final String repeatedIdsName;
    private final String repeatedOmittedName;
    private final String finalAmountName;

    /**
     * @param ruleRef            the rule's identity; its key type is the pattern's key.
     * @param filter             which events the rule sees at all.
     * @param repeatedStep       predicate A.
     * @param minRepeats         N, at least 1.
     * @param finalStep          predicate B.
     * @param withinMs           T, ms, > 0: every matched event's time is in (t − T, t].
     * @param cooldownMs         suppression after an alert, ms, >= 0.
     * @param repeatedStepName   name of step A in alert details, such as {@code "probe"}.
     * @param finalStepName      name of step B in alert details, such as {@code "hit"}.
     */
    public SequenceRule(
        final RuleRef ruleRef,
        final StatusFilter filter,
        final AmountPredicate repeatedStep,
        final int minRepeats,
        final AmountPredicate finalStep,
        final long withinMs,
        final long cooldownMs,
        final String repeatedStepName,
        final String finalStepName)
    {
        this.ruleRef = Objects.requireNonNull(ruleRef, "ruleRef");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.repeatedStep = Objects.requireNonNull(repeatedStep, "repeatedStep");
        this.finalStep = Objects.requireNonNull(finalStep, "finalStep");
        if (minRepeats < 1)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": repeats: expected >= 1, found " + minRepeats);
        }
        if (withinMs <= 0)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": within: expected > 0 ms, found " + withinMs);
        }
        if (cooldownMs < 0)
        {
            throw new IllegalArgumentException(ruleRef.id() + ": cooldown: expected >= 0 ms, found " + cooldownMs);
        }
        this.minRepeats = minRepeats;
        this.withinMs = withinMs;
        this.cooldownMs = cooldownMs;
        this.repeatedCountName = Objects.requireNonNull(repeatedStepName, "repeatedStepName") + "_count";
        this.repeatedIdsName = repeatedStepName + "_tx_ids";
        this.repeatedOmittedName = repeatedStepName + "_tx_ids_omitted";
        this.finalAmountName = Objects.requireNonNull(finalStepName, "finalStepName") + "_amount";
    }

    @Override
    public RuleRef ruleRef()
    {
        return ruleRef;
    }

    @Override
    public long horizonMs()
    {
        return Math.max(withinMs, cooldownMs);
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return new SequenceState(withinMs + outOfOrderRetentionMs);
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        if (!filter.accepts(tx))
        {
            return;
        }
        final SequenceState sequence = (SequenceState)state;
        final long tsMs = tx.tsMs();
        sequence.advanceTo(tsMs);
        final EventRing steps = sequence.steps();
        final int index = steps.isInOrder(tx) ? steps.size() : steps.insertionIndex(tx);

        if (finalStep.test(tx))
        {
            final int from = steps.firstAfter(tsMs - withinMs);
            if (index - from >= minRepeats && !sequence.isCoolingDown(tsMs, cooldownMs))
            {
                sequence.onAlert(tsMs);
                alerts.begin(ruleRef, tx, journalIndex).detail(repeatedCountName, index - from);
                steps.putIds(alerts, repeatedIdsName, repeatedOmittedName, from, index, MAX_LISTED_IDS)
                    .detailAmount(finalAmountName, tx.amountMinor(), tx.currencyExponent())
                    .publish();
            }
        }

        if (repeatedStep.test(tx))
        {
            if (steps.isAtMaxCapacity())
            {
                steps.removeOldest();
                steps.insert(Math.max(index - 1, 0), tx);
            }
            else
            {
                steps.insert(index, tx);
            }
        }
    }

    /** @return T, ms. */
    public long withinMs()
    {
        return withinMs;
    }

    /** @return cooldown, ms. */
    public long cooldownMs()
    {
        return cooldownMs;
    }

    @Override
    public String toString()
    {
        return ruleRef + ": " + minRepeats + "+ x (" + repeatedStep + ") then (" + finalStep + ") within " +
            withinMs + " ms, cooldown " + cooldownMs + " ms";
    }
}
