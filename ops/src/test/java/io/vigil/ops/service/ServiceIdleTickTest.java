package io.vigil.ops.service;

import io.vigil.core.engine.EventSlot;
import io.vigil.journal.JournalReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.vigil.ops.service.ServiceFixture.T0;
import static io.vigil.ops.service.ServiceFixture.tx;
import static io.vigil.ops.service.ServiceHttpTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quiet source still closes its windows: after {@code ingest.idle-tick} without ingest the service publishes a
 * journaled tick that moves event time on, so a window that fires on close fires without further traffic.
 */
class ServiceIdleTickTest
{
    @Test
    void shouldCloseAWindowOnAQuietSourceThroughAJournaledTick() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture("ingest:\n  idle-tick: 200ms\n"))
        {
            final String rules = "rules:\n  - id: card-second-closed\n    key: card\n    severity: low\n" +
                "    window: {type: tumbling, size: 1s, fire: on-close}\n    when: count() >= 1\n";
            assertThat(f.put("/v1/rules", rules, null).statusCode()).isEqualTo(200);
            assertThat(f.post("/v1/transactions", "[" + tx("q-1", T0 + 100, "card-q", "5.00") + "]", null)
                .statusCode()).isEqualTo(200);

            awaitTrue(() -> f.service.alerts().perRule().getOrDefault("card-second-closed", 0L) == 1L);
            assertThat(f.service.alerts().since(0)).singleElement().asString()
                .contains("\"rule\":\"card-second-closed\"");

            final Path journal = f.service.host().journalDir();
            f.service.close();
            final List<Integer> types = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(journal))
            {
                reader.readAll((index, type, buffer, offset, length) -> types.add(type));
            }
            assertThat(types).as("the tick that closed the window is in the journal, after the transaction")
                .contains(EventSlot.TYPE_TICK);
            assertThat(types.indexOf(EventSlot.TYPE_TICK)).isGreaterThan(types.indexOf(EventSlot.TYPE_TRANSACTION));
        }
    }

    @Test
    void shouldNotTickBeforeTheFirstTransactionNorWhenTurnedOff() throws Exception
    {
        try (ServiceFixture f = new ServiceFixture("ingest:\n  idle-tick: 0s\n"))
        {
            assertThat(f.post("/v1/transactions", "[" + tx("z-1", T0, "card-z", "5.00") + "]", null).statusCode())
                .isEqualTo(200);
            Thread.sleep(300);
            assertThat(f.service.gate().ticks()).isZero();
        }
        try (ServiceFixture f = new ServiceFixture("ingest:\n  idle-tick: 50ms\n"))
        {
            Thread.sleep(300);
            assertThat(f.service.gate().ticks()).as("nothing to tick from before the first transaction").isZero();
        }
    }
}
