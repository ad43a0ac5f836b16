package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleState;
import io.vigil.rules.expr.AggregateSpec;
import io.vigil.rules.expr.TxPredicate;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.COUNT;
import static io.vigil.rules.window.Windows.DISTINCT_MERCHANTS;
import static io.vigil.rules.window.Windows.MAX;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static io.vigil.rules.window.Windows.SUM;

/**
 * Measures the heap a {@link WindowRule} keeps per key, for the figures in its javadoc. Not a test (memory
 * readings belong in no assertion): run it by hand, e.g. from {@code rules/} after {@code mvn test-compile},
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.vigil.rules.window.WindowStateFootprint}
 * with {@code cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * <p>
 * Method: 20,000 keys, each given ten events 5 s apart (three merchants) within one minute, so no window
 * closes; heap used after repeated {@code System.gc()}, minus the same run with a rule whose state holds
 * nothing (the program's map, key states and rule-state headers), divided by the keys.
 */
public final class WindowStateFootprint
{
    private static final int KEYS = 20_000;
    private static final int EVENTS_PER_KEY = 10;
    private static final List<AggregateSpec> AGGREGATES = List.of(COUNT, SUM, MAX, DISTINCT_MERCHANTS);

    private WindowStateFootprint()
    {
    }

    /**
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        final double empty = bytesPerKey(new Stateless());
        System.out.printf("program + key state, no rule state: %.0f bytes per key%n", empty);
        final WindowSpec[] specs = {WindowSpec.sliding(MINUTE), WindowSpec.tumbling(MINUTE),
            WindowSpec.hopping(MINUTE, 20 * SECOND), WindowSpec.session(30 * SECOND)};
        for (final WindowSpec spec : specs)
        {
            for (final List<AggregateSpec> aggregates : List.of(AGGREGATES, Windows.ALL, List.of(COUNT)))
            {
                final WindowRule rule = new WindowRule(REF, TxPredicate.ALWAYS, spec, aggregates, (tx, a) -> false,
                    spec.type() == WindowType.SLIDING ? FireMode.EARLY : FireMode.ON_CLOSE, 0, 0);
                System.out.printf("%-32s %d aggregates: %.0f bytes per key%n", spec, aggregates.size(),
                    bytesPerKey(rule) - empty);
            }
        }
    }

    private static double bytesPerKey(final CompiledRule rule)
    {
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++)
        {
            final long before = usedAfterGc();
            final RuleProgram program = fill(rule);
            final long after = usedAfterGc();
            if (program.liveKeyCount() != KEYS)
            {
                throw new IllegalStateException("keys: " + program.liveKeyCount());
            }
            best = Math.min(best, after - before);
        }
        return (double)best / KEYS;
    }

    private static RuleProgram fill(final CompiledRule rule)
    {
        final RuleProgram program = new RuleProgram(0, 1, List.of(rule), 0);
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> { });
        final TransactionFlyweight tx =
            new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
        long journalIndex = 0;
        for (int e = 0; e < EVENTS_PER_KEY; e++)
        {
            for (int k = 0; k < KEYS; k++)
            {
                tx.clear().id("tx-" + e + "-" + k).tsMs(T0 + e * 5 * SECOND).card("card-" + k).merchant("m-" + e % 3)
                    .amountMinor(100 + e).currency("USD").country("US").channel(Channel.POS).status(TxStatus.APPROVED);
                program.onTransaction(tx, journalIndex++, alerts);
            }
        }
        return program;
    }

    private static long usedAfterGc()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++)
        {
            System.gc();
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** A rule that keeps nothing per key: the baseline. */
    private static final class Stateless implements CompiledRule
    {
        @Override
        public RuleRef ruleRef()
        {
            return REF;
        }

        @Override
        public long horizonMs()
        {
            return MINUTE;
        }

        @Override
        public RuleState newState(final long outOfOrderRetentionMs)
        {
            return new RuleState()
            {
                @Override
                protected void writeState(final io.vigil.core.snapshot.SnapshotWriter out)
                {
                }

                @Override
                protected void readState(final io.vigil.core.snapshot.SnapshotReader in)
                {
                }
            };
        }

        @Override
        public void onEvent(
            final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
        {
        }
    }
}
