package io.vigil.core.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A change of the rules the shards run, taking effect at one position in the input stream. It goes through
 * the ring like an event: the journaler appends its source (the rule file as text) to the journal, so a
 * replay applies the same rules to the same events; each shard, on reaching it, hands its state over to the
 * new program ({@link ShardProgram#replaceWith}).
 *
 * @param version a number unique among the engine's changes, increasing.
 * @param source  the rule file, UTF-8: what the journal keeps.
 * @param factory builds each shard's new program; compiled before the change is published, so a rule file
 *                that fails to compile never reaches the ring.
 */
public record ProgramChange(long version, byte[] source, ShardProgramFactory factory)
{
    /** Checks the arguments. */
    public ProgramChange
    {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(factory, "factory");
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ProgramChange && ((ProgramChange)o).version == version &&
            Arrays.equals(((ProgramChange)o).source, source) && ((ProgramChange)o).factory == factory;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(version) * 31 + Arrays.hashCode(source);
    }

    @Override
    public String toString()
    {
        return "ProgramChange{version=" + version + ", source=" + source.length + " bytes}";
    }
}
