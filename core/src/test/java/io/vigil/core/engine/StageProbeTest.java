package io.vigil.core.engine;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;
import io.vigil.core.util.Hashing;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StageProbeTest
{
    private static final RuleRef BIG = new RuleRef(0, "big-amount", 1, Severity.HIGH, KeyType.CARD);

    @Test
    void shouldReportEveryTransactionAtEveryStageOnceInOrderWithItsReceiptTimeAndAlertCount()
    {
        final RecordingProbe probe = new RecordingProbe();
        final ShardProgramFactory rules = (shardId, shardCount) -> (tx, journalIndex, alerts) ->
        {
            if (tx.amountMinor() >= 10_000 && Hashing.shardOf(tx.keyHash(KeyType.CARD), shardCount) == shardId)
            {
                alerts.begin(BIG, tx, journalIndex).publish();
            }
        };
        try (Engine engine = new Engine(new EngineConfig().shardCount(2).programFactory(rules)
            .alertSink(new EngineTest.ListSink()).stageProbe(probe)).start())
        {
            for (int i = 0; i < 50; i++)
            {
                EngineTest.publish(engine, i, i % 10 == 0 ? 20_000 : 100);
            }
            engine.publishTick(Long.MAX_VALUE);
            assertThat(engine.awaitDrained(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(probe.journaled).hasSize(50).isSorted();
        assertThat(probe.collected).hasSize(50).isSorted().containsExactlyElementsOf(probe.journaled);
        assertThat(probe.evaluated).hasSize(100);
        assertThat(probe.evaluated.stream().filter(s -> s.startsWith("0:"))).hasSize(50);
        assertThat(probe.alertsPerEvent).hasSize(50);
        assertThat(probe.alertsPerEvent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(probe.alertsPerEvent.get(10)).isEqualTo(1);
        assertThat(probe.receiptsMonotonic).isTrue();
    }

    private static final class RecordingProbe implements StageProbe
    {
        final List<Long> journaled = new CopyOnWriteArrayList<>();
        final List<String> evaluated = new CopyOnWriteArrayList<>();
        final List<Long> collected = new CopyOnWriteArrayList<>();
        final List<Integer> alertsPerEvent = new CopyOnWriteArrayList<>();
        volatile boolean receiptsMonotonic = true;
        private long lastReceipt = Long.MIN_VALUE;

        @Override
        public void onJournaled(final long sequence, final long receivedNanos)
        {
            journaled.add(sequence);
            if (receivedNanos < lastReceipt)
            {
                receiptsMonotonic = false;
            }
            lastReceipt = receivedNanos;
        }

        @Override
        public void onEvaluated(final int shardId, final long sequence, final long receivedNanos)
        {
            evaluated.add(shardId + ":" + sequence);
        }

        @Override
        public void onCollected(final long sequence, final long receivedNanos, final int alerts)
        {
            collected.add(sequence);
            alertsPerEvent.add(alerts);
        }
    }
}
