package io.vigil.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.core.engine.Engine;
import io.vigil.core.engine.EngineConfig;
import io.vigil.core.engine.EventSlot;
import io.vigil.core.engine.WaitStrategyKind;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.rules.RuleSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checks that Vigil (running {@link #peerRules()}) and the Flink peer find the same alerts on the same input:
 * the same set of (rule, card, triggering transaction). Run by the harness before it measures, and by a test.
 */
public final class PeerEquivalence
{
    /** The rules both sides run: the first three rules of the default pack, verbatim. */
    public static final String PEER_RULES = "/io/vigil/bench/peer-rules.yaml";

    /**
     * What each side found.
     *
     * @param vigil      Vigil's alerts as "rule card txId".
     * @param peer       the peer's.
     * @param onlyVigil  found by Vigil only.
     * @param onlyPeer   found by the peer only.
     */
    public record Outcome(Set<String> vigil, Set<String> peer, Set<String> onlyVigil, Set<String> onlyPeer)
    {
        /** @return whether both found exactly the same alerts. */
        public boolean equivalent()
        {
            return onlyVigil.isEmpty() && onlyPeer.isEmpty();
        }

        /** @return a one-line summary. */
        public String describe()
        {
            return String.format("vigil %,d alerts, %s %,d alerts, only vigil %d, only %s %d: %s", vigil.size(),
                FlinkPeer.NAME, peer.size(), onlyVigil.size(), FlinkPeer.NAME, onlyPeer.size(),
                equivalent() ? "the same alerts" : "DIFFERENT");
        }
    }

    private PeerEquivalence()
    {
    }

    /** @return the three compared rules as a rule set. */
    public static RuleSet peerRules()
    {
        try (var in = PeerEquivalence.class.getResourceAsStream(PEER_RULES))
        {
            return RuleSet.fromSource("peer-rules.yaml (3 rules of the default pack)",
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Runs both on the transactions, as fast as they go, and compares.
     *
     * @param txs  the input, in event-time order.
     * @param peer the peer.
     * @return what each found.
     * @throws Exception if the peer's job fails.
     */
    public static Outcome check(final List<GeneratedTransaction> txs, final FlinkPeer peer) throws Exception
    {
        final Set<String> vigil = runVigil(txs);
        final PeerTx[] block = new PeerTx[txs.size()];
        for (int i = 0; i < block.length; i++)
        {
            block[i] = PeerTx.of(txs.get(i));
        }
        PeerBlock.set(block, txs.get(txs.size() - 1).tsMs() - txs.get(0).tsMs() + 1);
        peer.run(0, 0, block.length, true);
        final Set<String> flink = new TreeSet<>();
        for (final PeerAlert a : FlinkPeer.lastAlerts())
        {
            flink.add(a.identity());
        }
        final Set<String> onlyVigil = new TreeSet<>(vigil);
        onlyVigil.removeAll(flink);
        final Set<String> onlyPeer = new TreeSet<>(flink);
        onlyPeer.removeAll(vigil);
        return new Outcome(vigil, flink, onlyVigil, onlyPeer);
    }

    private static Set<String> runVigil(final List<GeneratedTransaction> txs)
    {
        final ObjectMapper json = new ObjectMapper();
        final List<String> lines = new ArrayList<>();
        final AlertSink sink = new AlertSink()
        {
            @Override
            public void onAlert(final AlertView alert)
            {
                lines.add(alert.json());
            }
        };
        final EngineConfig config = new EngineConfig().alertSink(sink).programFactory(peerRules().factory())
            .waitStrategy(WaitStrategyKind.SLEEPING);
        try (Engine engine = new Engine(config).start())
        {
            final TransactionFlyweight tx = new TransactionFlyweight();
            for (final GeneratedTransaction g : txs)
            {
                final long seq = engine.claim();
                final EventSlot slot = engine.slot(seq);
                g.encodeTo(tx.wrap(slot.buffer(), 0));
                slot.transaction(System.nanoTime());
                engine.publish(seq);
            }
            engine.publishTick(Long.MAX_VALUE);
            if (!engine.awaitDrained(5, TimeUnit.MINUTES))
            {
                throw new IllegalStateException("engine did not drain");
            }
        }
        final Set<String> out = new TreeSet<>();
        for (final String line : lines)
        {
            try
            {
                final JsonNode a = json.readTree(line);
                out.add(a.get("rule").asText() + " " + a.get("key").asText() + " " + a.get("tx_id").asText());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }
}
