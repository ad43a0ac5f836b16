package io.vigil.ops.recovery;

import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.journal.recovery.ProgramCompiler;
import io.vigil.rules.RuleSet;

import java.nio.charset.StandardCharsets;

/**
 * Compiles rule files found in a journal (rule-set changes) or kept with a checkpoint, with the run's
 * out-of-orderness bound, for {@link io.vigil.journal.recovery.DurableEngine}.
 *
 * @param outOfOrderBoundMs the bound the programs are built with, ms.
 */
public record RuleSetCompiler(long outOfOrderBoundMs) implements ProgramCompiler
{
    @Override
    public ShardProgramFactory compile(final byte[] source)
    {
        return RuleSet.fromSource("journaled rules", new String(source, StandardCharsets.UTF_8)).factory(outOfOrderBoundMs);
    }
}
