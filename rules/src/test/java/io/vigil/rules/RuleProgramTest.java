package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.Channel;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.core.util.Hashing;
import io.vigil.rules.pack.DefaultRules;
import io.vigil.rules.window.Aggregate;
import io.vigil.rules.window.SlidingWindowRule;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static io.vigil.rules.RuleHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleProgramTest
{
    private static final long SECOND = 1_000;
    private static final long HOUR = 3_600 * SECOND;

    @Test
    void shouldHandleEachKeyOnExactlyOneShard()
    {
        final List<Tx> stream = randomStream(new Random(42), 10, 3_000);
        final RuleHarness one = new RuleHarness(DefaultRules.factory(), 1).sendAll(stream);
        final RuleHarness two = new RuleHarness(DefaultRules.factory(), 2).sendAll(stream);

        assertThat(one.alerts()).extracting(CapturedAlert::rule).contains(
            "card-velocity-60s", "card-amount-sum-1h", "card-testing");
        for (final CapturedAlert alert : two.alerts())
        {
            assertThat(alert.shardId()).isEqualTo(Hashing.shardOf(Hashing.hash(alert.key()), 2));
        }
        assertThat(two.alerts()).extracting(CapturedAlert::shardId).contains(0, 1);
        assertThat(sortedJson(two)).isEqualTo(sortedJson(one));

        final int cards = (int)stream.stream().map(Tx::card).distinct().count();
        assertThat(one.shard(0).liveKeyCount()).isEqualTo(cards);
        assertThat(two.shard(0).liveKeyCount()).isPositive();
        assertThat(two.shard(1).liveKeyCount()).isPositive();
        assertThat(two.shard(0).liveKeyCount() + two.shard(1).liveKeyCount()).isEqualTo(cards);
    }

    @Test
    void shouldIgnoreEventsWithoutTheRuleKey()
    {
        final RuleRef byDevice = new RuleRef(0, "device-velocity", 1, Severity.LOW, KeyType.DEVICE);
        final RuleHarness harness = new RuleHarness(new RuleProgramFactory(List.of(
            new SlidingWindowRule(byDevice, StatusFilter.ANY, 60_000, Aggregate.COUNT, "1", 0))), 1);
        harness.approved("t1", T0, "c1", 100);
        assertThat(harness.alerts()).isEmpty();
        assertThat(harness.shard(0).liveKeyCount()).isZero();
        assertThat(harness.shard(0).liveKeyCount(KeyType.CARD)).isZero();
    }

    @Test
    void shouldExpireKeyIdleLongerThanLargestHorizon()
    {
        final RuleHarness harness = new RuleHarness();
        final RuleProgram program = harness.shard(0);
        assertThat(program.idleHorizonMs(KeyType.CARD)).isEqualTo(HOUR);

        harness.approved("a1", T0, "idle", 100).approved("b1", T0 + HOUR, "busy", 100);
        assertThat(program.liveKeyCount()).as("exactly one horizon old is kept").isEqualTo(2);

        harness.approved("b2", T0 + HOUR + 1, "busy", 100);
        assertThat(program.liveKeyCount()).isEqualTo(1);
        assertThat(program.liveKeyCount(KeyType.CARD)).isEqualTo(1);
        assertThat(program.expiredKeyCount()).isEqualTo(1);
        assertThat(program.maxEventTimeMs()).isEqualTo(T0 + HOUR + 1);
    }

    @Test
    void shouldExpireIdleKeysAFewPerEvent()
    {
        final RuleHarness harness = new RuleHarness();
        final RuleProgram program = harness.shard(0);
        for (int i = 0; i < 100; i++)
        {
            harness.approved("a" + i, T0 + i, "card-" + i, 100);
        }
        assertThat(program.liveKeyCount()).isEqualTo(100);

        harness.approved("b0", T0 + 2 * HOUR, "busy", 100);
        assertThat(program.liveKeyCount()).isEqualTo(101 - RuleProgram.EXPIRY_KEYS_PER_EVENT);

        for (int i = 1; i < 30; i++)
        {
            harness.approved("b" + i, T0 + 2 * HOUR + i, "busy", 100);
        }
        assertThat(program.liveKeyCount()).isEqualTo(1);
        assertThat(program.expiredKeyCount()).isEqualTo(100);
    }

    @Test
    void shouldStartAfreshWhenAnExpiredKeyComesBack()
    {
        final RuleHarness harness = new RuleHarness();
        for (int i = 0; i < 5; i++)
        {
            harness.approved("a" + i, T0 + i, "c1", 100);
        }
        harness.approved("x", T0 + 3 * HOUR, "other", 100).approved("y", T0 + 3 * HOUR + 1, "other", 100);
        assertThat(harness.shard(0).liveKeyCount()).isEqualTo(1);

        for (int i = 0; i < 5; i++)
        {
            harness.approved("b" + i, T0 + 3 * HOUR + 10 + i, i % 2 == 0 ? "c1" : "c2", 100);
        }
        for (int i = 5; i < 10; i++)
        {
            harness.approved("b" + i, T0 + 3 * HOUR + 10 + i, "c2", 100);
        }
        assertThat(harness.alertTxIds("card-velocity-60s")).containsExactly("a4", "b7");
        assertThat(harness.alerts("card-velocity-60s").get(1).details().get("tx_ids").toString())
            .isEqualTo("[\"b1\",\"b3\",\"b5\",\"b6\",\"b7\"]");
    }

    @Test
    void shouldKeepEventsForOutOfOrderRetention()
    {
        final List<Tx> stream = List.of(
            new Tx("t1", T0 + 32 * SECOND, "c1", 100, "USD", true),
            new Tx("t2", T0 + 35 * SECOND, "c1", 100, "USD", true),
            new Tx("t3", T0 + 50 * SECOND, "c1", 100, "USD", true),
            new Tx("t4", T0 + 60 * SECOND, "c1", 100, "USD", true),
            new Tx("t6", T0 + 100 * SECOND, "c1", 100, "USD", true),
            new Tx("t5", T0 + 90 * SECOND, "c1", 100, "USD", true));

        final RuleHarness retaining = new RuleHarness(DefaultRules.factory(60 * SECOND), 1).sendAll(stream);
        assertThat(retaining.alertTxIds("card-velocity-60s")).containsExactly("t5");
        assertThat(retaining.shard(0).idleHorizonMs(KeyType.CARD)).isEqualTo(HOUR + 60 * SECOND);

        final RuleHarness forgetting = new RuleHarness(DefaultRules.factory(), 1).sendAll(stream);
        assertThat(forgetting.alertTxIds("card-velocity-60s")).as("t1 and t2 left with t6").isEmpty();
    }

    @Test
    void shouldRejectInvalidConfiguration()
    {
        final List<CompiledRule> twice = List.of(DefaultRules.rules().get(0), DefaultRules.rules().get(0));
        assertThatThrownBy(() -> new RuleProgramFactory(twice)).hasMessageContaining("ordinal 0 used twice");
        assertThatThrownBy(() -> new RuleProgram(2, 2, DefaultRules.rules()))
            .hasMessageContaining("shardId=2 shardCount=2");
        assertThatThrownBy(() -> new RuleProgram(0, 1, DefaultRules.rules(), -1))
            .hasMessageContaining("out-of-order retention");
        final RuleRef ref = DefaultRules.CARD_VELOCITY_60S;
        assertThatThrownBy(() -> new SlidingWindowRule(ref, StatusFilter.ANY, 0, Aggregate.COUNT, "5", 0))
            .hasMessageContaining("card-velocity-60s: window");
        assertThatThrownBy(() -> new SlidingWindowRule(ref, StatusFilter.ANY, 1, Aggregate.COUNT, "five", 0))
            .hasMessageContaining("card-velocity-60s: threshold: expected a whole number");
        assertThatThrownBy(() -> new SlidingWindowRule(ref, StatusFilter.ANY, 1, Aggregate.SUM, "-3", 0))
            .hasMessageContaining("amount threshold");
    }

    @Test
    void shouldNotAllocatePerEventInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final RuleProgram program = (RuleProgram)DefaultRules.factory().create(0, 1);
        final long[] published = new long[1];
        final AlertPublisher alerts = new AlertPublisher((buffer, offset, length) -> published[0]++);
        final int cards = 100;
        final int eventsPerLap = 1_000;
        final long lapMs = 100 * SECOND;
        final UnsafeBuffer[] events = new UnsafeBuffer[eventsPerLap];
        final TransactionFlyweight tx = new TransactionFlyweight();
        final long[] amounts = {100, 5_000, 120, 60_000, 150, 25_000, 80, 90_000, 199, 55_000};
        for (int i = 0; i < eventsPerLap; i++)
        {
            events[i] = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
            tx.wrap(events[i], 0).clear().id(String.format("tx-%04d", i)).card("card-" + (i % cards))
                .merchant("m-1").mcc(5411).amountMinor(amounts[(i / cards) % amounts.length]).currency("USD")
                .country("US").channel(Channel.ECOM).status(i % 7 == 0 ? TxStatus.DECLINED : TxStatus.APPROVED);
        }

        runLaps(program, alerts, tx, events, 0, 60, lapMs);
        final long publishedBefore = published[0];
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        runLaps(program, alerts, tx, events, 60, 80, lapMs);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(published[0]).as("alerts fire in steady state too").isGreaterThan(publishedBefore);
        assertThat(program.liveKeyCount()).isEqualTo(cards);
        // < 1 B per event; JIT recompilation may charge a few KB to the thread
        assertThat(allocated).as("bytes allocated over 20,000 events").isLessThan(16 * 1024);
    }

    private static void runLaps(
        final RuleProgram program,
        final AlertPublisher alerts,
        final TransactionFlyweight tx,
        final UnsafeBuffer[] events,
        final int fromLap,
        final int toLap,
        final long lapMs)
    {
        for (int lap = fromLap; lap < toLap; lap++)
        {
            for (int i = 0; i < events.length; i++)
            {
                tx.wrap(events[i], 0).tsMs(T0 + lap * lapMs + i * (lapMs / events.length));
                program.onTransaction(tx, (long)lap * events.length + i, alerts);
            }
        }
    }

    private static List<String> sortedJson(final RuleHarness harness)
    {
        return harness.alerts().stream().map(CapturedAlert::json).sorted().collect(Collectors.toList());
    }

    static List<Tx> randomStream(final Random random, final int cards, final int events)
    {
        final long[] amounts = {50, 150, 199, 1_000, 25_000, 50_000, 80_000, 150_000};
        final List<Tx> stream = new ArrayList<>();
        long tsMs = T0;
        for (int i = 0; i < events; i++)
        {
            tsMs += random.nextInt(4) * 1_500L;
            stream.add(new Tx(String.format("tx-%05d", i), tsMs, "card-" + random.nextInt(cards),
                amounts[random.nextInt(amounts.length)], "USD", random.nextInt(5) > 0));
        }
        return stream;
    }
}
