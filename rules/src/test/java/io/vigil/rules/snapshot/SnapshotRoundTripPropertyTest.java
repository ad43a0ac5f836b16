package io.vigil.rules.snapshot;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.ShardProgram;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.core.snapshot.SnapshotFormatException;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleSet;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Checkpoints must change nothing: for random streams (several cards and merchants, amounts on both sides of
 * every threshold, ticks, events out of order within the bound) and a random cut, running to the cut, writing
 * every shard's snapshot, restoring it into fresh programs and running the rest gives exactly the alerts, in
 * order and byte for byte, of an uninterrupted run. Covers every state kind: sliding windows with every
 * aggregate, tumbling, hopping and session windows firing early and on close, sequences, absences, the Java
 * rules of {@link DefaultRules}, cooldowns, timers, the watermark and idle-key expiry. Also: a snapshot of a
 * restored program is byte-identical to the one it was restored from, and a truncated snapshot is refused.
 */
class SnapshotRoundTripPropertyTest
{
    private static final int EXAMPLES = 400;
    private static final long T0 = 1_767_571_200_000L;

    static final String ALL_KINDS = String.join("\n",
        "rules:",
        "  - id: s-count",
        "    key: card",
        "    window: { type: sliding, size: 60s }",
        "    when: count() >= 3 && sum(amount) >= 10 && distinct(merchant) >= 2",
        "    severity: low",
        "    cooldown: 30s",
        "  - id: s-extreme",
        "    key: card",
        "    window: { type: sliding, size: 5m }",
        "    when: count() >= 2 && max(amount) >= 50 && min(amount) < 5 && avg(amount) > 1 && seen(merchant) == 0"
            + " && prev(amount) < 30",
        "    severity: low",
        "  - id: t-close",
        "    key: merchant",
        "    window: { type: tumbling, size: 2m, fire: on-close }",
        "    when: count() >= 3 && ratio(status == \"declined\") > 0.3",
        "    severity: low",
        "  - id: h-early",
        "    key: card",
        "    window: { type: hopping, size: 4m, advance: 1m, fire: early-and-on-close }",
        "    when: sum(amount) >= 60 && distinct(merchant) >= 2",
        "    severity: low",
        "    cooldown: 1m",
        "  - id: sess",
        "    key: card",
        "    window: { type: session, gap: 45s, fire: early-and-on-close }",
        "    when: count() >= 3 && max(amount) >= 20",
        "    severity: low",
        "  - id: seq",
        "    key: card",
        "    sequence:",
        "      - { as: probe, filter: amount < 2.00, times: 2+ }",
        "      - { as: hit, filter: amount >= 50.00 }",
        "    within: 3m",
        "    severity: low",
        "  - id: abs",
        "    key: card",
        "    absence:",
        "      first: { filter: status == \"declined\" }",
        "      then: { filter: status == \"approved\" }",
        "      within: 90s",
        "    severity: low",
        "");

    private static final long[] AMOUNTS_MINOR = {100, 150, 400, 2_000, 5_500, 60_000};
    private static final String[] CARDS = {"c-1", "c-2", "c-3", "c-4"};
    private static final String[] MERCHANTS = {"m-1", "m-2", "m-3"};

    @Test
    void ruleFileOfEveryKindShouldGiveTheSameAlertsAcrossASnapshot()
    {
        final RuleSet rules = RuleSet.fromSource("all-kinds.yaml", ALL_KINDS);
        check(rules::factory, 4);
    }

    @Test
    void javaRulesShouldGiveTheSameAlertsAcrossASnapshot()
    {
        check(DefaultRules::factory, 4);
    }

    @Test
    void shouldRefuseATruncatedSnapshotAndOneForAnotherShard()
    {
        final RuleSet rules = RuleSet.fromSource("all-kinds.yaml", ALL_KINDS);
        final Run run = new Run(rules.factory(0), 2);
        final List<Event> events = stream(7, 200, 0);
        run.run(events, 0, events.size());
        final SnapshotWriter out = new SnapshotWriter();
        run.programs[0].writeSnapshot(out);
        final ShardProgram fresh = rules.factory(0).create(0, 2);
        assertThatThrownBy(() -> fresh.restoreSnapshot(new SnapshotReader(out.buffer(), 0, out.length() - 3)))
            .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("truncated");
        final ShardProgram otherShard = rules.factory(0).create(1, 2);
        assertThatThrownBy(() -> otherShard.restoreSnapshot(new SnapshotReader(out.buffer(), 0, out.length())))
            .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("shard id");
        final ShardProgram otherRules = DefaultRules.factory().create(0, 2);
        assertThatThrownBy(() -> otherRules.restoreSnapshot(new SnapshotReader(out.buffer(), 0, out.length())))
            .isInstanceOf(SnapshotFormatException.class);
    }

    private static void check(final LongFunction<ShardProgramFactory> factories, final int maxShards)
    {
        final AtomicInteger withAlertsAfterCut = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(longs().all(), Generate.range(20, 400), Generate.range(0, 1000), Generate.range(1, maxShards))
            .checkAssert((seed, length, cutPerMille, shards) ->
            {
                final long boundMs = (seed & 1) == 0 ? 0 : 30_000;
                final ShardProgramFactory factory = factories.apply(boundMs);
                final List<Event> events = stream(seed, length, boundMs);
                final int cut = events.size() * cutPerMille / 1000;

                final Run whole = new Run(factory, shards);
                whole.run(events, 0, events.size());

                final Run before = new Run(factory, shards);
                before.run(events, 0, cut);
                final Run after = before.restartFromSnapshots(factory);
                after.run(events, cut, events.size());

                final List<String> resumed = new ArrayList<>(before.alerts);
                resumed.addAll(after.alerts);
                assertThat(resumed).as("seed %d, %d events, cut at %d, %d shard(s), bound %d ms",
                    seed, events.size(), cut, shards, boundMs).containsExactlyElementsOf(whole.alerts);
                if (!after.alerts.isEmpty())
                {
                    withAlertsAfterCut.incrementAndGet();
                }
            });
        // the property means something only if alerts that depend on pre-cut state fired after the cut
        assertThat(withAlertsAfterCut.get()).isGreaterThan(EXAMPLES / 2);
    }

    /** A transaction or (amountMinor &lt; 0) a tick at tsMs. */
    record Event(String id, long tsMs, String card, String merchant, long amountMinor, boolean approved)
    {
        boolean isTick()
        {
            return amountMinor < 0;
        }
    }

    static List<Event> stream(final long seed, final int length, final long boundMs)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Event> events = new ArrayList<>(length);
        long timeMs = T0;
        for (int i = 0; i < length; i++)
        {
            final int gapKind = random.nextInt(10);
            timeMs += gapKind < 6 ? random.nextLong(0, 15_000) : gapKind < 9 ? random.nextLong(15_000, 120_000) :
                random.nextLong(120_000, 600_000);
            if (random.nextInt(25) == 0)
            {
                events.add(new Event(null, timeMs, null, null, -1, false));
                continue;
            }
            final long jitterMs = boundMs == 0 ? 0 : random.nextLong(0, boundMs + 1);
            events.add(new Event(String.format("tx-%05d", i), timeMs - jitterMs, CARDS[random.nextInt(CARDS.length)],
                MERCHANTS[random.nextInt(MERCHANTS.length)], AMOUNTS_MINOR[random.nextInt(AMOUNTS_MINOR.length)],
                random.nextInt(4) != 0));
        }
        return events;
    }

    /** The shards of one engine, driven as the engine's shard threads would drive them. */
    static final class Run
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
        private final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
        private final AlertView view = new AlertView();
        final ShardProgram[] programs;
        final AlertPublisher[] publishers;
        final List<String> alerts = new ArrayList<>();

        Run(final ShardProgramFactory factory, final int shards)
        {
            programs = new ShardProgram[shards];
            publishers = new AlertPublisher[shards];
            for (int i = 0; i < shards; i++)
            {
                programs[i] = factory.create(i, shards);
                publishers[i] = new AlertPublisher((b, offset, length) ->
                {
                    view.wrap(b, offset);
                    alerts.add(view.json());
                });
            }
        }

        void run(final List<Event> events, final int from, final int to)
        {
            for (int index = from; index < to; index++)
            {
                final Event e = events.get(index);
                if (!e.isTick())
                {
                    tx.clear().id(e.id()).tsMs(e.tsMs()).card(e.card()).account("a-" + e.card())
                        .merchant(e.merchant()).mcc(5411).amountMinor(e.amountMinor()).currency("USD").country("US")
                        .channel(Channel.POS).status(e.approved() ? TxStatus.APPROVED : TxStatus.DECLINED);
                }
                for (int s = 0; s < programs.length; s++)
                {
                    publishers[s].onEvent(index, 0);
                    if (e.isTick())
                    {
                        programs[s].onTick(e.tsMs(), index, publishers[s]);
                    }
                    else
                    {
                        programs[s].onTransaction(tx, index, publishers[s]);
                    }
                }
            }
            if (to == events.size())
            {
                for (int s = 0; s < programs.length; s++)
                {
                    publishers[s].onEvent(to, 0);
                    programs[s].onTick(Long.MAX_VALUE, to, publishers[s]);
                }
            }
        }

        /** Snapshots every shard, restores each into a fresh program, and checks a second snapshot is identical. */
        Run restartFromSnapshots(final ShardProgramFactory factory)
        {
            final Run restarted = new Run(factory, programs.length);
            for (int s = 0; s < programs.length; s++)
            {
                final SnapshotWriter out = new SnapshotWriter(256);
                programs[s].writeSnapshot(out);
                final SnapshotReader in = new SnapshotReader(out.buffer(), 0, out.length());
                restarted.programs[s].restoreSnapshot(in);
                in.expectEnd();
                final SnapshotWriter again = new SnapshotWriter(256);
                restarted.programs[s].writeSnapshot(again);
                final byte[] first = new byte[out.length()];
                final byte[] second = new byte[again.length()];
                out.buffer().getBytes(0, first);
                again.buffer().getBytes(0, second);
                assertThat(second).as("snapshot of the restored shard %d", s).isEqualTo(first);
                assertThat(((RuleProgram)restarted.programs[s]).liveKeyCount())
                    .isEqualTo(((RuleProgram)programs[s]).liveKeyCount());
            }
            return restarted;
        }
    }
}
