package io.vigil.bench.peer;

import io.vigil.bench.e2e.Pacer;
import io.vigil.ops.generate.GeneratedTransaction;
import io.vigil.ops.generate.GeneratorConfig;
import io.vigil.ops.generate.TrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's peer is only a fair comparison if it does the same work: on one generated stream with injected
 * fraud, Flink CEP and Vigil find the same alerts for the three shared rules. No timing is asserted.
 */
class PeerEquivalenceTest
{
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldFindTheSameAlertsAsVigilOnTheSameStream() throws Exception
    {
        PeerLogging.quiet();
        final TrafficGenerator generator = new TrafficGenerator(GeneratorConfig.builder().events(40_000).cards(500)
            .seed(11).fraudCasesPerMillion(GeneratorConfig.MAX_FRAUD_CASES_PER_MILLION).build());
        final List<GeneratedTransaction> txs = new ArrayList<>();
        generator.forEachRemaining(txs::add);

        final PeerEquivalence.Outcome outcome = PeerEquivalence.check(txs, new FlinkPeer(0, Pacer.YIELD));

        assertThat(outcome.vigil()).anyMatch(a -> a.startsWith("card-velocity-60s "))
            .anyMatch(a -> a.startsWith("card-amount-sum-1h ")).anyMatch(a -> a.startsWith("card-testing "));
        assertThat(outcome.onlyVigil()).as("alerts only Vigil found").isEmpty();
        assertThat(outcome.onlyPeer()).as("alerts only Flink found").isEmpty();
        assertThat(outcome.peer()).isEqualTo(outcome.vigil());
    }
}
