package io.vigil.rules.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.RuleState;
import io.vigil.rules.expr.TxPredicate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the pattern tests share: rule references, amount predicates written by hand (the expression compiler
 * is another piece of work), harnesses over a rule program, and readers of alerts and late-event records.
 */
final class PatternFixtures
{
    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;

    private PatternFixtures()
    {
    }

    static RuleRef ref(final int ordinal, final String id)
    {
        return new RuleRef(ordinal, id, 1, Severity.HIGH, KeyType.CARD);
    }

    /** @return amount (minor units) strictly below {@code minor}. */
    static TxPredicate below(final long minor)
    {
        return tx -> tx.amountMinor() < minor;
    }

    /** @return amount (minor units) at least {@code minor}. */
    static TxPredicate atLeast(final long minor)
    {
        return tx -> tx.amountMinor() >= minor;
    }

    /** @return amount (minor units) exactly {@code minor}. */
    static TxPredicate amountIs(final long minor)
    {
        return tx -> tx.amountMinor() == minor;
    }

    static TxPredicate approved()
    {
        return TransactionFlyweight::isApproved;
    }

    static TxPredicate declined()
    {
        return tx -> !tx.isApproved();
    }

    /** @return one shard running the rules with the given out-of-order retention. */
    static RuleHarness harness(final long retentionMs, final CompiledRule... rules)
    {
        return new RuleHarness(new RuleProgramFactory(List.of(rules), retentionMs), 1);
    }

    static boolean isLate(final CapturedAlert record)
    {
        return record.node().has("late_event");
    }

    /** @return the rule's alerts (not late-event records), in publication order. */
    static List<CapturedAlert> fired(final RuleHarness harness, final String ruleId)
    {
        return harness.alerts(ruleId).stream().filter(a -> !isLate(a)).collect(Collectors.toList());
    }

    /** @return tx ids of the rule's alerts, in publication order. */
    static List<String> firedTxIds(final RuleHarness harness, final String ruleId)
    {
        return fired(harness, ruleId).stream().map(CapturedAlert::txId).collect(Collectors.toList());
    }

    /** @return tx ids of the rule's late-event records, in publication order. */
    static List<String> lateTxIds(final RuleHarness harness, final String ruleId)
    {
        return harness.alerts(ruleId).stream().filter(PatternFixtures::isLate).map(CapturedAlert::txId)
            .collect(Collectors.toList());
    }

    static List<String> ids(final JsonNode array)
    {
        final List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /**
     * A rule that delegates to another and remembers each key's state, so tests can look at per-key state
     * run through a real program.
     */
    static final class StateCapturingRule implements CompiledRule
    {
        final CompiledRule rule;
        final Map<String, RuleState> byCard = new HashMap<>();

        StateCapturingRule(final CompiledRule rule)
        {
            this.rule = rule;
        }

        @Override
        public RuleRef ruleRef()
        {
            return rule.ruleRef();
        }

        @Override
        public long horizonMs()
        {
            return rule.horizonMs();
        }

        @Override
        public RuleState newState(final long outOfOrderRetentionMs)
        {
            return rule.newState(outOfOrderRetentionMs);
        }

        @Override
        public void onEvent(
            final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
        {
            byCard.put(tx.card(), state);
            rule.onEvent(state, tx, journalIndex, alerts);
        }

        @Override
        public void onTimer(
            final RuleState state, final long dueMs, final long watermarkMs, final long journalIndex,
            final AlertPublisher alerts)
        {
            rule.onTimer(state, dueMs, watermarkMs, journalIndex, alerts);
        }

        @SuppressWarnings("unchecked")
        <S extends RuleState> S state(final String card)
        {
            return (S)byCard.get(card);
        }
    }
}
