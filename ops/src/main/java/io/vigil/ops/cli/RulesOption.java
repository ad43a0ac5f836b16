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

    /** @return a short description for summaries. */
    String describe()
    {
        return rulesFile == null ? "default card pack" : rulesFile.toString();
    }
}
