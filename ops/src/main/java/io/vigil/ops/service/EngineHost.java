package io.vigil.ops.service;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.journal.ChronicleJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The one place where the service opens and closes its engine: the journal under {@code DATA/journal}, the
 * engine configured from {@link ServiceConfig}, started, and at the end drained and closed (which closes the
 * journal and the alert sinks).
 * <p>
 * Recovery: today the engine starts with empty rule state and appends to the existing journal; the journal's
 * earlier entries are not replayed. The checkpoint-and-replay entry point (open journal + newest checkpoint,
 * replay, return a live engine) replaces the body of {@link #open} when it lands; nothing else in the service
 * opens or closes an engine.
 * <p>
 * Thread contract: opened and closed on the service's control thread.
 */
public final class EngineHost implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EngineHost.class);

    private final Engine engine;
    private final Path journalDir;

    private EngineHost(final Engine engine, final Path journalDir)
    {
        this.engine = engine;
        this.journalDir = journalDir;
    }

    /**
     * Opens the journal and starts the engine.
     *
     * @param config   the service configuration (data dir, engine settings).
     * @param programs the rules each shard runs.
     * @param sink     where alerts go (closed with the engine).
     * @return the running engine's host.
     */
    public static EngineHost open(final ServiceConfig config, final ShardProgramFactory programs, final AlertSink sink)
    {
        final Path journalDir = config.data().dir().resolve("journal");
        final ChronicleJournal journal = ChronicleJournal.open(journalDir);
        final Engine engine;
        try
        {
            engine = new Engine(new EngineConfig()
                .shardCount(config.engine().shards())
                .ringSize(config.engine().ringSize())
                .waitStrategy(config.engine().waitStrategy())
                .multiProducer(true)
                .journal(journal)
                .alertSink(sink)
                .programFactory(programs)).start();
        }
        catch (final RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
        LOG.info("event=engine_started journal={} shards={} ring_size={} wait_strategy={} recovery=none",
            journalDir, config.engine().shards(), config.engine().ringSize(), config.engine().waitStrategy());
        return new EngineHost(engine, journalDir);
    }

    /** @return the running engine. */
    public Engine engine()
    {
        return engine;
    }

    /** @return the journal directory. */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * Drains the ring (everything published passes every stage), stops the engine and closes the journal and
     * the sinks. Call after ingest has stopped.
     */
    @Override
    public void close()
    {
        final boolean drained = engine.awaitDrained(30, TimeUnit.SECONDS);
        engine.close();
        LOG.info("event=engine_closed drained={} journaled={} processed={} alerts={}", drained, engine.journaled(),
            engine.processed(), engine.alerts());
    }
}
