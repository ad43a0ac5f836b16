package io.vigil.ops.cli;

import io.vigil.ops.service.ConfigException;
import io.vigil.ops.service.ServiceConfig;
import io.vigil.ops.service.VigilService;
import io.vigil.rules.RuleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vigil run}: the engine as a long-lived service (HTTP ingest, admin and operations endpoints, the
 * dashboard) until SIGTERM or Ctrl-C, which stop it gracefully: ingest stops, the ring drains, the journal
 * closes.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the engine as a service: HTTP ingest, metrics, rules and key-state endpoints, a dashboard.",
        "Stops gracefully on SIGTERM or Ctrl-C. See README, 'Running as a service'."})
final class RunCommand implements Callable<Integer>
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "Configuration file (YAML). Default: every setting's default.")
    Path configFile;

    @Option(names = "--port", description = "Port to listen on, 0 for any free one (overrides server.port).")
    Integer port;

    @Option(names = "--data", description = "Data directory: the journal lives in DIR/journal (overrides data.dir).")
    Path dataDir;

    @Option(names = "--alerts", description = {"Also append every alert to FILE as JSON Lines (the backtest's "
        + "format; an alert replayed after a crash may appear again with the same alert_id)."})
    Path alertsFile;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final ServiceConfig config;
        try
        {
            if (configFile != null && !Files.isReadable(configFile))
            {
                throw new UserError("--config " + configFile + ": no such readable file", UserError.NO_INPUT);
            }
            config = configFile == null ? ServiceConfig.defaults() : ServiceConfig.load(configFile);
            if (port != null)
            {
                config.server().overridePort(port);
            }
        }
        catch (final ConfigException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError("--port: " + ex.getMessage(), 2);
        }
        if (dataDir != null)
        {
            config.data().overrideDir(dataDir);
        }
        final RuleSet rules = loadRules(config.rules().file());
        final VigilService service;
        try
        {
            service = VigilService.start(config, rules, alertsFile == null ? List.of() :
                List.of(io.vigil.ops.sink.JsonLinesAlertSink.append(alertsFile)), f -> f);
        }
        catch (final ConfigException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
        out.println("vigil: listening on " + service.uri() + "  (dashboard " + service.uri() + "/, journal " +
            service.host().journalDir() + ")");
        out.flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            service.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }

    private static RuleSet loadRules(final Path file)
    {
        if (file == null)
        {
            return RuleSet.defaultPack();
        }
        try
        {
            return RuleSet.load(file);
        }
        catch (final IOException ex)
        {
            throw new UserError("rules.file " + file + ": " + ex.getMessage(), UserError.NO_INPUT);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UserError(ex.getMessage(), UserError.BAD_INPUT);
        }
    }
}
