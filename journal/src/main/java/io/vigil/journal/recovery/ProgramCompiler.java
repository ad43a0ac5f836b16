package io.vigil.journal.recovery;

import io.vigil.core.engine.ShardProgramFactory;

/**
 * Turns a rule file's text, as journaled with a rule-set change or kept with a checkpoint, back into shard
 * programs: recovery rebuilds the rules that ran, not the ones configured now. Implemented by whoever knows the
 * rule language (ops: {@code RuleSet.fromSource(..).factory(boundMs)}).
 */
@FunctionalInterface
public interface ProgramCompiler
{
    /**
     * @param source the rule file, UTF-8.
     * @return the factory of its shard programs.
     * @throws IllegalArgumentException if it does not compile (it did when it was journaled: the rule language
     *                                  changed incompatibly).
     */
    ShardProgramFactory compile(byte[] source);
}
