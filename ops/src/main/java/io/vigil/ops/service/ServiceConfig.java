package io.vigil.ops.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.WaitStrategyKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's configuration: every setting in one place, with its default, read from a YAML file
 * ({@code vigil run --config FILE}) and validated once, at start. An unknown key, a value of the wrong type or
 * out of range is an error naming {@code FILE:LINE:COLUMN} and what was expected. Without a file every default
 * applies: the default rule pack, the journal under {@code ./data}, ingest on {@code 127.0.0.1:8080}.
 * Relative paths in the file are relative to the file's directory. The reference is in the README
 * ("Running as a service").
 * <p>
 * Thread contract: built and validated on one thread before the service starts; read-only afterwards.
 */
public final class ServiceConfig
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @JsonProperty("server")
    private final Server server = new Server();
    @JsonProperty("auth")
    private final Auth auth = new Auth();
    @JsonProperty("data")
    private final Data data = new Data();
    @JsonProperty("engine")
    private final Engine engine = new Engine();
    @JsonProperty("rules")
    private final Rules rules = new Rules();
    @JsonProperty("ingest")
    private final Ingest ingest = new Ingest();
    @JsonProperty("delivery")
    private final Delivery delivery = new Delivery();
    @JsonProperty("checkpoints")
    private final Checkpoints checkpoints = new Checkpoints();
    @JsonProperty("tables")
    private final TablesSection tables = new TablesSection();
    @JsonProperty("kafka")
    private final io.vigil.ops.kafka.KafkaSinkSection kafka = new io.vigil.ops.kafka.KafkaSinkSection();

    /** @return every default: what {@code vigil run} uses without {@code --config}. */
    public static ServiceConfig defaults()
    {
        return new ServiceConfig();
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file a YAML file.
     * @return the configuration.
     * @throws ConfigException naming FILE:LINE:COLUMN and what is wrong.
     */
    public static ServiceConfig load(final Path file) throws ConfigException
    {
        final String text;
        try
        {
            text = Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read: " + ex.getMessage());
        }
        final ServiceConfig config = parse(file.toString(), text);
        final Path base = file.toAbsolutePath().getParent();
        config.data.dir = base.resolve(config.data.dir).normalize();
        if (config.rules.file != null)
        {
            config.rules.file = base.resolve(config.rules.file).normalize();
        }
        if (config.delivery.webhooks != null)
        {
            config.delivery.webhooks = base.resolve(config.delivery.webhooks).normalize();
        }
        if (config.delivery.postgres != null)
        {
            config.delivery.postgres = base.resolve(config.delivery.postgres).normalize();
        }
        if (config.server.tls.keystore != null)
        {
            config.server.tls.keystore = base.resolve(config.server.tls.keystore).normalize();
        }
        if (config.kafka.source() != null)
        {
            config.kafka.source().resolveAgainst(base);
        }
        return config;
    }

    /**
     * @param name   where the text came from, for messages.
     * @param text   YAML text; empty means all defaults.
     * @return the configuration (paths as written).
     * @throws ConfigException naming NAME:LINE:COLUMN and what is wrong.
     */
    public static ServiceConfig parse(final String name, final String text) throws ConfigException
    {
        final ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        final ServiceConfig config = new ServiceConfig();
        if (text.isBlank())
        {
            return config;
        }
        try
        {
            mapper.readerForUpdating(config).readValue(text);
        }
        catch (final UnrecognizedPropertyException ex)
        {
            throw new ConfigException(where(name, ex.getLocation()) + "unknown key '" + ex.getPropertyName() +
                "'; expected one of " + ex.getKnownPropertyIds());
        }
        catch (final JsonMappingException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException)
            {
                final com.fasterxml.jackson.core.JsonProcessingException parse =
                    (com.fasterxml.jackson.core.JsonProcessingException)cause;
                throw new ConfigException(where(name, parse.getLocation()) + "malformed YAML: " +
                    String.join("; ", parse.getOriginalMessage().lines().distinct().toArray(String[]::new)));
            }
            final String what = cause instanceof IllegalArgumentException ? cause.getMessage() :
                ex.getOriginalMessage()
                    .replaceAll("Cannot deserialize value of type `io\\.vigil[^`]*` from (\\w+) value.*",
                        "expected a mapping of settings, found a value of type $1")
                    .replaceAll("Cannot deserialize value of type `([^`]*)`", "expected a value of type $1");
            throw new ConfigException(where(name, ex.getLocation()) + path(ex) + what);
        }
        catch (final IOException ex)
        {
            final JsonLocation at = ex instanceof com.fasterxml.jackson.core.JsonProcessingException ?
                ((com.fasterxml.jackson.core.JsonProcessingException)ex).getLocation() : null;
            final String message = ex instanceof com.fasterxml.jackson.core.JsonProcessingException ?
                ((com.fasterxml.jackson.core.JsonProcessingException)ex).getOriginalMessage() : ex.getMessage();
            throw new ConfigException(where(name, at) + "malformed YAML: " +
                String.join("; ", message.lines().distinct().toArray(String[]::new)));
        }
        try
        {
            config.kafka.sinkConfig(); // the checks that span keys
            config.kafka.source();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(name + ": " + ex.getMessage());
        }
        return config;
    }

    private static String where(final String name, final JsonLocation at)
    {
        return at == null || at.getLineNr() < 1 ? name + ": " : name + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": ";
    }

    private static String path(final JsonMappingException ex)
    {
        final StringBuilder sb = new StringBuilder();
        for (final JsonMappingException.Reference ref : ex.getPath())
        {
            if (ref.getFieldName() != null)
            {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.length() == 0 ? "" : sb.append(": ").toString();
    }

    /**
     * @param text a duration such as {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}, {@code 1d}.
     * @return the duration.
     * @throws IllegalArgumentException saying what was expected.
     */
    static Duration duration(final String text)
    {
        final Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches())
        {
            throw new IllegalArgumentException("expected a duration such as 500ms, 20s, 5m, 1h or 1d, found '" + text + "'");
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2))
        {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    static int inRange(final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("expected " + min + ".." + max + ", found " + value);
        }
        return value;
    }

    /** @return HTTP settings. */
    public Server server()
    {
        return server;
    }

    /** @return bearer tokens. */
    public Auth auth()
    {
        return auth;
    }

    /** @return where data lives. */
    public Data data()
    {
        return data;
    }

    /** @return engine settings. */
    public Engine engine()
    {
        return engine;
    }

    /** @return which rules run. */
    public Rules rules()
    {
        return rules;
    }

    /** @return ingest behaviour. */
    public Ingest ingest()
    {
        return ingest;
    }

    /** @return when engine state is checkpointed under {@code DATA/checkpoints}. */
    public Checkpoints checkpoints()
    {
        return checkpoints;
    }

    /** @return webhook delivery. */
    public Delivery delivery()
    {
        return delivery;
    }

    /** @return the {@code tables:} section: row caps of each shard's tables. */
    public TablesSection tables()
    {
        return tables;
    }

    /** @return the {@code kafka:} section (brokers, client properties, the alert sink, the source). */
    public io.vigil.ops.kafka.KafkaSinkSection kafka()
    {
        return kafka;
    }

    /**
     * {@code delivery:} the readers of the alert outbox ({@code DATA/outbox}): webhook delivery and the PostgreSQL
     * sink (the Kafka sink is configured under {@code kafka.sink}).
     */
    public static final class Delivery
    {
        private Path webhooks;
        private Path postgres;
        private Duration drainWait = Duration.ofSeconds(10);

        @JsonProperty("webhooks")
        void webhooks(final String path)
        {
            this.webhooks = Path.of(path);
        }

        @JsonProperty("postgres")
        void postgres(final String path)
        {
            this.postgres = Path.of(path);
        }

        @JsonProperty("drain-wait")
        void drainWait(final String text)
        {
            this.drainWait = duration(text);
        }

        /** @return the webhook configuration file (see README, "Alert delivery: webhooks"), or null for none. */
        public Path webhooks()
        {
            return webhooks;
        }

        /**
         * @return the PostgreSQL sink's configuration file (the {@code --db-config} format; see README, "Alerts into
         * PostgreSQL"), or null for none.
         */
        public Path postgres()
        {
            return postgres;
        }

        /** @return how long a graceful stop waits for the endpoints to take the backlog (the rest stays queued). */
        public Duration drainWait()
        {
            return drainWait;
        }
    }

    /** {@code server:} where and how the HTTP server listens. */
    public static final class Server
    {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxBodyBytes = 1024 * 1024;
        private int maxBatch = 1000;
        private int maxLineBytes = 16 * 1024;
        private int threads = 16;
        @JsonProperty("tls")
        private final Tls tls = new Tls();

        @JsonProperty("host")
        void host(final String host)
        {
            if (host == null || host.isBlank())
            {
                throw new IllegalArgumentException("expected a host name or address to listen on");
            }
            this.host = host;
        }

        @JsonProperty("port")
        void port(final int port)
        {
            this.port = inRange(port, 0, 65535);
        }

        @JsonProperty("idle-timeout")
        void idleTimeout(final String text)
        {
            this.idleTimeout = duration(text);
        }

        @JsonProperty("max-body-bytes")
        void maxBodyBytes(final int bytes)
        {
            this.maxBodyBytes = inRange(bytes, 1024, 256 * 1024 * 1024);
        }

        @JsonProperty("max-batch")
        void maxBatch(final int n)
        {
            this.maxBatch = inRange(n, 1, 100_000);
        }

        @JsonProperty("max-line-bytes")
        void maxLineBytes(final int bytes)
        {
            this.maxLineBytes = inRange(bytes, 512, 1024 * 1024);
        }

        @JsonProperty("threads")
        void threads(final int n)
        {
            this.threads = inRange(n, 4, 1024);
        }

        /** @return address to listen on (default 127.0.0.1: local only). */
        public String host()
        {
            return host;
        }

        /** @return port, 0 for any free one (default 8080). */
        public int port()
        {
            return port;
        }

        /** @param port the port to use instead (the {@code --port} option). */
        public void overridePort(final int port)
        {
            this.port = inRange(port, 0, 65535);
        }

        /** @return how long a connection may sit idle or a request trickle before it is closed. */
        public Duration idleTimeout()
        {
            return idleTimeout;
        }

        /** @return largest request body accepted on {@code POST /v1/transactions} and {@code PUT /v1/rules}. */
        public int maxBodyBytes()
        {
            return maxBodyBytes;
        }

        /** @return most transactions in one batch or one NDJSON request. */
        public int maxBatch()
        {
            return maxBatch;
        }

        /** @return longest NDJSON line. */
        public int maxLineBytes()
        {
            return maxLineBytes;
        }

        /** @return most server threads. */
        public int threads()
        {
            return threads;
        }

        /** @return TLS settings. */
        public Tls tls()
        {
            return tls;
        }
    }

    /** {@code server.tls:} HTTPS instead of HTTP, when a keystore is given. */
    public static final class Tls
    {
        private Path keystore;
        private String keystorePassword = "";

        @JsonProperty("keystore")
        void keystore(final String path)
        {
            this.keystore = Path.of(path);
        }

        @JsonProperty("keystore-password")
        void keystorePassword(final String password)
        {
            this.keystorePassword = password == null ? "" : password;
        }

        /** @return a PKCS#12 or JKS keystore, or null for plain HTTP. */
        public Path keystore()
        {
            return keystore;
        }

        /** @return its password. */
        public String keystorePassword()
        {
            return keystorePassword;
        }
    }

    /** {@code auth:} bearer tokens; an absent token leaves its endpoints open (bind to localhost then). */
    public static final class Auth
    {
        private String ingestToken;
        private String adminToken;

        @JsonProperty("ingest-token")
        void ingestToken(final String token)
        {
            this.ingestToken = token(token);
        }

        @JsonProperty("admin-token")
        void adminToken(final String token)
        {
            this.adminToken = token(token);
        }

        private static String token(final String token)
        {
            if (token == null || token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127))
            {
                throw new IllegalArgumentException("expected a token of at least 16 printable ASCII characters");
            }
            return token;
        }

        /** @return the token {@code POST /v1/transactions} requires, or null for none. */
        public String ingestToken()
        {
            return ingestToken;
        }

        /** @return the token the admin endpoints ({@code /v1/rules}, {@code /v1/keys}) require, or null. */
        public String adminToken()
        {
            return adminToken;
        }
    }

    /** {@code data:} where the journal (and checkpoints) live. */
    public static final class Data
    {
        private Path dir = Path.of("data");

        @JsonProperty("dir")
        void dir(final String dir)
        {
            this.dir = Path.of(dir);
        }

        /** @return the data directory (default {@code ./data}); the journal is {@code DIR/journal}. */
        public Path dir()
        {
            return dir;
        }

        /** @param dir the directory to use instead (the {@code --data} option). */
        public void overrideDir(final Path dir)
        {
            this.dir = dir;
        }
    }

    /** {@code engine:} the ring and the shards. */
    public static final class Engine
    {
        private int shards = 1;
        private int ringSize = EngineConfig.DEFAULT_RING_SIZE;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.SLEEPING;

        @JsonProperty("shards")
        void shards(final int n)
        {
            this.shards = inRange(n, 1, EngineConfig.MAX_SHARDS);
        }

        @JsonProperty("ring-size")
        void ringSize(final int slots)
        {
            if (slots < 8 || Integer.bitCount(slots) != 1)
            {
                throw new IllegalArgumentException("expected a power of two >= 8, found " + slots);
            }
            this.ringSize = slots;
        }

        @JsonProperty("wait-strategy")
        void waitStrategy(final String name)
        {
            this.waitStrategy = WaitStrategyKind.fromWireName(name);
        }

        /** @return shard threads (default 1). */
        public int shards()
        {
            return shards;
        }

        /** @return input ring slots (default 16,384). */
        public int ringSize()
        {
            return ringSize;
        }

        /** @return how engine threads wait (default sleeping). */
        public WaitStrategyKind waitStrategy()
        {
            return waitStrategy;
        }
    }

    /** {@code rules:} which rules run at start. */
    public static final class Rules
    {
        private Path file;
        private Duration outOfOrder = Duration.ZERO;

        @JsonProperty("file")
        void file(final String path)
        {
            this.file = Path.of(path);
        }

        @JsonProperty("out-of-order")
        void outOfOrder(final String text)
        {
            this.outOfOrder = duration(text);
        }

        /** @return the rule file, or null for the default card pack. */
        public Path file()
        {
            return file;
        }

        /** @return how far behind the newest event time an event may arrive and still be on time. */
        public Duration outOfOrder()
        {
            return outOfOrder;
        }
    }

    /** {@code ingest:} acknowledgement and deduplication. */
    public static final class Ingest
    {
        private Duration dedupHorizon = Duration.ofHours(24);
        private int dedupMaxIds = 1_000_000;
        private Duration retryAfter = Duration.ofSeconds(1);
        private Duration ackTimeout = Duration.ofSeconds(10);
        private Duration idleTick = Duration.ofSeconds(5);

        @JsonProperty("idle-tick")
        void idleTick(final String text)
        {
            this.idleTick = duration(text);
        }

        @JsonProperty("dedup-horizon")
        void dedupHorizon(final String text)
        {
            this.dedupHorizon = duration(text);
        }

        @JsonProperty("dedup-max-ids")
        void dedupMaxIds(final int n)
        {
            this.dedupMaxIds = inRange(n, 0, 100_000_000);
        }

        @JsonProperty("retry-after")
        void retryAfter(final String text)
        {
            final Duration d = duration(text);
            if (d.toSeconds() < 1)
            {
                throw new IllegalArgumentException("expected at least 1s (Retry-After is in whole seconds), found '" +
                    text + "'");
            }
            this.retryAfter = d;
        }

        @JsonProperty("ack-timeout")
        void ackTimeout(final String text)
        {
            this.ackTimeout = duration(text);
        }

        /** @return how far behind the newest accepted event time a transaction id is still remembered. */
        public Duration dedupHorizon()
        {
            return dedupHorizon;
        }

        /** @return most transaction ids remembered for deduplication; 0 turns deduplication off. */
        public int dedupMaxIds()
        {
            return dedupMaxIds;
        }

        /** @return what a 429/503 reply's Retry-After says. */
        public Duration retryAfter()
        {
            return retryAfter;
        }

        /** @return how long a request waits for its transactions to be journaled before answering 503. */
        public Duration ackTimeout()
        {
            return ackTimeout;
        }

        /**
         * Sets the idle tick after parsing (tests that count journal entries turn it off).
         *
         * @param idleTick the interval; zero: never.
         */
        public void overrideIdleTick(final Duration idleTick)
        {
            this.idleTick = idleTick;
        }

        /**
         * @return after how long without ingest the service publishes an idle-source tick (a journaled event) that
         * moves event time on by the time elapsed, so on-close windows and absences still close; zero: never.
         */
        public Duration idleTick()
        {
            return idleTick;
        }
    }

    /**
     * {@code checkpoints:} how often the engine's state is written under {@code DATA/checkpoints} (recovery starts
     * from the newest one and replays the journal after it) and how many are kept. A checkpoint is also taken at
     * a graceful stop. Intervals count received events and event time, never the wall clock.
     */
    public static final class Checkpoints
    {
        private long everyEvents = 1_000_000;
        private Duration everyEventTime = Duration.ofHours(1);
        private int kept = 3;

        @JsonProperty("every-events")
        void everyEvents(final long n)
        {
            if (n < 0 || n > 1_000_000_000_000L)
            {
                throw new IllegalArgumentException("expected 0 (off) to 1000000000000 events, found " + n);
            }
            this.everyEvents = n;
        }

        @JsonProperty("every-event-time")
        void everyEventTime(final String text)
        {
            this.everyEventTime = duration(text);
        }

        @JsonProperty("kept")
        void kept(final int n)
        {
            this.kept = inRange(n, 1, 1000);
        }

        /** @return received events between checkpoints; 0 means none by count. */
        public long everyEvents()
        {
            return everyEvents;
        }

        /** @return event time between checkpoints; zero means none by event time. */
        public Duration everyEventTime()
        {
            return everyEventTime;
        }

        /** @return complete checkpoints kept (older ones are deleted). */
        public int kept()
        {
            return kept;
        }
    }
}
