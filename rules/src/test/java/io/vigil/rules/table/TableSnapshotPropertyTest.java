package io.vigil.rules.table;

import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Tables are part of checkpoints: for random mixed streams (table updates, account events, transactions out of
 * order within the bound) and a random cut, running to the cut, snapshotting every shard, restoring into fresh
 * programs (a simulated crash and recovery) and running the rest gives exactly the alerts of an uninterrupted
 * run, in order and byte for byte; a restored shard's snapshot is identical to the one it came from.
 */
class TableSnapshotPropertyTest
{
    private static final int EXAMPLES = 200;
    private static final long[] BOUNDS_MS = {0, 30_000, 120_000};

    /** The default pack plus rules that read the tables in {@code when} (which the redo re-evaluates). */
    private static final String EXTRA_RULES = """
          - id: x-status
            key: card
            window: { type: sliding, size: 5m }
            when: count() >= 1 && profile.card_status in ["lost", "stolen"] && customer.risk != "low"
            severity: low
            cooldown: 2m
          - id: x-merchant
            key: merchant
            window: { type: sliding, size: 1m }
            when: merchant.risk == "high" && amount >= 20 && !(country in sanctioned_countries)
            severity: low
            cooldown: 1m
          - id: x-takeover
            key: account
            sequence:
              - { as: reset, event: account_event, filter: action == "password_reset" || action == "device_change" }
              - { as: spend, filter: amount >= 50 && merchant.category != 7995 }
            within: 5m
            severity: low
        """;

    @Test
    void shouldGiveTheSameAlertsAcrossASnapshotWithTables() throws java.io.IOException
    {
        final String pack;
        try (java.io.InputStream in = RuleSet.class.getResourceAsStream(RuleSet.DEFAULT_PACK))
        {
            pack = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        final RuleSet rules = RuleSet.fromSource("pack-and-joins.yaml", pack + "\n" + EXTRA_RULES);
        final AtomicInteger withAlertsAfterCut = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(longs().all(), integers().between(0, 2), integers().between(0, 1000), integers().between(1, 3))
            .checkAssert((seed, bound, cutPerMille, shards) ->
            {
                final ShardProgramFactory factory = rules.factory(BOUNDS_MS[bound]);
                final List<Ev> events = JoinScenario.arrival(seed, BOUNDS_MS[bound], 5);
                final int cut = events.size() * cutPerMille / 1000;

                final JoinHarness whole = new JoinHarness(factory, shards).sendAll(events).endOfInput();
                final JoinHarness before = new JoinHarness(factory, shards).sendAll(events.subList(0, cut));
                final JoinHarness after = restore(before, factory).sendAll(events.subList(cut, events.size()))
                    .endOfInput();

                final List<String> resumed = new ArrayList<>(json(before.alerts()));
                resumed.addAll(json(after.alerts()));
                assertThat(resumed).as("seed %d cut %d shards %d", seed, cut, shards)
                    .containsExactlyElementsOf(json(whole.alerts()));
                if (after.alerts().stream().anyMatch(a -> a.rule().startsWith("x-") || a.rule().contains("-risk-") ||
                    a.rule().startsWith("blocked") || a.rule().startsWith("abroad")))
                {
                    withAlertsAfterCut.incrementAndGet();
                }
            });
        assertThat(withAlertsAfterCut.get()).as("runs with a join alert after the cut").isGreaterThan(EXAMPLES / 3);
    }

    static JoinHarness restore(final JoinHarness from, final ShardProgramFactory factory)
    {
        final JoinHarness restored = new JoinHarness(factory, from.shardCount()).startAt(from.journalIndex());
        for (int s = 0; s < from.shardCount(); s++)
        {
            final SnapshotWriter out = new SnapshotWriter(256);
            from.shard(s).writeSnapshot(out);
            final SnapshotReader in = new SnapshotReader(out.buffer(), 0, out.length());
            restored.shard(s).restoreSnapshot(in);
            in.expectEnd();
            final SnapshotWriter again = new SnapshotWriter(256);
            restored.shard(s).writeSnapshot(again);
            final byte[] first = new byte[out.length()];
            final byte[] second = new byte[again.length()];
            out.buffer().getBytes(0, first);
            again.buffer().getBytes(0, second);
            assertThat(second).as("snapshot of the restored shard %d", s).isEqualTo(first);
            assertThat(restored.shard(s).tables().cardProfiles()).isEqualTo(from.shard(s).tables().cardProfiles());
        }
        return restored;
    }

    private static List<String> json(final List<CapturedAlert> alerts)
    {
        return alerts.stream().map(CapturedAlert::json).collect(Collectors.toList());
    }
}
