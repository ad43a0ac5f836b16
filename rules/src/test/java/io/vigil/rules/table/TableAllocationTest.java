package io.vigil.rules.table;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steady state with tables allocates nothing: the default pack (its join rules included) over a stream of
 * transactions enriched from every table, updates of rows already held (card profiles changing status and
 * account, account profiles changing risk, merchant rows, sanctioned-country adds and removes) and account
 * events feeding the takeover sequence, some out of order within the bound.
 */
class TableAllocationTest
{
    private static final int CARDS = 100;
    private static final int EVENTS_PER_LAP = 1_000;
    private static final long LAP_MS = 100_000;
    private static final int WARM_UP_LAPS = 300;

    @Test
    void shouldNotAllocatePerEventInSteadyStateWithTables()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RuleProgram program = (RuleProgram)RuleSet.defaultPack().factory(20_000).create(0, 1);
        final long[] published = new long[1];
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> published[0]++);
        final List<UnsafeBuffer> events = events();
        final TransactionFlyweight tx = new TransactionFlyweight();

        runLaps(program, alerts, tx, events, 0, WARM_UP_LAPS);
        final long alertsBefore = published[0];
        final long threadId = Thread.currentThread().getId();
        final long bytesBefore = threads.getThreadAllocatedBytes(threadId);
        runLaps(program, alerts, tx, events, WARM_UP_LAPS, WARM_UP_LAPS + 100);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - bytesBefore;

        assertThat(published[0]).as("alerts fire in steady state too").isGreaterThan(alertsBefore + 100);
        assertThat(program.tables().cardProfiles()).isEqualTo(CARDS);
        assertThat(program.tables().refusedRows()).isZero();
        // < 1 B per event; JIT recompilation may charge a few KB to the thread
        assertThat(allocated).as("bytes allocated over 100,000 events").isLessThan(16 * 1024);
    }

    private static List<UnsafeBuffer> events()
    {
        final List<UnsafeBuffer> out = new ArrayList<>();
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (int i = 0; i < EVENTS_PER_LAP; i++)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
            tx.wrap(buffer, 0);
            final String id = String.format("e-%04d", i);
            final int card = i % CARDS;
            final Ev ev;
            switch (i % 10)
            {
                case 1:
                    ev = Ev.cardProfile(id, 0, "c" + i / 10 % CARDS, "a" + (card + i / CARDS) % 40, i % 20 == 1 ? "FR" : "DE",
                        i % 30 == 1 ? CardStatus.LOST : CardStatus.ACTIVE, 300_000);
                    break;
                case 3:
                    ev = Ev.accountProfile(id, 0, "a" + card % 40, RiskLevel.values()[i % 3]);
                    break;
                case 5:
                    ev = Ev.merchant(id, 0, "m" + card % 10, RiskLevel.values()[i % 3], 5411);
                    break;
                case 7:
                    ev = i % 20 == 7 ? Ev.sanctioned(id, 0, "KP", i % 40 == 7) :
                        Ev.accountEvent(id, 0, "a" + card % 40, AccountAction.values()[i % 4]);
                    break;
                default:
                    ev = Ev.tx(id, 0, "c" + card, "a" + card % 40, "m" + card % 10, i % 9 == 0 ? "KP" : "FR",
                        (i % 4) * 100_000L + 500);
                    break;
            }
            ev.encode(tx);
            out.add(buffer);
        }
        return out;
    }

    /** Each lap: events 100 ms apart; every 50th arrives 10 s early in time (out of order, within the bound). */
    private static void runLaps(final RuleProgram program, final AlertPublisher alerts, final TransactionFlyweight tx,
        final List<UnsafeBuffer> events, final int fromLap, final int toLap)
    {
        long index = (long)fromLap * EVENTS_PER_LAP;
        for (int lap = fromLap; lap < toLap; lap++)
        {
            for (int i = 0; i < EVENTS_PER_LAP; i++)
            {
                tx.wrap(events.get(i), 0);
                final long tsMs = JoinHarness.T0 + lap * LAP_MS + i * 100L - (i % 50 == 25 ? 10_000 : 0);
                tx.tsMs(tsMs);
                alerts.onEvent(index, 0);
                program.onTransaction(tx, index++, alerts);
            }
        }
    }
}
