package io.vigil.ops.db;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the PostgreSQL alert sink, validated once (see {@link DbSinkConfigFile} for the YAML form).
 * The password is held here but never appears in {@link #toString()} or in any message.
 * <p>
 * Thread contract: immutable once built.
 */
public final class DbSinkConfig
{
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String sinkName;
    private final int batchSize;
    private final Duration flushInterval;
    private final int poolSize;
    private final Duration retryBackoffMax;
    private final Duration closeTimeout;

    private DbSinkConfig(final Builder b)
    {
        this.jdbcUrl = Objects.requireNonNull(b.jdbcUrl, "url");
        this.user = b.user;
        this.password = b.password;
        this.sinkName = b.sinkName;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.poolSize = b.poolSize;
        this.retryBackoffMax = b.retryBackoffMax;
        this.closeTimeout = b.closeTimeout;
    }

    /**
     * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/vigil}.
     * @return a builder with the defaults.
     */
    public static Builder builder(final String jdbcUrl)
    {
        return new Builder(jdbcUrl);
    }

    /** @return the JDBC URL. */
    public String jdbcUrl()
    {
        return jdbcUrl;
    }

    /** @return the database user, or null to leave it to the URL. */
    public String user()
    {
        return user;
    }

    /** @return the password, or null; never log it. */
    public String password()
    {
        return password;
    }

    /** @return this sink's name, the key of its progress row. */
    public String sinkName()
    {
        return sinkName;
    }

    /** @return most alerts per transaction. */
    public int batchSize()
    {
        return batchSize;
    }

    /** @return longest time an alert waits for its batch to fill before it is written. */
    public Duration flushInterval()
    {
        return flushInterval;
    }

    /** @return connections in the pool. */
    public int poolSize()
    {
        return poolSize;
    }

    /** @return the longest wait between two attempts while the database is unreachable. */
    public Duration retryBackoffMax()
    {
        return retryBackoffMax;
    }

    /** @return how long closing waits for the backlog to drain before it gives up and reports what is left. */
    public Duration closeTimeout()
    {
        return closeTimeout;
    }

    @Override
    public String toString()
    {
        return "DbSinkConfig{url=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
            + ", sink=" + sinkName + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
            + ", poolSize=" + poolSize + '}';
    }

    /** Builds a {@link DbSinkConfig}; setters check their ranges. */
    public static final class Builder
    {
        /** Largest batch accepted. */
        public static final int MAX_BATCH_SIZE = 10_000;

        private final String jdbcUrl;
        private String user;
        private String password;
        private String sinkName = "default";
        private int batchSize = 500;
        private Duration flushInterval = Duration.ofMillis(200);
        private int poolSize = 2;
        private Duration retryBackoffMax = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(60);

        private Builder(final String jdbcUrl)
        {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:"))
            {
                throw new IllegalArgumentException("url: expected a JDBC URL starting with jdbc:postgresql:");
            }
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * @param user database user.
         * @return this.
         */
        public Builder user(final String user)
        {
            this.user = user;
            return this;
        }

        /**
         * @param password database password.
         * @return this.
         */
        public Builder password(final String password)
        {
            this.password = password;
            return this;
        }

        /**
         * @param sinkName name of the progress row, letters, digits, '-', '_', '.'.
         * @return this.
         */
        public Builder sinkName(final String sinkName)
        {
            if (sinkName == null || !sinkName.matches("[A-Za-z0-9_.-]{1,64}"))
            {
                throw new IllegalArgumentException("sink_name: expected 1 to 64 letters, digits, '-', '_' or '.'");
            }
            this.sinkName = sinkName;
            return this;
        }

        /**
         * @param batchSize 1 .. {@link #MAX_BATCH_SIZE}.
         * @return this.
         */
        public Builder batchSize(final int batchSize)
        {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
            {
                throw new IllegalArgumentException("batch_size: expected 1 to " + MAX_BATCH_SIZE + ", found " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param flushInterval 1 ms .. 1 min.
         * @return this.
         */
        public Builder flushInterval(final Duration flushInterval)
        {
            if (flushInterval.toMillis() < 1 || flushInterval.compareTo(Duration.ofMinutes(1)) > 0)
            {
                throw new IllegalArgumentException("flush_interval: expected 1ms to 1m, found " + flushInterval);
            }
            this.flushInterval = flushInterval;
            return this;
        }

        /**
         * @param poolSize 1 .. 32 connections.
         * @return this.
         */
        public Builder poolSize(final int poolSize)
        {
            if (poolSize < 1 || poolSize > 32)
            {
                throw new IllegalArgumentException("pool_size: expected 1 to 32, found " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /**
         * @param retryBackoffMax 10 ms .. 10 min.
         * @return this.
         */
        public Builder retryBackoffMax(final Duration retryBackoffMax)
        {
            if (retryBackoffMax.toMillis() < 10 || retryBackoffMax.compareTo(Duration.ofMinutes(10)) > 0)
            {
                throw new IllegalArgumentException("retry_backoff_max: expected 10ms to 10m, found " + retryBackoffMax);
            }
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        /**
         * @param closeTimeout 0 .. 1 h.
         * @return this.
         */
        public Builder closeTimeout(final Duration closeTimeout)
        {
            if (closeTimeout.isNegative() || closeTimeout.compareTo(Duration.ofHours(1)) > 0)
            {
                throw new IllegalArgumentException("close_timeout: expected 0s to 1h, found " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        /** @return the configuration. */
        public DbSinkConfig build()
        {
            return new DbSinkConfig(this);
        }
    }
}
