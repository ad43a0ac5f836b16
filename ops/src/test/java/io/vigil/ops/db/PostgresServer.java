package io.vigil.ops.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, started from the machine's binaries ({@code initdb}, {@code pg_ctl}) in a
 * temporary directory on a free port, and removed at {@link #close()}. PostgreSQL refuses to run as root, so when the
 * tests run as root (CI) its commands run as the {@code postgres} user (made by the Debian package) through
 * {@code runuser}. The binaries are looked up in {@code $VIGIL_PG_BIN}, then the newest
 * {@code /usr/lib/postgresql/N/bin}, then the {@code PATH}; without them the test fails and says how to install them.
 * <p>
 * Thread contract: one test thread.
 */
final class PostgresServer implements AutoCloseable
{
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path binDir;
    private final Path dir;
    private final Path dataDir;
    private final boolean asPostgresUser;
    private final int port;
    private boolean running;

    private PostgresServer(final Path binDir, final Path dir, final boolean asPostgresUser, final int port)
    {
        this.binDir = binDir;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /**
     * @return a running server with a superuser {@code vigil} (trust authentication on 127.0.0.1).
     * @throws Exception if it cannot be made to run.
     */
    static PostgresServer start() throws Exception
    {
        final Path bin = findBinaries();
        final boolean root = "root".equals(System.getProperty("user.name"));
        final Path dir = Files.createTempDirectory("vigil-pg");
        final PostgresServer server = new PostgresServer(bin, dir, root, freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopQuietly));
        try
        {
            if (root)
            {
                server.exec(List.of("chown", "postgres", dir.toString()), false, 30);
            }
            server.exec(List.of(bin.resolve("initdb").toString(), "-D", server.dataDir.toString(), "-A", "trust",
                "-U", "vigil", "-E", "UTF8", "--locale=C", "--no-sync"), true, 120);
            server.startServer();
            return server;
        }
        catch (final Exception ex)
        {
            server.close();
            throw ex;
        }
    }

    /** Starts the server (again) on the same port and data. */
    void startServer() throws IOException, InterruptedException
    {
        exec(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dir.resolve("log").toString(),
            "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                + "-c max_connections=50", "start"), true, 90);
        running = true;
    }

    /** Stops the server as an operator would ({@code pg_ctl stop -m fast}: open connections are cut). */
    void stopServer() throws IOException, InterruptedException
    {
        exec(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
            "stop"), true, 90);
        running = false;
    }

    /** @return the port. */
    int port()
    {
        return port;
    }

    /**
     * @return the JDBC URL of a fresh, empty database on this server.
     * @throws SQLException if it cannot be created.
     */
    String newDatabase() throws SQLException
    {
        final String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "vigil", "");
            Statement s = c.createStatement())
        {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /**
     * @param database database name.
     * @return its JDBC URL.
     */
    String url(final String database)
    {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException
    {
        stopQuietly();
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }

    private void stopQuietly()
    {
        if (!running)
        {
            return;
        }
        try
        {
            exec(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w",
                "-t", "30", "stop"), true, 40);
            running = false;
        }
        catch (final IOException | InterruptedException ex)
        {
            System.err.println("PostgresServer: could not stop the test server in " + dir + ": " + ex.getMessage());
        }
    }

    private void exec(final List<String> command, final boolean asServerUser, final int timeoutSeconds)
        throws IOException, InterruptedException
    {
        final List<String> full = new ArrayList<>();
        if (asServerUser && asPostgresUser)
        {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        final Path output = Files.createTempFile("vigil-pg-cmd", ".log");
        try
        {
            final Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + ": no answer in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0)
            {
                throw new IOException(String.join(" ", full) + " exited " + p.exitValue() + ": "
                    + Files.readString(output) + serverLog());
            }
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() throws IOException
    {
        final Path log = dir.resolve("log");
        return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    }

    private static Path findBinaries()
    {
        final String env = System.getenv("VIGIL_PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb")))
        {
            return Path.of(env);
        }
        final Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian))
        {
            try (Stream<Path> versions = Files.list(debian))
            {
                final Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresServer::versionOf)).orElse(null);
                if (newest != null)
                {
                    return newest.resolve("bin");
                }
            }
            catch (final IOException ignored)
            {
                // fall through to the PATH
            }
        }
        for (final String p : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb")) && Files.isExecutable(Path.of(p, "pg_ctl")))
            {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found in $VIGIL_PG_BIN, "
            + "/usr/lib/postgresql/*/bin or the PATH; install them: apt-get install postgresql");
    }

    private static int versionOf(final Path dir)
    {
        try
        {
            return Integer.parseInt(dir.getFileName().toString());
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
