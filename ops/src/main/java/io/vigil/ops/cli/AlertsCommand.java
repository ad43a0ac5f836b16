package io.vigil.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vigil alerts}: tools over the alerts Vigil has written (the PostgreSQL table: {@code export}; the
 * webhook outbox: {@code dead-letters}, {@code redrive}).
 */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Tools over the alerts Vigil has written.",
    subcommands = {AlertsExportCommand.class, AlertsDeadLettersCommand.class, AlertsRedriveCommand.class,
        CommandLine.HelpCommand.class})
final class AlertsCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
