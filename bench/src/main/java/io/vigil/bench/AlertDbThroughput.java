package io.vigil.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.vigil.ops.db.AlertRow;
import io.vigil.ops.db.DbPool;
import io.vigil.ops.db.DbSinkConfig;
import io.vigil.ops.db.RetryingAlertWriter;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast alerts go into PostgreSQL at a given batch size: reads an alerts file (the output of a backtest), parses
 * every line first, then writes them through the sink's {@link RetryingAlertWriter} (one transaction per batch, the
 * same SQL as the live sink) and reports alerts per second and the time per transaction. The engine is not involved,
 * so the figure is the database path alone.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.vigil.bench.AlertDbThroughput JDBC_URL USER ALERTS.jsonl BATCH_SIZE
 * </pre>
 * The database must be a scratch one whose {@code alerts} table is empty or absent (it refuses otherwise).
 */
public final class AlertDbThroughput
{
    private AlertDbThroughput()
    {
    }

    /**
     * @param args JDBC URL, user, alerts file, batch size.
     * @throws Exception on any failure.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 4)
        {
            System.err.println("usage: AlertDbThroughput JDBC_URL USER ALERTS.jsonl BATCH_SIZE");
            System.exit(2);
        }
        final int batchSize = Integer.parseInt(args[3]);
        final DbSinkConfig config = DbSinkConfig.builder(args[0]).user(args[1]).batchSize(batchSize)
            .sinkName("throughput").build();
        final List<AlertRow> rows = new ArrayList<>();
        long position = 0;
        for (final String line : Files.readAllLines(Path.of(args[2])))
        {
            rows.add(AlertRow.fromJson(position++, line));
        }
        try (HikariDataSource pool = DbPool.open(config))
        {
            final RetryingAlertWriter writer = new RetryingAlertWriter(pool, config);
            writer.migrate();
            if (count(pool) != 0)
            {
                System.err.println("the alerts table is not empty: give a scratch database");
                System.exit(1);
            }
            final Histogram perBatchUs = new Histogram(3);
            final long startNs = System.nanoTime();
            for (int from = 0; from < rows.size(); from += batchSize)
            {
                final long batchStartNs = System.nanoTime();
                if (!writer.write(rows.subList(from, Math.min(rows.size(), from + batchSize)), () -> true))
                {
                    System.err.println("a batch failed; see the log");
                    System.exit(1);
                }
                perBatchUs.recordValue((System.nanoTime() - batchStartNs) / 1_000);
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            System.out.printf(Locale.ROOT, "batch %,6d: %,d alerts in %,d transactions, %.2f s, %,.0f alerts/s; "
                    + "per transaction p50 %,d us, p99 %,d us; rows in table %,d%n", batchSize, rows.size(),
                writer.batches(), seconds, rows.size() / seconds, perBatchUs.getValueAtPercentile(50),
                perBatchUs.getValueAtPercentile(99), count(pool));
        }
    }

    private static long count(final HikariDataSource pool) throws Exception
    {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT count(*) FROM alerts"))
        {
            rs.next();
            return rs.getLong(1);
        }
    }
}
