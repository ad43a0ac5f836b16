package io.vigil.rules.table;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleProgram;
import io.vigil.rules.RuleSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a mixed stream of event kinds ({@link Ev}) through every shard of a rule set, as the engine does (every
 * shard sees every event, in journal order), and captures the alerts.
 */
public final class JoinHarness
{
    public static final long T0 = 1_767_571_200_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
    private final AlertView view = new AlertView();
    private final RuleProgram[] shards;
    private final AlertPublisher[] publishers;
    private final List<CapturedAlert> alerts = new ArrayList<>();
    private long journalIndex;

    public JoinHarness(final String rulesYaml, final long boundMs, final int shardCount)
    {
        this(RuleSet.fromSource("test.yaml", rulesYaml).factory(boundMs), shardCount);
    }

    public JoinHarness(final ShardProgramFactory factory, final int shardCount)
    {
        shards = new RuleProgram[shardCount];
        publishers = new AlertPublisher[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            final int shardId = i;
            shards[i] = (RuleProgram)factory.create(i, shardCount);
            publishers[i] = new AlertPublisher((b, offset, length) ->
            {
                view.wrap(b, offset);
                alerts.add(new CapturedAlert(shardId, view.ruleOrdinal(), view.eventTimeMs(), view.json()));
            });
        }
    }

    public JoinHarness send(final Ev event)
    {
        event.encode(tx);
        final long index = journalIndex++;
        for (int i = 0; i < shards.length; i++)
        {
            publishers[i].onEvent(index, 0);
            shards[i].onTransaction(tx, index, publishers[i]);
        }
        return this;
    }

    /** Continues journal indexes from {@code index} (a harness restored from another's snapshots). */
    public JoinHarness startAt(final long index)
    {
        journalIndex = index;
        return this;
    }

    /** @return the next journal index. */
    public long journalIndex()
    {
        return journalIndex;
    }

    public JoinHarness sendAll(final List<Ev> events)
    {
        events.forEach(this::send);
        return this;
    }

    public JoinHarness endOfInput()
    {
        final long index = journalIndex++;
        for (int i = 0; i < shards.length; i++)
        {
            publishers[i].onEvent(index, 0);
            shards[i].onTick(Long.MAX_VALUE, index, publishers[i]);
        }
        return this;
    }

    public List<CapturedAlert> alerts()
    {
        return alerts;
    }

    /** @return "rule tx_id" of the alerts that stand (alerts minus retractions), sorted. */
    public Set<String> standing()
    {
        final Set<String> out = new TreeSet<>();
        for (final CapturedAlert a : NetAlerts.net(alerts))
        {
            if (!a.node().has("late_event"))
            {
                out.add(a.rule() + " " + a.txId());
            }
        }
        return out;
    }

    public RuleProgram shard(final int shardId)
    {
        return shards[shardId];
    }

    public int shardCount()
    {
        return shards.length;
    }
}
