package io.vigil.ops.cli;

import io.vigil.core.engine.WaitStrategyKind;
import picocli.CommandLine.Option;

/**
 * Engine options shared by the commands that run the engine.
 */
final class EngineOptions
{
    @Option(names = "--shards", defaultValue = "1", description = "Shard threads (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--wait-strategy", defaultValue = "sleeping",
        description = "How engine threads wait: blocking, sleeping, yielding, busy-spin (default: ${DEFAULT-VALUE}; "
            + "busy-spin only on dedicated cores).")
    String waitStrategy;

    @Option(names = "--ring-size", defaultValue = "16384",
        description = "Input ring slots, a power of two (default: ${DEFAULT-VALUE}).")
    int ringSize;

    WaitStrategyKind waitStrategyKind()
    {
        try
        {
            return WaitStrategyKind.fromWireName(waitStrategy);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError("--" + ex.getMessage(), 2);
        }
    }
}
