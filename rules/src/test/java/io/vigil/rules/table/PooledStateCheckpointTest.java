package io.vigil.rules.table;

import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.AccountAction;
import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vigil.rules.table.JoinHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key state reused from the pool of expired ones must checkpoint the same bytes as a fresh one: a recovered
 * run starts with an empty pool, so a new key gets a fresh state where the uninterrupted run reuses an expired
 * key's. Found by the two-shard kill-and-recover test with the takeover sequence (its match-bounds scratch array
 * kept the expired key's values).
 */
class PooledStateCheckpointTest
{
    @Test
    void shouldCheckpointTheSameBytesWhetherANewKeysStateWasPooledOrFresh()
    {
        final ShardProgramFactory factory = RuleSet.defaultPack().factory(0);
        final List<Ev> before = new ArrayList<>();
        before.add(Ev.accountEvent("e1", T0, "a1", AccountAction.PASSWORD_RESET));
        before.add(Ev.tx("t1", T0 + 60_000, "c1", "a1", "m1", "DE", 90_000));
        for (int i = 0; i < 8; i++)
        {
            before.add(Ev.tx("t2-" + i, T0 + 7_200_000 + i, "c2", "a2", "m1", "DE", 100));
        }
        final List<Ev> after = List.of(
            Ev.accountEvent("e9", T0 + 7_300_000, "a9", AccountAction.LOGIN),
            Ev.tx("t9", T0 + 7_300_001, "c9", "a9", "m1", "DE", 100));

        final JoinHarness whole = new JoinHarness(factory, 1).sendAll(before).sendAll(after);
        final JoinHarness resumed = TableSnapshotPropertyTest.restore(new JoinHarness(factory, 1).sendAll(before),
            factory).sendAll(after);

        assertThat(whole.standing()).contains("takeover-reset-then-spend t1");
        assertThat(snapshot(resumed)).isEqualTo(snapshot(whole));
    }

    private static byte[] snapshot(final JoinHarness harness)
    {
        final SnapshotWriter out = new SnapshotWriter(256);
        harness.shard(0).writeSnapshot(out);
        final byte[] bytes = new byte[out.length()];
        out.buffer().getBytes(0, bytes);
        return bytes;
    }
}
