package io.vigil.rules.table;

import io.vigil.core.event.CardStatus;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Measures the heap a shard's tables keep per row, for the figures in {@code docs/joins.md}. Not a test (memory
 * readings belong in no assertion): run it by hand from {@code rules/} after {@code mvn test-compile}, e.g.
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.vigil.rules.table.TableFootprint} with
 * {@code cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * <p>
 * Method: heap used after repeated {@code System.gc()} before and after filling one table of a fresh
 * {@link ShardTables} (one shard) with {@value #ROWS} rows, divided by the rows. Arrays and maps grow by doubling,
 * so a table holds up to about twice its rows' worth between growths; the figure is for a table just grown.
 */
public final class TableFootprint
{
    private static final int ROWS = 200_000;

    private TableFootprint()
    {
    }

    public static void main(final String[] args)
    {
        measure("card profiles", i -> Ev.cardProfile("p" + i, 0, "card-" + i, "acct-" + i / 2, "DE", CardStatus.ACTIVE,
            100_000));
        measure("account profiles", i -> Ev.accountProfile("a" + i, 0, "acct-" + i, RiskLevel.MEDIUM));
        measure("merchants", i -> Ev.merchant("m" + i, 0, "merchant-" + i, RiskLevel.LOW, 5411));
    }

    private static void measure(final String what, final java.util.function.IntFunction<Ev> row)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
        final ShardTables tables = new ShardTables(0, 1, new TableLimits(ROWS * 2, ROWS * 2, ROWS * 2, 10));
        final long before = usedAfterGc();
        for (int i = 0; i < ROWS; i++)
        {
            row.apply(i).encode(tx);
            tables.apply(tx);
        }
        final long after = usedAfterGc();
        System.out.printf("%s: %d rows, %.0f bytes per row (card profiles held %d, accounts %d, merchants %d)%n",
            what, ROWS, (after - before) / (double)ROWS, tables.cardProfiles(), tables.accountProfiles(),
            tables.merchants());
    }

    private static long usedAfterGc()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
