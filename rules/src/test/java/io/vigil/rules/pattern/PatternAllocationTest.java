package io.vigil.rules.pattern;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.expr.TxPredicate;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static io.vigil.rules.RuleHarness.T0;
import static io.vigil.rules.pattern.PatternFixtures.MINUTE;
import static io.vigil.rules.pattern.PatternFixtures.SECOND;
import static io.vigil.rules.pattern.PatternFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pattern rules allocate nothing per event once warm: sequences that fire, absences that fire on timers
 * and are met, late events, all through a rule program on 100 cards.
 */
class PatternAllocationTest
{
    private static final int CARDS = 100;
    private static final int EVENTS_PER_LAP = 1_000;
    private static final long LAP_MS = 100 * SECOND;
    /** Long enough for every ring, timer heap and JIT tier to settle (measured: 60 laps leave ~1 KB of growth). */
    private static final int WARM_UP_LAPS = 300;
    private static final long[] AMOUNTS = {100, 5_000, 120, 60_000, 150, 25_000, 80, 90_000, 199, 55_000};

    @Test
    void shouldNotAllocatePerEventInSteadyState()
    {
        final TxPredicate probe = tx -> tx.amountMinor() < 200;
        final TxPredicate hit = tx -> tx.amountMinor() >= 50_000;
        final List<CompiledRule> rules = List.of(
            new StepSequenceRule(ref(0, "card-testing"), TxPredicate.ALWAYS, List.of(
                new SequenceStep("probe", probe, 3, true), SequenceStep.once("hit", hit)), 10 * MINUTE, MINUTE),
            new StepSequenceRule(ref(1, "big-small-big"), TxPredicate.ALWAYS, List.of(
                SequenceStep.once("big", hit), new SequenceStep("small", probe, 2, true),
                SequenceStep.once("again", hit)), MINUTE, 0),
            new AbsenceRule(ref(2, "big-no-tiny"), TxPredicate.ALWAYS, "big", tx -> tx.amountMinor() >= 25_000,
                "tiny", tx -> tx.isApproved() && tx.amountMinor() < 150, 15 * SECOND, 0));
        final RuleProgram program = (RuleProgram)new RuleProgramFactory(rules, 0).create(0, 1);
        final AlertView view = new AlertView();
        final long[] byKind = new long[2];
        final long[] byRule = new long[rules.size()];
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) ->
        {
            view.wrap(buffer, offset);
            if (view.kind() == AlertDescriptor.KIND_LATE)
            {
                byKind[1]++;
            }
            else
            {
                byKind[0]++;
                byRule[view.ruleOrdinal()]++;
            }
        });
        final UnsafeBuffer[] events = new UnsafeBuffer[EVENTS_PER_LAP];
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (int i = 0; i < EVENTS_PER_LAP; i++)
        {
            events[i] = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
            tx.wrap(events[i], 0).clear().id(String.format("tx-%04d", i)).card("card-" + (i % CARDS))
                .merchant("m-1").mcc(5411).amountMinor(AMOUNTS[(i / CARDS) % AMOUNTS.length]).currency("USD")
                .country("US").channel(Channel.ECOM).status(i % 7 == 0 ? TxStatus.DECLINED : TxStatus.APPROVED);
        }

        runLaps(program, alerts, tx, events, 0, WARM_UP_LAPS);
        final long[] rulesBefore = byRule.clone();
        final long lateBefore = byKind[1];
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        runLaps(program, alerts, tx, events, WARM_UP_LAPS, WARM_UP_LAPS + 100);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        for (int r = 0; r < rules.size(); r++)
        {
            assertThat(byRule[r]).as("rule %d fires in steady state too", r).isGreaterThan(rulesBefore[r] + 100);
        }
        assertThat(byKind[1]).as("late events in steady state").isGreaterThan(lateBefore + 50);
        assertThat(program.liveKeyCount()).isEqualTo(CARDS);
        // < 1 B per event; JIT recompilation may charge a few KB to the thread
        assertThat(allocated).as("bytes allocated over 100,000 events").isLessThan(16 * 1024);
    }

    @Test
    void shouldNotAllocateWhenRedoingSequencesForOutOfOrderEvents()
    {
        final TxPredicate probe = tx -> tx.amountMinor() < 200;
        final TxPredicate hit = tx -> tx.amountMinor() >= 50_000;
        final List<CompiledRule> rules = List.of(
            new StepSequenceRule(ref(0, "small-then-big"), TxPredicate.ALWAYS, List.of(
                new SequenceStep("probe", probe, 1, true), SequenceStep.once("hit", hit)), 10 * MINUTE, 30 * SECOND));
        final RuleProgram program = (RuleProgram)new RuleProgramFactory(rules, 20 * SECOND).create(0, 1);
        final AlertView view = new AlertView();
        final long[] byKind = new long[3];
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) ->
            byKind[view.wrap(buffer, offset).isAmended() ? 1 : view.isRetraction() ? 2 : 0]++);
        final UnsafeBuffer[] events = new UnsafeBuffer[EVENTS_PER_LAP];
        final TransactionFlyweight tx = new TransactionFlyweight();
        for (int i = 0; i < EVENTS_PER_LAP; i++)
        {
            events[i] = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
            tx.wrap(events[i], 0).clear().id(String.format("tx-%04d", i)).card("card-" + (i % CARDS))
                .merchant("m-1").mcc(5411).amountMinor(AMOUNTS[(i / CARDS) % AMOUNTS.length]).currency("USD")
                .country("US").channel(Channel.ECOM).status(TxStatus.APPROVED);
        }

        runShuffledLaps(program, alerts, tx, events, 0, WARM_UP_LAPS);
        final long[] before = byKind.clone();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long bytesBefore = threads.getThreadAllocatedBytes(threadId);
        runShuffledLaps(program, alerts, tx, events, WARM_UP_LAPS, WARM_UP_LAPS + 100);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - bytesBefore;

        assertThat(byKind[0]).as("alerts in steady state").isGreaterThan(before[0] + 100);
        assertThat(byKind[1]).as("amended alerts in steady state").isGreaterThan(before[1] + 100);
        assertThat(byKind[2]).as("retractions in steady state").isGreaterThan(before[2] + 100);
        assertThat(allocated).as("bytes allocated over 100,000 events").isLessThan(16 * 1024);
    }

    /**
     * Each lap: every card's events 10 s apart, except that its probe at 80 s is sent at 65 s (after the hit at
     * 70 s: its alert is amended) and its hit at 90 s at 65 s too (its cooldown retracts the alert at 70 s).
     */
    private static void runShuffledLaps(
        final RuleProgram program, final AlertPublisher alerts, final TransactionFlyweight tx,
        final UnsafeBuffer[] events, final int fromLap, final int toLap)
    {
        for (int lap = fromLap; lap < toLap; lap++)
        {
            for (int i = 0; i < events.length; i++)
            {
                final long tsMs = T0 + lap * LAP_MS + i * (LAP_MS / events.length);
                final int k = i / CARDS;
                tx.wrap(events[i], 0).tsMs(k == 8 ? tsMs - 15 * SECOND : k == 9 ? tsMs - 25 * SECOND : tsMs);
                final long journalIndex = (long)lap * events.length + i;
                alerts.onEvent(journalIndex, 0);
                program.onTransaction(tx, journalIndex, alerts);
            }
        }
    }

    /** Each lap: every card's events 10 s apart; the lap's last event is sent 2 s behind the newest: late. */
    private static void runLaps(
        final RuleProgram program, final AlertPublisher alerts, final TransactionFlyweight tx,
        final UnsafeBuffer[] events, final int fromLap, final int toLap)
    {
        for (int lap = fromLap; lap < toLap; lap++)
        {
            for (int i = 0; i < events.length; i++)
            {
                final long tsMs = T0 + lap * LAP_MS + i * (LAP_MS / events.length);
                tx.wrap(events[i], 0).tsMs(i == events.length - 1 ? tsMs - 2 * SECOND : tsMs);
                program.onTransaction(tx, (long)lap * events.length + i, alerts);
            }
        }
    }
}
