package io.vigil.ops.delivery;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.ops.sink.FanOutAlertSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint barrier reaching the alert sinks: the fan-out passes it to every sink (not only a flush), and the
 * outbox sink records the outbox sequence reached, every alert before the barrier already appended and readable
 * from a fresh open of the outbox.
 */
class OutboxCheckpointTest
{
    @Test
    void shouldHaveEveryAlertBeforeTheBarrierInTheOutboxWhenTheCheckpointPasses(@TempDir final Path dir)
    {
        final List<Long> seen = new ArrayList<>();
        final AlertSink recorder = new AlertSink()
        {
            @Override
            public void onAlert(final AlertView alert)
            {
            }

            @Override
            public void onCheckpoint(final long checkpointId)
            {
                seen.add(checkpointId);
            }
        };
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("outbox")))
        {
            final OutboxAlertSink sink = new OutboxAlertSink(outbox, TestAlerts.ROUTES, null);
            final FanOutAlertSink fanOut = new FanOutAlertSink(List.of(sink, recorder));
            for (int n = 0; n < 3; n++)
            {
                fanOut.onAlert(TestAlerts.alert(n, n % 2));
            }
            assertThat(sink.checkpointedSeq()).isZero();
            fanOut.onCheckpoint(7);
            assertThat(seen).containsExactly(7L);
            assertThat(sink.checkpointedSeq()).isEqualTo(3);
            try (AlertOutbox reopened = AlertOutbox.open(dir.resolve("outbox")))
            {
                assertThat(reopened.lastSeq()).as("appended, visible to another reader").isEqualTo(3);
            }
        }
    }
}
