package io.vigil.ops.recovery;

import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.journal.recovery.ProgramCompiler;
import io.vigil.rules.RuleSet;
import io.vigil.rules.table.TableFigures;
import io.vigil.rules.table.TableLimits;

import java.nio.charset.StandardCharsets;

/**
 * Compiles rule files found in a journal (rule-set changes) or kept with a checkpoint, with the run's
 * out-of-orderness bound, for {@link io.vigil.journal.recovery.DurableEngine}.
 *
 * @param outOfOrderBoundMs the bound the programs are built with, ms.
 * @param tableLimits       row caps of each shard's tables (the service's {@code tables:} settings).
 * @param tableFigures      where the tables publish their figures, or null.
 */
public record RuleSetCompiler(long outOfOrderBoundMs, TableLimits tableLimits, TableFigures tableFigures)
    implements ProgramCompiler
{
    /** @param outOfOrderBoundMs the bound the programs are built with, ms; default table caps, no figures. */
    public RuleSetCompiler(final long outOfOrderBoundMs)
    {
        this(outOfOrderBoundMs, TableLimits.DEFAULT, null);
    }

    @Override
    public ShardProgramFactory compile(final byte[] source)
    {
        return RuleSet.fromSource("journaled rules", new String(source, StandardCharsets.UTF_8))
            .factory(outOfOrderBoundMs, tableLimits, tableFigures);
    }
}
