package io.vigil.ops.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connection pool (HikariCP) for the alert sink and the export tool. Connections to a database that went away
 * are evicted by the pool and new ones are tried on the next request; a request waits at most
 * {@link #CONNECTION_TIMEOUT_MS} for a connection, so the writer's own backoff decides the pace of retries.
 * <p>
 * Thread contract: the pool is thread-safe.
 */
public final class DbPool
{
    /** Longest wait for a connection, ms. */
    public static final long CONNECTION_TIMEOUT_MS = 5_000;

    private DbPool()
    {
    }

    /**
     * @param config the sink's configuration.
     * @return an open pool; it connects lazily, so it opens even if the database is down.
     */
    public static HikariDataSource open(final DbSinkConfig config)
    {
        final HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vigil-db-" + config.sinkName());
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null)
        {
            hikari.setUsername(config.user());
        }
        if (config.password() != null)
        {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.setAutoCommit(true);
        // a batch of N rows goes to the server as multi-row INSERTs rather than N statements
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // a server that stops answering (not just closing) is given up after this, and the batch retried
        hikari.addDataSourceProperty("socketTimeout", "60");
        hikari.addDataSourceProperty("connectTimeout", "5");
        hikari.addDataSourceProperty("ApplicationName", "vigil");
        return new HikariDataSource(hikari);
    }

    /**
     * @param jdbcUrl a JDBC URL.
     * @return it without its query part (which may hold a password), for messages.
     */
    public static String redact(final String jdbcUrl)
    {
        final int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
    }
}
