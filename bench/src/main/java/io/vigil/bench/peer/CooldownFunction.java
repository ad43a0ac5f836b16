package io.vigil.bench.peer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Vigil's cooldown on the peer's candidate alerts, keyed by (rule, card): after an alert at event time
 * {@code a}, that rule's further alerts for the card with time {@code < a + cooldown} are dropped. Also drops
 * the duplicate matches Flink CEP gives for one triggering event.
 */
public final class CooldownFunction extends KeyedProcessFunction<String, PeerAlert, PeerAlert>
{
    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> lastAlertMs;

    @Override
    public void open(final OpenContext openContext)
    {
        lastAlertMs = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Long.class));
    }

    @Override
    public void processElement(final PeerAlert alert, final Context ctx, final Collector<PeerAlert> out)
        throws Exception
    {
        final Long last = lastAlertMs.value();
        if (last != null && alert.tsMs < last + cooldownMs(alert.rule))
        {
            return;
        }
        lastAlertMs.update(alert.tsMs);
        out.collect(alert);
    }

    static long cooldownMs(final String rule)
    {
        switch (rule)
        {
            case "card-velocity-60s":
                return 5 * 60_000L;
            case "card-amount-sum-1h":
                return 3_600_000L;
            case "card-testing":
                return 10 * 60_000L;
            default:
                throw new IllegalArgumentException("unknown rule " + rule);
        }
    }
}
