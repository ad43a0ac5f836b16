package io.vigil.rules;

import io.vigil.core.engine.ShardProgram;
import io.vigil.core.engine.ShardProgramFactory;

import java.util.List;
import java.util.Objects;

/**
 * Creates each shard's {@link RuleProgram} over one immutable list of compiled rules, shared by all shards.
 * Thread contract: {@link #create} may be called from any thread at engine start.
 */
public final class RuleProgramFactory implements ShardProgramFactory
{
    private final List<CompiledRule> rules;
    private final long outOfOrderRetentionMs;
    private final io.vigil.rules.table.TableLimits tableLimits;

    /**
     * @param rules the compiled rules, with {@link RuleProgram#DEFAULT_OUT_OF_ORDER_RETENTION_MS}.
     */
    public RuleProgramFactory(final List<? extends CompiledRule> rules)
    {
        this(rules, RuleProgram.DEFAULT_OUT_OF_ORDER_RETENTION_MS);
    }

    /**
     * @param rules                 the compiled rules.
     * @param outOfOrderRetentionMs see {@link RuleProgram#RuleProgram(int, int, List, long)}.
     */
    public RuleProgramFactory(final List<? extends CompiledRule> rules, final long outOfOrderRetentionMs)
    {
        this(rules, outOfOrderRetentionMs, io.vigil.rules.table.TableLimits.DEFAULT);
    }

    /**
     * @param rules                 the compiled rules.
     * @param outOfOrderRetentionMs see {@link RuleProgram#RuleProgram(int, int, List, long)}.
     * @param tableLimits           row caps of each shard's tables.
     */
    public RuleProgramFactory(final List<? extends CompiledRule> rules, final long outOfOrderRetentionMs,
        final io.vigil.rules.table.TableLimits tableLimits)
    {
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        this.outOfOrderRetentionMs = outOfOrderRetentionMs;
        this.tableLimits = Objects.requireNonNull(tableLimits, "tableLimits");
        new RuleProgram(0, 1, this.rules, outOfOrderRetentionMs); // validates once, at configuration time
    }

    @Override
    public ShardProgram create(final int shardId, final int shardCount)
    {
        return new RuleProgram(shardId, shardCount, rules, outOfOrderRetentionMs, tableLimits);
    }

    /** @return the rules every shard runs. */
    public List<CompiledRule> rules()
    {
        return rules;
    }
}
