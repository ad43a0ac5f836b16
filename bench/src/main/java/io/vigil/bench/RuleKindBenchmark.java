package io.vigil.bench;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.engine.ShardProgram;
import io.vigil.rules.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Each kind of compiled rule, from a rule file, per event of generated traffic (20,000 cards): one shard's
 * work with that one rule, and the whole default pack. Run with {@code -prof gc} for the allocation per event
 * (B/op). Single-threaded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RuleKindBenchmark
{
    private static final String HEAD = "rules:\n  - id: r\n    key: card\n    severity: low\n";

    /** Which rule: a kind of window or pattern, or the whole default pack. */
    @Param({"sliding", "tumbling", "hopping", "session", "sequence", "absence", "pack"})
    public String kind;

    private GeneratedEvents events;
    private ShardProgram program;
    private AlertPublisher alerts;
    private long journalIndex;
    private long alertBytes;

    /** Generates the traffic and compiles the rule. */
    @Setup
    public void setup()
    {
        final RuleSet rules;
        switch (kind)
        {
            case "sliding":
                rules = RuleSet.fromSource(kind, HEAD + "    filter: status == \"approved\"\n" +
                    "    window: { type: sliding, size: 1h }\n" +
                    "    when: count() >= 5 && sum(amount) >= 3000 && distinct(merchant) >= 3\n");
                break;
            case "tumbling":
                rules = RuleSet.fromSource(kind, HEAD + "    window: { type: tumbling, size: 10m, fire: on-close }\n" +
                    "    when: count() >= 3 && ratio(status == \"declined\") > 0.5\n");
                break;
            case "hopping":
                rules = RuleSet.fromSource(kind, HEAD +
                    "    window: { type: hopping, size: 1h, advance: 15m, fire: early }\n" +
                    "    when: sum(amount) >= 3000\n");
                break;
            case "session":
                rules = RuleSet.fromSource(kind, HEAD + "    window: { type: session, gap: 30m }\n" +
                    "    when: count() >= 6 && max(amount) >= 500\n");
                break;
            case "sequence":
                rules = RuleSet.fromSource(kind, HEAD + "    sequence:\n" +
                    "      - { as: probe, filter: amount < 2.00, times: 3+ }\n" +
                    "      - { as: hit, filter: amount >= 500.00 }\n" +
                    "    within: 10m\n");
                break;
            case "absence":
                rules = RuleSet.fromSource(kind, HEAD + "    absence:\n" +
                    "      first: { as: decline, filter: status == \"declined\" }\n" +
                    "      then: { as: retry, filter: status == \"approved\" }\n" +
                    "      within: 30m\n");
                break;
            default:
                rules = RuleSet.defaultPack();
                break;
        }
        events = new GeneratedEvents(1 << 20, 20_000, 7);
        program = rules.factory().create(0, 1);
        alerts = new AlertPublisher((buffer, offset, length) -> alertBytes += length);
    }

    /** @return a value JMH consumes so the work is not optimised away. */
    @Benchmark
    public long perEvent()
    {
        alerts.onEvent(journalIndex, 0);
        program.onTransaction(events.next(), journalIndex++, alerts);
        return alertBytes;
    }
}
