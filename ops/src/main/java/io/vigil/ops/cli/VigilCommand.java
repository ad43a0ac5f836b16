package io.vigil.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command line: the root of the subcommands an operator runs.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VigilCommand.Version.class,
    description = "Low-latency fraud and alerting engine for card transactions.",
    subcommands = {
        DemoCommand.class,
        GenerateCommand.class,
        BacktestCommand.class,
        ReplayCommand.class,
        JournalCommand.class,
        RulesCommand.class,
        RunCommand.class,
        IngestCommand.class,
        AlertsCommand.class,
        WebhookCommand.class,
        CommandLine.HelpCommand.class
    })
public final class VigilCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        final CommandLine cl = newCommandLine();
        final int exitCode = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(exitCode);
    }

    /** @return the configured command line, for tests. */
    public static CommandLine newCommandLine()
    {
        final CommandLine cl = new CommandLine(new VigilCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            commandLine.getErr().println("vigil: " + ex.getMessage());
            if (Boolean.getBoolean("vigil.debug"))
            {
                ex.printStackTrace(commandLine.getErr());
            }
            return ex instanceof UserError ? ((UserError)ex).exitCode() : 1;
        });
        return cl;
    }

    /** Reports the version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String v = VigilCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "development build" : v)};
        }
    }
}
