package io.vigil.rules;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.ShardProgramFactory;
import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import io.vigil.rules.pack.DefaultRules;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs every shard's {@link RuleProgram} on transactions encoded with {@link TransactionFlyweight} into one
 * reused buffer, as the engine's shard threads would (each shard sees every event, in arrival order), and
 * captures the alert records through {@link AlertView}.
 */
public final class RuleHarness
{
    /** 2026-01-05T00:00:00Z. */
    public static final long T0 = 1_767_571_200_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]);
    private final TransactionFlyweight tx = new TransactionFlyweight().wrap(buffer, 0);
    private final AlertView view = new AlertView();
    private final RuleProgram[] shards;
    private final AlertPublisher[] publishers;
    private final List<CapturedAlert> alerts = new ArrayList<>();
    private long journalIndex;

    /** One shard running {@link DefaultRules}. */
    public RuleHarness()
    {
        this(DefaultRules.factory(), 1);
    }

    /**
     * @param factory    creates the shard programs.
     * @param shardCount number of shards.
     */
    public RuleHarness(final ShardProgramFactory factory, final int shardCount)
    {
        shards = new RuleProgram[shardCount];
        publishers = new AlertPublisher[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            final int shardId = i;
            shards[i] = (RuleProgram)factory.create(i, shardCount);
            publishers[i] = new AlertPublisher((buffer, offset, length) ->
            {
                view.wrap(buffer, offset);
                alerts.add(new CapturedAlert(shardId, view.ruleOrdinal(), view.eventTimeMs(), view.json()));
            });
        }
    }

    /**
     * Encodes and runs one transaction on every shard.
     *
     * @param t the transaction.
     * @return this.
     */
    public RuleHarness send(final Tx t)
    {
        return send(t, "m-1", "US");
    }

    /**
     * Encodes and runs one transaction on every shard, with a given merchant and country.
     *
     * @param t        the transaction.
     * @param merchant its merchant id.
     * @param country  its ISO 3166-1 alpha-2 country.
     * @return this.
     */
    public RuleHarness send(final Tx t, final String merchant, final String country)
    {
        return send(t, merchant, country, Channel.POS, Double.NaN, Double.NaN);
    }

    /**
     * Encodes and runs one transaction on every shard, with a given merchant, country, channel and location.
     *
     * @param t        the transaction.
     * @param merchant its merchant id.
     * @param country  its ISO 3166-1 alpha-2 country.
     * @param channel  its channel.
     * @param lat      latitude in degrees, NaN for no location.
     * @param lon      longitude in degrees, NaN for no location.
     * @return this.
     */
    public RuleHarness send(final Tx t, final String merchant, final String country, final Channel channel,
        final double lat, final double lon)
    {
        tx.clear().id(t.id()).tsMs(t.tsMs()).card(t.card()).account("acc-" + t.card()).merchant(merchant).mcc(5411)
            .amountMinor(t.amountMinor()).currency(t.currency()).country(country).channel(channel)
            .status(t.approved() ? TxStatus.APPROVED : TxStatus.DECLINED);
        if (!Double.isNaN(lat) && !Double.isNaN(lon))
        {
            tx.location(lat, lon);
        }
        final long index = journalIndex++;
        for (int i = 0; i < shards.length; i++)
        {
            publishers[i].onEvent(index, 0);
            shards[i].onTransaction(tx, index, publishers[i]);
        }
        return this;
    }

    /**
     * Runs a journaled tick on every shard: event time reached {@code eventTimeMs} without a transaction.
     *
     * @param eventTimeMs the tick's event time, epoch ms; {@link Long#MAX_VALUE} ends the input.
     * @return this.
     */
    public RuleHarness tick(final long eventTimeMs)
    {
        final long index = journalIndex++;
        for (int i = 0; i < shards.length; i++)
        {
            publishers[i].onEvent(index, 0);
            shards[i].onTick(eventTimeMs, index, publishers[i]);
        }
        return this;
    }

    /** Runs the final tick of a bounded input, which fires every pending timer. */
    public RuleHarness endOfInput()
    {
        return tick(Long.MAX_VALUE);
    }

    /**
     * @param txs transactions, sent in list order.
     * @return this.
     */
    public RuleHarness sendAll(final List<Tx> txs)
    {
        for (final Tx t : txs)
        {
            send(t);
        }
        return this;
    }

    /** Sends an approved USD transaction. */
    public RuleHarness approved(final String id, final long tsMs, final String card, final long amountMinor)
    {
        return send(new Tx(id, tsMs, card, amountMinor, "USD", true));
    }

    /** Sends a declined USD transaction. */
    public RuleHarness declined(final String id, final long tsMs, final String card, final long amountMinor)
    {
        return send(new Tx(id, tsMs, card, amountMinor, "USD", false));
    }

    /** @return every alert captured so far, in publication order. */
    public List<CapturedAlert> alerts()
    {
        return alerts;
    }

    /**
     * @param ruleId a rule id.
     * @return that rule's alerts, in publication order.
     */
    public List<CapturedAlert> alerts(final String ruleId)
    {
        return alerts.stream().filter(a -> a.rule().equals(ruleId)).collect(Collectors.toList());
    }

    /**
     * @param ruleId a rule id.
     * @return tx ids of that rule's alerts, in publication order.
     */
    public List<String> alertTxIds(final String ruleId)
    {
        return alerts(ruleId).stream().map(CapturedAlert::txId).collect(Collectors.toList());
    }

    /**
     * @param shardId a shard.
     * @return its program.
     */
    public RuleProgram shard(final int shardId)
    {
        return shards[shardId];
    }

    /** @return number of shards. */
    public int shardCount()
    {
        return shards.length;
    }
}
