package io.vigil.ops.service;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.ops.sink.FanOutAlertSink;
import io.vigil.rules.RuleSet;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Vigil as a long-lived service: the engine ({@link EngineHost}), ingest over HTTP ({@link IngestGate} behind
 * Jetty), the admin and operations endpoints, the dashboard. {@link #close()} is the graceful stop that
 * SIGTERM triggers: stop ingest (new requests get 503, requests in progress finish and are acknowledged),
 * stop the server, drain the ring, close the engine and the journal.
 * <p>
 * Thread contract: started and closed from one control thread.
 */
public final class VigilService implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(VigilService.class);

    private final EngineHost host;
    private final IngestGate gate;
    private final FeedEndpoints feed;
    private final ApiHandler api;
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService sampler;
    private final RuleRegistry rules;
    private final LiveAlerts alerts;
    private final ServiceSinks outboxReaders;
    private final long drainWaitMs;
    private boolean closed;
    private io.vigil.ops.kafka.KafkaSource kafkaSource;

    private VigilService(
        final EngineHost host, final IngestGate gate, final FeedEndpoints feed, final ApiHandler api, final Server server,
        final ServerConnector connector, final ScheduledExecutorService sampler, final RuleRegistry rules,
        final LiveAlerts alerts, final ServiceSinks outboxReaders, final long drainWaitMs)
    {
        this.outboxReaders = outboxReaders;
        this.drainWaitMs = drainWaitMs;
        this.host = host;
        this.gate = gate;
        this.feed = feed;
        this.api = api;
        this.server = server;
        this.connector = connector;
        this.sampler = sampler;
        this.rules = rules;
        this.alerts = alerts;
    }

    /**
     * Starts the service.
     *
     * @param config a validated configuration.
     * @param rules  the rules to start with.
     * @param extraSinks further alert sinks (a console, a file, an outbox), closed with the engine.
     * @param decorate wraps the shard program factory (tests pause shards with it); identity otherwise.
     * @return the running service.
     * @throws Exception if the journal cannot be opened or the port bound.
     */
    public static VigilService start(
        final ServiceConfig config, final RuleSet rules, final List<AlertSink> extraSinks,
        final UnaryOperator<ShardProgramFactory> decorate) throws Exception
    {
        final long outOfOrderMs = config.rules().outOfOrder().toMillis();
        final io.vigil.rules.table.TableLimits tableLimits = config.tables().limits();
        final io.vigil.rules.table.TableFigures tableFigures = new io.vigil.rules.table.TableFigures();
        final RuleRegistry registry = new RuleRegistry(rules, outOfOrderMs, tableLimits, tableFigures);
        final LiveAlerts alerts = new LiveAlerts();
        final List<AlertSink> sinks = new java.util.ArrayList<>(extraSinks);
        sinks.add(0, alerts);

        final ServiceSinks outboxReaders = ServiceSinks.start(config, rules);
        if (outboxReaders != null)
        {
            sinks.add(outboxReaders.sink());
        }
        final AlertSink nodeSink = sinks.size() == 1 ? alerts : new FanOutAlertSink(sinks);
        // with a Kafka source, each partition's engine shares the node's alert output: calls are serialised
        final io.vigil.ops.kafka.SharedAlertSink shared = config.kafka().source() == null ? null :
            new io.vigil.ops.kafka.SharedAlertSink(nodeSink);
        final AlertSink sink = shared == null ? nodeSink : shared;

        final DedupIndex dedup = new DedupIndex(config.ingest().dedupHorizon().toMillis(), config.ingest().dedupMaxIds());
        final int rebuilt = DedupRebuilder.rebuild(config.data().dir().resolve("journal"), dedup,
            config.ingest().dedupHorizon().toMillis(), config.ingest().dedupMaxIds());
        LOG.info("event=dedup_rebuilt ids={}", rebuilt);

        final EngineHost host;
        try
        {
            host = EngineHost.open(config, rules,
                decorate.apply(rules.factory(outOfOrderMs, tableLimits, tableFigures)), sink, tableFigures);
        }
        catch (final RuntimeException | Error ex)
        {
            if (outboxReaders != null)
            {
                outboxReaders.close();
            }
            throw ex;
        }
        try
        {
            registry.attach(host.engine(), outboxReaders == null ? null : outboxReaders.sink());
            registry.recovered(host.rules(), host.engine().programVersion());
            final IngestGate gate = new IngestGate(host.engine(), dedup, config.ingest().ackTimeout().toNanos());
            final ServiceMetrics metrics = new ServiceMetrics(host.engine(), gate, alerts, outboxReaders);
            metrics.tables(tableFigures);
            final FeedEndpoints feed = new FeedEndpoints(metrics, alerts);
            final ApiHandler api = new ApiHandler(host.engine(), gate, metrics,
                new TransactionsEndpoint(gate, metrics, config),
                new AdminEndpoints(host.engine(), registry, config.server().maxBodyBytes()), feed, config.auth());

            final QueuedThreadPool pool = new QueuedThreadPool(config.server().threads(), 4);
            pool.setName("vigil-http");
            pool.setDaemon(true);
            final Server server = new Server(pool);
            final HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendDateHeader(false);
            final ServerConnector connector;
            final ServiceConfig.Tls tls = config.server().tls();
            if (tls.keystore() != null)
            {
                final SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(tls.keystore().toString());
                ssl.setKeyStorePassword(tls.keystorePassword());
                connector = new ServerConnector(server, 1, 1, new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
            }
            else
            {
                connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            }
            connector.setHost(config.server().host());
            connector.setPort(config.server().port());
            connector.setIdleTimeout(config.server().idleTimeout().toMillis());
            server.addConnector(connector);
            server.setHandler(api);
            server.setStopTimeout(5_000);
            server.start();

            final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "vigil-metrics");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(metrics::sample, 1, 1, TimeUnit.SECONDS);
            final long idleTickNs = config.ingest().idleTick().toNanos();
            if (idleTickNs > 0)
            {
                final long periodNs = Math.min(idleTickNs, TimeUnit.SECONDS.toNanos(1));
                sampler.scheduleAtFixedRate(() -> gate.tickIfIdle(System.nanoTime(), idleTickNs), periodNs, periodNs,
                    TimeUnit.NANOSECONDS);
            }
            final VigilService service = new VigilService(host, gate, feed, api, server, connector, sampler, registry,
                alerts, outboxReaders, config.delivery().drainWait().toMillis());
            if (shared != null)
            {
                // partitions run the node's rules (those recovered, or the file), and follow PUT /v1/rules
                service.kafkaSource = io.vigil.ops.kafka.KafkaSource.start(config, config.kafka().brokers(),
                    config.kafka().properties(), config.kafka().source(), host.rules(), shared);
                registry.onChange(service.kafkaSource::changeRules);
                metrics.extraPrometheus(service.kafkaSource.metrics()::prometheus);
                api.sourceFailure(service.kafkaSource::failure);
            }
            LOG.info("event=service_started url={} rules={} dedup_horizon={} ingest_auth={} admin_auth={}",
                service.uri(), host.rules().name(), config.ingest().dedupHorizon(), config.auth().ingestToken() != null,
                config.auth().adminToken() != null);
            return service;
        }
        catch (final Exception | Error ex)
        {
            host.close();
            if (outboxReaders != null)
            {
                outboxReaders.close();
            }
            throw ex;
        }
    }

    /** @return the port the server listens on (the real one when the configuration said 0). */
    public int port()
    {
        return connector.getLocalPort();
    }

    /** @return the service's base URL. */
    public URI uri()
    {
        final String scheme = connector.getDefaultProtocol().toLowerCase(java.util.Locale.ROOT).startsWith("ssl") ?
            "https" : "http";
        final String hostName = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create(scheme + "://" + (hostName.contains(":") ? "[" + hostName + "]" : hostName) + ":" + port());
    }

    /** @return the ingest gate (acceptance, dedup, idle ticks), for tests and tools in this process. */
    public IngestGate gate()
    {
        return gate;
    }

    /** @return the engine's host, for tests and tools in this process. */
    public EngineHost host()
    {
        return host;
    }

    /** @return the Kafka source, or null when {@code kafka.source} is not configured. */
    public io.vigil.ops.kafka.KafkaSource kafkaSource()
    {
        return kafkaSource;
    }

    /** @return the alert feed. */
    public LiveAlerts alerts()
    {
        return alerts;
    }

    /** @return the alert outbox and its readers (webhooks, PostgreSQL, Kafka), or null when none is configured. */
    public ServiceSinks outboxReaders()
    {
        return outboxReaders;
    }

    /** @return the rules in force. */
    RuleRegistry rules()
    {
        return rules;
    }

    /**
     * Graceful stop: no new ingest, requests in progress finish, the ring drains, the journal closes. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        LOG.info("event=service_stopping in_flight={}", api.inFlight());
        gate.close();
        feed.stop();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (api.inFlight() > 0 && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        sampler.shutdownNow();
        try
        {
            server.stop();
        }
        catch (final Exception ex)
        {
            LOG.warn("event=server_stop_failed error={}", ex.toString());
        }
        if (kafkaSource != null)
        {
            kafkaSource.close(); // every partition drains, checkpoints and leaves the group first
        }
        host.close();
        if (outboxReaders != null)
        {
            outboxReaders.close(drainWaitMs);
        }
        LOG.info("event=service_stopped accepted={} duplicates={}", gate.accepted(), gate.duplicates());
    }

    /** Blocks the calling thread until the server stops. */
    public void join() throws InterruptedException
    {
        server.join();
    }

}
