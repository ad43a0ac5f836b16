package io.vigil.rules.lang;

/**
 * The compiled pattern part of a rule: a {@link CompiledWindow}, a {@link CompiledSequence} or a
 * {@link CompiledAbsence}. Immutable; shareable between shards.
 */
public sealed interface CompiledPattern permits CompiledWindow, CompiledSequence, CompiledAbsence
{
}
