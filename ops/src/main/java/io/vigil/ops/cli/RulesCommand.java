package io.vigil.ops.cli;

import io.vigil.rules.lang.CompiledRuleFile;
import io.vigil.rules.lang.CompiledRuleSpec;
import io.vigil.rules.lang.RuleError;
import io.vigil.rules.lang.RuleSummary;
import io.vigil.rules.lang.RulesCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules}: work with rule files (the rule language is described in docs/rules.md).
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Work with rule files (YAML; the language is described in docs/rules.md).",
    subcommands = {RulesCommand.Check.class, RulesApplyCommand.class, CommandLine.HelpCommand.class})
final class RulesCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected a subcommand: check, apply");
    }

    /**
     * {@code vigil rules check FILE...}: validates rule files. Prints every error as
     * {@code FILE:LINE:COLUMN: message} and a final count, exit code 65; or, for a valid file,
     * {@code FILE: N rules OK} and one line per rule, exit code 0. A missing file gives exit code 66.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check rule files: print every error as FILE:LINE:COLUMN: message, or a summary of each rule.",
            "Exit codes: 0 valid, 65 errors found, 66 file missing."})
    static final class Check implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (YAML).")
        List<Path> files;

        @Override
        public Integer call() throws IOException
        {
            final PrintWriter out = spec.commandLine().getOut();
            int errors = 0;
            for (final Path file : files)
            {
                if (!Files.isRegularFile(file) || !Files.isReadable(file))
                {
                    throw new UserError(file + ": no such readable file", UserError.NO_INPUT);
                }
                final CompiledRuleFile result = RulesCheck.load(file);
                for (final RuleError error : result.errors())
                {
                    out.println(error);
                }
                errors += result.errors().size();
                if (result.ok())
                {
                    final int n = result.rules().size();
                    out.println(file + ": " + n + (n == 1 ? " rule" : " rules") + " OK");
                    for (final CompiledRuleSpec rule : result.rules())
                    {
                        out.println("  " + RuleSummary.of(rule));
                    }
                }
            }
            if (errors > 0)
            {
                out.println(errors + (errors == 1 ? " error" : " errors"));
                return UserError.BAD_INPUT;
            }
            return 0;
        }
    }
}
