package io.vigil.rules.pack;

import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.KeyType;
import io.vigil.rules.AmountPredicate;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.StatusFilter;
import io.vigil.rules.pattern.SequenceRule;
import io.vigil.rules.window.Aggregate;
import io.vigil.rules.window.SlidingWindowRule;

import java.util.List;

/**
 * The built-in rule pack, version 1, all keyed by card:
 * <ol start="0">
 *   <li>{@code card-velocity-60s} (high): 5 or more approved transactions in a sliding 60 s window;
 *       cooldown 5 min.</li>
 *   <li>{@code card-amount-sum-1h} (medium): approved amounts in a sliding hour summing to 3000.00 or more in
 *       the transaction's currency; cooldown 1 h.</li>
 *   <li>{@code card-testing} (critical): 3 or more probes (amount &lt; 2.00, any status) followed by a hit
 *       (amount &gt;= 500.00, any status), all within 10 min; cooldown 10 min.</li>
 * </ol>
 */
public final class DefaultRules
{
    /** Version of every rule in this pack. */
    public static final int VERSION = 1;

    /** Rule 0: card velocity. */
    public static final RuleRef CARD_VELOCITY_60S =
        new RuleRef(0, "card-velocity-60s", VERSION, Severity.HIGH, KeyType.CARD);

    /** Rule 1: hourly amount sum per card. */
    public static final RuleRef CARD_AMOUNT_SUM_1H =
        new RuleRef(1, "card-amount-sum-1h", VERSION, Severity.MEDIUM, KeyType.CARD);

    /** Rule 2: card testing, small probes then a large hit. */
    public static final RuleRef CARD_TESTING =
        new RuleRef(2, "card-testing", VERSION, Severity.CRITICAL, KeyType.CARD);

    private static final long SECOND_MS = 1_000;
    private static final long MINUTE_MS = 60 * SECOND_MS;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    private static final List<CompiledRule> RULES = List.of(
        new SlidingWindowRule(
            CARD_VELOCITY_60S, StatusFilter.APPROVED_ONLY, 60 * SECOND_MS, Aggregate.COUNT, "5", 5 * MINUTE_MS),
        new SlidingWindowRule(
            CARD_AMOUNT_SUM_1H, StatusFilter.APPROVED_ONLY, HOUR_MS, Aggregate.SUM, "3000.00", HOUR_MS),
        new SequenceRule(
            CARD_TESTING, StatusFilter.ANY, AmountPredicate.below("2.00"), 3, AmountPredicate.atLeast("500.00"),
            10 * MINUTE_MS, 10 * MINUTE_MS, "probe", "hit"));

    private DefaultRules()
    {
    }

    /** @return the pack's rule references, in ordinal order. */
    public static List<RuleRef> ruleRefs()
    {
        return List.of(CARD_VELOCITY_60S, CARD_AMOUNT_SUM_1H, CARD_TESTING);
    }

    /** @return the pack's compiled rules, in ordinal order; immutable and shareable between shards. */
    public static List<CompiledRule> rules()
    {
        return RULES;
    }

    /** @return a factory of shard programs running the pack, with the default out-of-order retention. */
    public static ShardProgramFactory factory()
    {
        return new RuleProgramFactory(RULES);
    }

    /**
     * @param outOfOrderRetentionMs see {@link io.vigil.rules.RuleProgram#RuleProgram(int, int, List, long)}.
     * @return a factory of shard programs running the pack.
     */
    public static ShardProgramFactory factory(final long outOfOrderRetentionMs)
    {
        return new RuleProgramFactory(RULES, outOfOrderRetentionMs);
    }
}
