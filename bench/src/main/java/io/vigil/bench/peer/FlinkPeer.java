package io.vigil.bench.peer;

import io.vigil.bench.e2e.Pacer;
import io.vigil.bench.e2e.RunResult;
import io.vigil.bench.e2e.Stage;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The peer: Apache Flink with Flink CEP, in a local mini-cluster in this JVM, running rules equivalent to
 * Vigil's {@code card-velocity-60s}, {@code card-amount-sum-1h} and {@code card-testing} (same thresholds,
 * windows and cooldowns) on the same transactions:
 * <pre>
 *  paced source ─keyBy(card)─┬─► CEP: 5 approved within 60 s ───────────────┐
 *                            ├─► CEP: 3+ probes &lt; 2.00, then a hit ≥ 500.00, │
 *                            │        within 10 min ─────────────────────────┤
 *                            └─► per-event sliding 1 h sum ≥ 3,000 ──────────┴─ keyBy(rule, card) ─► cooldown ─► sink
 * </pre>
 * Event time, parallelism 1 (one task slot per operator chain; the machine has two cores), heap state, no
 * checkpoints (Vigil's comparison runs journal; this side keeps nothing durable, in Flink's favour), network
 * buffers flushed every {@code bufferTimeoutMs}.
 * <p>
 * Thread contract: one run at a time (static probes).
 */
public final class FlinkPeer
{
    /** Name in reports. */
    public static final String NAME = "flink-cep";

    private final long bufferTimeoutMs;
    private final Pacer pacer;

    /**
     * @param bufferTimeoutMs how often Flink flushes partly filled network buffers, ms (0: after every record).
     * @param pacer           how the source waits for an intended time.
     */
    public FlinkPeer(final long bufferTimeoutMs, final Pacer pacer)
    {
        this.bufferTimeoutMs = bufferTimeoutMs;
        this.pacer = pacer;
    }

    /** @return the configuration in words. */
    public String describe()
    {
        return String.format("Flink %s with Flink CEP, local mini-cluster in the harness JVM, parallelism 1, "
            + "event time with a per-event watermark, heap state, no checkpoints, buffer timeout %d ms",
            org.apache.flink.runtime.util.EnvironmentInformation.getVersion(), bufferTimeoutMs);
    }

    /**
     * Runs the job once.
     *
     * @param ratePerSec   offered rate (0: flat out).
     * @param warmupEvents not measured.
     * @param events       measured.
     * @param keepAlerts   whether to keep the alerts (equivalence check).
     * @return what was measured; stages {@link Stage#EVALUATED} (the sum operator, per event) and
     * {@link Stage#ALERT} (per alert, after cooldown).
     * @throws Exception if the job fails.
     */
    public RunResult run(final long ratePerSec, final long warmupEvents, final long events, final boolean keepAlerts)
        throws Exception
    {
        PeerProbe.start(keepAlerts);
        final Configuration conf = new Configuration();
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.setBufferTimeout(bufferTimeoutMs);
        final DataStream<PeerTx> txs = env.addSource(new PacedSource(ratePerSec, warmupEvents, events, pacer),
            "paced-source", TypeInformation.of(PeerTx.class));
        final KeyedStream<PeerTx, String> byCard = txs.keyBy(PeerFunctions::card, org.apache.flink.api.common.typeinfo.Types.STRING);

        final Pattern<PeerTx, PeerTx> velocity = Pattern.<PeerTx>begin("tx")
            .where(SimpleCondition.of(PeerFunctions::approved)).times(5).within(Duration.ofSeconds(60));
        final Pattern<PeerTx, PeerTx> cardTesting = Pattern.<PeerTx>begin("probe")
            .where(SimpleCondition.of(PeerFunctions::probe)).timesOrMore(3)
            .followedBy("hit").where(SimpleCondition.of(PeerFunctions::hit)).within(Duration.ofMinutes(10));

        final DataStream<PeerAlert> velocityAlerts = CEP.pattern(byCard, velocity).inEventTime()
            .process(new LastEventAlert("card-velocity-60s", "tx"), TypeInformation.of(PeerAlert.class));
        final DataStream<PeerAlert> testingAlerts = CEP.pattern(byCard, cardTesting).inEventTime()
            .process(new LastEventAlert("card-testing", "hit"), TypeInformation.of(PeerAlert.class));
        final DataStream<PeerAlert> sumAlerts = byCard.process(new AmountSumFunction(),
            TypeInformation.of(PeerAlert.class));

        velocityAlerts.union(testingAlerts, sumAlerts).keyBy(PeerFunctions::ruleAndCard, org.apache.flink.api.common.typeinfo.Types.STRING)
            .process(new CooldownFunction(), TypeInformation.of(PeerAlert.class))
            .process(new RecordAlert(), TypeInformation.of(PeerAlert.class))
            .sinkTo(new DiscardingSink<>());

        env.execute("vigil-peer-flink-cep");
        final long doneNs = System.nanoTime();
        final Map<Stage, Histogram> stages = new EnumMap<>(Stage.class);
        stages.put(Stage.EVALUATED, PeerProbe.evaluated());
        final Histogram alerts = PeerProbe.alertLatency();
        stages.put(Stage.ALERT, alerts);
        final long lastThrough = Math.max(PeerProbe.lastEvaluatedNanos(), 0);
        final long measureStart = PeerBlock.measureStart();
        final long elapsed = (ratePerSec > 0 ? doneNs : lastThrough) - measureStart;
        final long drainLag = ratePerSec > 0 ? doneNs - PeerBlock.lastIntended() : 0;
        return new RunResult(NAME, ratePerSec, events, elapsed, stages, alerts.getTotalCount(), drainLag, -1, -1, -1,
            false, Map.of());
    }

    /** @return the alerts kept by the last run with {@code keepAlerts}. */
    public static List<PeerAlert> lastAlerts()
    {
        return PeerProbe.alerts();
    }

    /** A CEP match to an alert on its last event. */
    static final class LastEventAlert extends PatternProcessFunction<PeerTx, PeerAlert>
    {
        private static final long serialVersionUID = 1L;
        private final String rule;
        private final String lastStep;

        LastEventAlert(final String rule, final String lastStep)
        {
            this.rule = rule;
            this.lastStep = lastStep;
        }

        @Override
        public void processMatch(final Map<String, List<PeerTx>> match, final Context ctx,
            final Collector<PeerAlert> out)
        {
            final List<PeerTx> last = match.get(lastStep);
            out.collect(PeerAlert.of(rule, last.get(last.size() - 1)));
        }
    }

    /** Times each alert that passed the cooldown. */
    static final class RecordAlert extends org.apache.flink.streaming.api.functions.ProcessFunction<PeerAlert, PeerAlert>
    {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(final PeerAlert alert, final Context ctx, final Collector<PeerAlert> out)
        {
            PeerProbe.onAlert(alert);
        }
    }
}
