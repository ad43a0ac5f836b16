package io.vigil.bench.peer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayDeque;

/**
 * The peer's {@code card-amount-sum-1h}: per card, approved amounts in a sliding hour {@code (t − 1h, t]},
 * fires on each event whose window sum reaches 3,000 (cooldown applied downstream). Sums in the same fixed
 * point as Vigil (6 decimals, rounded half up) so both compare the threshold on identical numbers. Runs on
 * arrival (processing order), as a Flink user would write a per-event sliding aggregate: Flink's own sliding
 * windows hop on a fixed slide and are not per-event. Also times every event it sees into {@link PeerProbe}.
 */
public final class AmountSumFunction extends KeyedProcessFunction<String, PeerTx, PeerAlert>
{
    private static final long serialVersionUID = 1L;
    private static final long WINDOW_MS = 3_600_000L;
    private static final long FIXED_SCALE = 1_000_000L;
    private static final long THRESHOLD_FIXED = 3_000 * FIXED_SCALE;

    private transient ValueState<ArrayDeque<long[]>> window;

    @Override
    public void open(final OpenContext openContext)
    {
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("amounts",
            TypeInformation.of(new TypeHint<ArrayDeque<long[]>>() { })));
    }

    @Override
    public void processElement(final PeerTx tx, final Context ctx, final Collector<PeerAlert> out) throws Exception
    {
        if (tx.approved)
        {
            ArrayDeque<long[]> events = window.value();
            if (events == null)
            {
                events = new ArrayDeque<>();
            }
            events.addLast(new long[] {tx.tsMs, Math.round(tx.amount * FIXED_SCALE)});
            while (events.peekFirst()[0] <= tx.tsMs - WINDOW_MS)
            {
                events.removeFirst();
            }
            long sum = 0;
            for (final long[] e : events)
            {
                sum += e[1];
            }
            window.update(events);
            if (sum >= THRESHOLD_FIXED)
            {
                out.collect(PeerAlert.of("card-amount-sum-1h", tx));
            }
        }
        PeerProbe.onEvaluated(tx.seq, tx.intendedNanos);
    }
}
