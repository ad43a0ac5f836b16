package io.vigil.ops.cli;

import io.vigil.rules.RuleSet;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --rules FILE} option of the commands that run rules; without it, the default card pack.
 */
final class RulesOption
{
    @Option(names = "--rules", description = "Rule file (YAML; see docs/rules.md). Default: the built-in card pack "
        + "(rules/src/main/resources/io/vigil/rules/packs/cards.yaml).")
    Path rulesFile;

    @Option(names = "--out-of-order", defaultValue = "0s", converter = DurationConverter.class,
        description = "Out-of-orderness bound: how far behind the newest event an event may arrive and still be on "
            + "time; the watermark trails the newest event time by this much (default: ${DEFAULT-VALUE}).")
    java.time.Duration outOfOrder;

    /**
     * @return the compiled rules.
     * @throws UserError listing every error of the file, FILE:LINE:COLUMN: message.
     */
    RuleSet load()
    {
        if (rulesFile == null)
        {
            return RuleSet.defaultPack();
        }
        if (!Files.isReadable(rulesFile))
        {
            throw new UserError("--rules " + rulesFile + ": no such readable file", UserError.NO_INPUT);
        }
        try
        {
            return RuleSet.load(rulesFile);
        }
        catch (final IOException ex)
        {
            throw new UserError("--rules " + rulesFile + ": " + ex.getMessage(), UserError.NO_INPUT);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
    }

    /**
     * @param rules the loaded rules.
     * @return a factory of shard programs with the configured out-of-orderness bound.
     */
    io.vigil.core.engine.ShardProgramFactory factory(final RuleSet rules)
    {
        if (outOfOrder.isNegative())
        {
            throw new UserError("--out-of-order: must not be negative", 2);
        }
        return rules.factory(outOfOrder.toMillis());
    }

    /** @return a short description for summaries. */
    String describe()
    {
        return rulesFile == null ? "default card pack" : rulesFile.toString();
    }
}
