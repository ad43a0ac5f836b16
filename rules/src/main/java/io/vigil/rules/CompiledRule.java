package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;

/**
 * A rule compiled into an immutable evaluator: all parameters fixed at construction, all per-key memory in a
 * {@link RuleState} the caller passes in (the split Flink CEP makes between its NFA and NFAState). One
 * instance serves every shard; {@link RuleProgram} owns the states.
 * <p>
 * Contract of {@link #onEvent}: called on the shard thread that owns the key, once per event of the key in
 * arrival order, with the state created by this rule's {@link #newState}; no allocation except when the
 * state's storage grows.
 */
public interface CompiledRule
{
    /**
     * What makes two compiled rules the same rule with the same state layout: when the rules change while
     * running, a rule of the new set whose definition equals one of the old set's takes over its per-key
     * state; any other starts empty. The default, null, means "only this very instance" (rules built in
     * Java). Rules compiled from a rule file return their canonical definition text.
     *
     * @return the definition, or null.
     */
    default String definition()
    {
        return null;
    }

    /** @return identity, version, severity and key type of the alerts this rule fires. */
    RuleRef ruleRef();

    /**
     * Which event kinds this rule is given: bit {@code 1 << code} for each {@link io.vigil.core.event.EventKind}
     * code. Transactions only unless the rule asks for another kind (a sequence step with {@code event:}); the
     * program never hands a rule an event of a kind outside this mask.
     *
     * @return the mask.
     */
    default int eventKinds()
    {
        return 1 << io.vigil.core.event.TransactionDescriptor.KIND_TRANSACTION;
    }

    /**
     * @return how long after a key's newest event its state can still change an alert, ms: the largest of the
     * rule's window (or pattern bound) and its cooldown. A key idle for longer (plus the out-of-order
     * retention) may be dropped.
     */
    long horizonMs();

    /**
     * @param outOfOrderRetentionMs how much longer than the window the state keeps events, so that an event
     *                              arriving up to that much behind the key's newest is evaluated against
     *                              everything that precedes it.
     * @return a fresh per-key state.
     */
    RuleState newState(long outOfOrderRetentionMs);

    /**
     * Evaluates one event of the key and publishes any alert it fires.
     *
     * @param state        this key's state, from {@link #newState}.
     * @param tx           the event, valid only during the call.
     * @param journalIndex its journal index.
     * @param alerts       where alerts go.
     */
    void onEvent(RuleState state, TransactionFlyweight tx, long journalIndex, AlertPublisher alerts);

    /**
     * A timer this rule scheduled for the key ({@link RuleState#scheduleTimer}) is due: the watermark has
     * reached it. Windows close and absences fire here. The default does nothing.
     *
     * @param state        this key's state.
     * @param dueMs        the time the timer was scheduled for, epoch ms.
     * @param watermarkMs  the watermark that made it due, epoch ms.
     * @param journalIndex journal index of the event or tick that moved the watermark.
     * @param alerts       where alerts go.
     */
    default void onTimer(
        RuleState state, long dueMs, long watermarkMs, long journalIndex, AlertPublisher alerts)
    {
    }
}
