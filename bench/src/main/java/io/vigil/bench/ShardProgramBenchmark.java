package io.vigil.bench;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.engine.ShardProgram;
import io.vigil.rules.pack.DefaultRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One shard's whole work per event with the default rule pack: key lookup, every rule's window or pattern
 * update, and the alerts it fires (written into a record and handed to a no-op ring). Generated traffic of
 * 20,000 cards with injected fraud, replayed with time moving forward. Run with {@code -prof gc} for the
 * allocation per event (B/op). Single-threaded, no wait strategy involved.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ShardProgramBenchmark
{
    private GeneratedEvents events;
    private ShardProgram program;
    private AlertPublisher alerts;
    private long journalIndex;
    private long alertBytes;

    /** Generates the traffic and builds the program. */
    @Setup
    public void setup()
    {
        events = new GeneratedEvents(1 << 20, 20_000, 7);
        program = DefaultRules.factory().create(0, 1);
        alerts = new AlertPublisher((buffer, offset, length) -> alertBytes += length);
    }

    /**
     * @return a value JMH consumes so the work is not optimised away.
     */
    @Benchmark
    public long defaultRulesPerEvent()
    {
        alerts.onEvent(journalIndex, 0);
        program.onTransaction(events.next(), journalIndex++, alerts);
        return alertBytes;
    }
}
