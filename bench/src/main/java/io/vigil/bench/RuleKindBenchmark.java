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
 * work with that one rule, and the whole default pack ({@code pack}: tables empty; {@code pack-tables}: every
 * card of the traffic with a card profile, every merchant with a reference row, every account with a profile and
 * two sanctioned countries, so each transaction is enriched from every table; {@code joins}: the pack's six join
 * rules alone, tables filled the same way). Run with {@code -prof gc} for the allocation per event
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
    @Param({"sliding", "tumbling", "hopping", "session", "sequence", "absence", "pack", "pack-tables", "joins"})
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
            case "joins":
                rules = RuleSet.fromSource(kind, "rules:\n" + joinRules());
                break;
            default:
                rules = RuleSet.defaultPack();
                break;
        }
        events = new GeneratedEvents(1 << 20, 20_000, 7);
        program = rules.factory().create(0, 1);
        alerts = new AlertPublisher((buffer, offset, length) -> alertBytes += length);
        if ("pack-tables".equals(kind) || "joins".equals(kind))
        {
            fillTables();
        }
    }

    /** @return the default pack's join rules alone (from its "Rules that join" section on). */
    private static String joinRules()
    {
        try (java.io.InputStream in = RuleSet.class.getResourceAsStream(RuleSet.DEFAULT_PACK))
        {
            final String pack = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return pack.substring(pack.indexOf("  # ---- Rules that join"));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** Sends a table row for every card, account and merchant of the traffic (setup; allocates). */
    private void fillTables()
    {
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(
            new byte[io.vigil.core.event.TransactionDescriptor.ENCODED_LENGTH]);
        final io.vigil.core.event.TransactionFlyweight row = new io.vigil.core.event.TransactionFlyweight()
            .wrap(buffer, 0);
        final java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1 << 20; i++)
        {
            final io.vigil.core.event.TransactionFlyweight tx = events.next();
            if (seen.add("c" + tx.card()))
            {
                row.clear().kind(io.vigil.core.event.EventKind.CARD_PROFILE).id("p" + i).tsMs(tx.tsMs())
                    .card(tx.card()).account(tx.account().isEmpty() ? "acct-" + tx.card() : tx.account())
                    .country(tx.country()).amountMinor(500_000).currency("EUR")
                    .subtype(io.vigil.core.event.CardStatus.ACTIVE.code());
                program.onTransaction(row, journalIndex++, alerts);
                row.clear().kind(io.vigil.core.event.EventKind.ACCOUNT_PROFILE).id("a" + i).tsMs(tx.tsMs())
                    .account(tx.account().isEmpty() ? "acct-" + tx.card() : tx.account()).country("DE")
                    .level(io.vigil.core.event.RiskLevel.values()[i % 3].code());
                program.onTransaction(row, journalIndex++, alerts);
            }
            if (seen.add("m" + tx.merchant()))
            {
                row.clear().kind(io.vigil.core.event.EventKind.MERCHANT_PROFILE).id("m" + i).tsMs(tx.tsMs())
                    .merchant(tx.merchant()).mcc(5411).country("DE")
                    .level(io.vigil.core.event.RiskLevel.values()[i % 3].code());
                program.onTransaction(row, journalIndex++, alerts);
            }
        }
        for (final String country : new String[] {"KP", "IR"})
        {
            row.clear().kind(io.vigil.core.event.EventKind.REFERENCE).id("s" + country).tsMs(0).country(country)
                .subtype(io.vigil.core.event.ReferenceList.SANCTIONED_COUNTRY.code()).level(1);
            program.onTransaction(row, journalIndex++, alerts);
        }
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
