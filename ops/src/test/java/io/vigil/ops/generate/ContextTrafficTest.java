package io.vigil.ops.generate;

import io.vigil.core.event.EventKind;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.TransactionJsonParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator with context on: the traffic's transactions unchanged, every event kind written as parseable
 * JSON, in event-time order, start-up tables before the traffic, and each contextual case caught by a
 * brute-force reading of its pack rule while normal traffic stays (nearly) quiet.
 */
class ContextTrafficTest
{
    static final GeneratorConfig CONTEXT = GeneratorConfig.builder().seed(7).events(200_000).cards(2_000)
        .context(true).contextCasesPerMillion(300).build();

    private static List<String> lines;
    private static List<String> truthLines;
    private static List<TruthCase> truth;
    private static GenerationSummary summary;

    @BeforeAll
    static void generate() throws Exception
    {
        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        final ByteArrayOutputStream cases = new ByteArrayOutputStream();
        summary = Generation.write(CONTEXT, events, cases);
        lines = events.toString(StandardCharsets.UTF_8).lines().toList();
        truthLines = cases.toString(StandardCharsets.UTF_8).lines().toList();
        final ContextTraffic again = new ContextTraffic(CONTEXT);
        again.forEachRemaining(e -> { });
        truth = again.truthCases();
    }

    @Test
    void shouldLeaveTheTrafficTransactionsAsTheyAreWithoutContext()
    {
        final TrafficGenerator plain = new TrafficGenerator(GeneratorConfig.builder().seed(7).events(200_000).cards(2_000)
            .build());
        final List<String> expected = new ArrayList<>();
        plain.forEachRemaining(tx -> expected.add(TransactionJsonWriter.toJson(tx)));

        final List<String> traffic = lines.stream().filter(l -> l.startsWith("{\"id\":\"tx-")).toList();
        assertThat(traffic).isEqualTo(expected);
        assertThat(truth.subList(0, plain.truthCases().size())).isEqualTo(plain.truthCases());
    }

    @Test
    void shouldWriteTheAccountOfAccountKeyedCasesInTheTruth()
    {
        assertThat(truthLines).hasSize(truth.size()).hasSize(summary.totalCases());
        for (final String line : truthLines)
        {
            final boolean byAccount = line.contains("\"type\":\"takeover-reset-then-spend\"") ||
                line.contains("\"type\":\"high-risk-customer-large\"");
            assertThat(line.contains("\"account\":\"acct-")).as(line).isEqualTo(byAccount);
        }
    }

    @Test
    void shouldBeDeterministicForASeed() throws Exception
    {
        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        Generation.write(CONTEXT, events, OutputStreamHolder.NULL);
        assertThat(events.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(lines);
    }

    @Test
    void shouldWriteParseableEventsOfEveryKindInEventTimeOrderWithUniqueIds() throws Exception
    {
        final TransactionJsonParser parser = new TransactionJsonParser();
        final TransactionFlyweight event = flyweight();
        final Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        final Set<String> ids = new HashSet<>();
        long lastTs = Long.MIN_VALUE;
        for (final String line : lines)
        {
            parser.parse(line, event);
            kinds.merge(EventKind.fromCode(event.kind()), 1, Integer::sum);
            assertThat(ids.add(event.id())).as(event.id()).isTrue();
            assertThat(event.tsMs()).isGreaterThanOrEqualTo(lastTs);
            lastTs = event.tsMs();
        }
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(EventKind.values());
        assertThat(kinds.get(EventKind.CARD_PROFILE)).isGreaterThanOrEqualTo(CONTEXT.cards());
        assertThat(kinds.get(EventKind.ACCOUNT_EVENT)).isGreaterThan(1_000);
        assertThat(summary.contextEvents()).isEqualTo(lines.size() - kinds.get(EventKind.TRANSACTION));
    }

    @Test
    void shouldGiveEveryCardAProfileBeforeItsFirstTransactionWithTheHomeWhereItMostlyShops() throws Exception
    {
        final TransactionJsonParser parser = new TransactionJsonParser();
        final TransactionFlyweight event = flyweight();
        final Map<String, String> home = new HashMap<>();
        final Map<String, Map<String, Integer>> countries = new HashMap<>();
        for (final String line : lines)
        {
            parser.parse(line, event);
            if (event.kind() == EventKind.CARD_PROFILE.code())
            {
                home.putIfAbsent(event.card(), event.country());
            }
            else if (event.isTransaction())
            {
                assertThat(home).as("profile of " + event.card()).containsKey(event.card());
                countries.computeIfAbsent(event.card(), c -> new TreeMap<>()).merge(event.country(), 1, Integer::sum);
            }
        }
        for (final Map.Entry<String, Map<String, Integer>> e : countries.entrySet())
        {
            final String most = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow()
                .getKey();
            if (e.getValue().values().stream().mapToInt(Integer::intValue).sum() >= 10)
            {
                assertThat(most).as(e.getKey()).isEqualTo(home.get(e.getKey()));
            }
        }
    }

    @Test
    void shouldCatchEveryContextualCaseByItsRuleAndKeepTheQuietRulesQuiet() throws Exception
    {
        final Map<String, TruthCase> caseByTx = new HashMap<>();
        final Map<FraudType, Integer> planned = new EnumMap<>(FraudType.class);
        for (final TruthCase c : truth)
        {
            if (c.type().contextual())
            {
                planned.merge(c.type(), 1, Integer::sum);
                c.txIds().forEach(id -> caseByTx.put(id, c));
            }
        }
        final ContextRulesReference rules = new ContextRulesReference();
        final TransactionJsonParser parser = new TransactionJsonParser();
        final TransactionFlyweight event = flyweight();
        final Set<String> found = new HashSet<>();
        final Map<String, Integer> normalFirings = new TreeMap<>();
        for (final String line : lines)
        {
            parser.parse(line, event);
            final Set<String> fired = rules.apply(event);
            final TruthCase c = caseByTx.get(event.id());
            if (c != null && fired.contains(c.type().wireName()))
            {
                found.add(c.caseId());
            }
            for (final String rule : fired)
            {
                if (c == null)
                {
                    normalFirings.merge(rule, 1, Integer::sum);
                }
            }
        }
        System.out.println("contextual cases " + planned + "; rules firing outside them: " + normalFirings);

        assertThat(planned.keySet()).hasSize(6);
        assertThat(planned.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));
        for (final TruthCase c : truth)
        {
            if (c.type().contextual())
            {
                assertThat(found).as(c.type() + " " + c.caseId()).contains(c.caseId());
            }
        }
        assertThat(normalFirings.getOrDefault("sanctioned-country", 0)).isZero();
        assertThat(normalFirings.getOrDefault("high-risk-merchant-large", 0)).isZero();
        assertThat(normalFirings.getOrDefault("takeover-reset-then-spend", 0)).isZero();
        assertThat(normalFirings.getOrDefault("high-risk-customer-large", 0)).isLessThanOrEqualTo(2);
        // the cardholders' own foreign purchases of 1000+ in a small currency (¥1000 is a few dollars)
        assertThat(normalFirings.getOrDefault("abroad-large-vs-home", 0)).isLessThan(50);
        assertThat(normalFirings.getOrDefault("blocked-card-used", 0)).isLessThanOrEqualTo(2);
    }

    private static TransactionFlyweight flyweight()
    {
        return new TransactionFlyweight().wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    }

    /** A sink for the truth file when only events are compared. */
    private static final class OutputStreamHolder
    {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
