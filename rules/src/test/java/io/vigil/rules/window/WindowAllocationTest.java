package io.vigil.rules.window;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.expr.TxPredicate;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.window.Windows.ALL;
import static io.vigil.rules.window.Windows.MINUTE;
import static io.vigil.rules.window.Windows.REF;
import static io.vigil.rules.window.Windows.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady state allocates nothing: every window type with all eight aggregates, early and on-close alerts,
 * cooldowns, out-of-order events within the bound (with the redo of later evaluations: amended alerts and
 * retractions) and late events, over 100 cards.
 */
class WindowAllocationTest
{
    private static final int CARDS = 100;
    private static final int EVENTS_PER_LAP = 1_000;
    private static final long LAP_MS = 100 * SECOND;
    private static final long OUT_OF_ORDER_MS = 20 * SECOND;
    private static final int WARM_UP_LAPS = 400;

    @ParameterizedTest
    @EnumSource(WindowType.class)
    void shouldNotAllocatePerEventInSteadyState(final WindowType type)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final WindowRule rule = new WindowRule(REF, TxPredicate.ALWAYS, spec(type), ALL,
            (tx, a) -> a.get(0) >= 3 && a.get(6) >= 2,
            type == WindowType.SLIDING ? FireMode.EARLY : FireMode.EARLY_AND_ON_CLOSE, 30 * SECOND, 5 * SECOND);
        final RuleProgram program = new RuleProgram(0, 1, List.of(rule), OUT_OF_ORDER_MS);
        final long[] published = new long[3];
        final AlertView view = new AlertView();
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) ->
        {
            view.wrap(buffer, offset);
            published[view.kind() == io.vigil.core.alert.AlertDescriptor.KIND_LATE ? 1 : 0]++;
            if (view.isAmended() || view.isRetraction())
            {
                published[2]++;
            }
        });
        final UnsafeBuffer[] events = events();
        final TransactionFlyweight tx = new TransactionFlyweight();

        // A long warm-up: while C2 is still compiling and deoptimizing these methods the JVM itself charges a few
        // hundred bytes to this thread now and then (none under -Xint or C1 alone, none from this code).
        runLaps(program, alerts, tx, events, 0, WARM_UP_LAPS);
        final long[] before = published.clone();
        final long lateBefore = rule.lateEvents();
        final long threadId = Thread.currentThread().getId();
        final long bytesBefore = threads.getThreadAllocatedBytes(threadId);
        runLaps(program, alerts, tx, events, WARM_UP_LAPS, WARM_UP_LAPS + 100);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - bytesBefore;

        assertThat(published[0]).as("alerts fire in steady state too").isGreaterThan(before[0] + 100);
        assertThat(published[1]).as("late records too").isGreaterThan(before[1]);
        assertThat(published[2]).as("amendments and retractions too").isGreaterThan(before[2]);
        assertThat(rule.lateEvents()).isEqualTo(lateBefore + published[1] - before[1]);
        assertThat(program.liveKeyCount()).isEqualTo(CARDS);
        assertThat(rule.refusedWindows() + rule.refusedDistinctValues() + rule.droppedEvents()).isZero();
        // < 1 B per event; JIT recompilation may charge a few KB to the thread
        assertThat(allocated).as("bytes allocated over 100,000 events").isLessThan(16 * 1024);
    }

    private static WindowSpec spec(final WindowType type)
    {
        switch (type)
        {
            case SLIDING:
                return WindowSpec.sliding(MINUTE);
            case TUMBLING:
                return WindowSpec.tumbling(MINUTE);
            case HOPPING:
                return WindowSpec.hopping(MINUTE, 20 * SECOND);
            default:
                return WindowSpec.session(30 * SECOND);
        }
    }

    private static UnsafeBuffer[] events()
    {
        final long[] amounts = {100, 5_000, 120, 60_000, 150, 25_000, 80, 90_000, 199, 55_000};
        final UnsafeBuffer[] events = new UnsafeBuffer[EVENTS_PER_LAP];
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (int i = 0; i < EVENTS_PER_LAP; i++)
        {
            events[i] = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
            tx.wrap(events[i], 0).clear().id(String.format("tx-%04d", i)).card("card-" + (i % CARDS))
                .merchant("m-" + (i % 7) % 5).mcc(5411).amountMinor(amounts[(i / CARDS) % amounts.length])
                .currency("USD").country("US").channel(Channel.ECOM)
                .status(i % 7 == 0 ? TxStatus.DECLINED : TxStatus.APPROVED);
        }
        return events;
    }

    /**
     * Each lap: a card's events 5 s apart over the first 50 s, then 50 s of quiet (sessions close). Event 50 of
     * every two hundred (every other event of card 50) arrives 15 s early in time (out of order, within the bound),
     * event 75 of every hundred 40 s early (late).
     */
    private static void runLaps(
        final RuleProgram program, final AlertPublisher alerts, final TransactionFlyweight tx,
        final UnsafeBuffer[] events, final int fromLap, final int toLap)
    {
        for (int lap = fromLap; lap < toLap; lap++)
        {
            for (int i = 0; i < events.length; i++)
            {
                final long shiftMs = i % 200 == 50 ? -15 * SECOND : i % 100 == 75 ? -40 * SECOND : 0;
                tx.wrap(events[i], 0).tsMs(T0 + lap * LAP_MS + i * 50L + shiftMs);
                final long journalIndex = (long)lap * events.length + i;
                alerts.onEvent(journalIndex, 0);
                program.onTransaction(tx, journalIndex, alerts);
            }
        }
    }
}
