package io.vigil.rules.table;

import io.vigil.core.event.CardStatus;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.util.Hashing;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.NetAlerts;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The three joins against a brute-force reference ({@link JoinReference}) on random mixed streams
 * ({@link JoinScenario}): table updates between transactions, out-of-order events within the bound, one to
 * three shards. The semantics checked: a transaction sees the tables as of its arrival (its journal position),
 * and the alerts that stand (alerts minus retractions) are those of the transactions so enriched, sorted by
 * (event time, id) and evaluated with cooldowns. Some rules test the tables in their {@code when}, which the
 * redo of an out-of-order event re-evaluates on the copies it holds: the values seen at arrival must come along.
 */
class JoinPropertyTest
{
    private static final int EXAMPLES = 300;
    private static final long[] BOUNDS_MS = {0, 30_000, 120_000};

    private static final String STREAM_TABLE_RULES = """
        rules:
          - id: st-status
            key: card
            window: { type: sliding, size: 1m }
            when: count() >= 1 && profile.card_status in ["lost", "stolen"]
            severity: low
            cooldown: 2m
          - id: st-home
            key: card
            filter: profile.home_country != "" && country != profile.home_country && amount >= 50
            window: { type: sliding, size: 1m }
            when: count() >= 1
            severity: low
          - id: st-merchant
            key: merchant
            window: { type: sliding, size: 1m }
            when: merchant.risk == "high" && amount >= 20
            severity: low
            cooldown: 3m
          - id: st-limit
            key: card
            filter: profile.limit > 0 && amount > profile.limit
            window: { type: sliding, size: 1m }
            when: count() >= 1
            severity: low
          - id: st-sanction
            key: account
            filter: country in sanctioned_countries && merchant.category == 7995
            window: { type: sliding, size: 1m }
            when: count() >= 1
            severity: low
        """;

    private static final String TABLE_TABLE_RULES = """
        rules:
          - id: tt-customer
            key: card
            window: { type: sliding, size: 1m }
            when: customer.risk == "high"
            severity: low
            cooldown: 2m
          - id: tt-relinked
            key: card
            filter: profile.account != "" && profile.account != account
            window: { type: sliding, size: 1m }
            when: count() >= 1
            severity: low
        """;

    private static final String STREAM_STREAM_RULES = """
        rules:
          - id: ss-takeover
            key: account
            sequence:
              - { as: reset, event: account_event, filter: action == "password_reset" || action == "device_change" }
              - { as: spend, filter: amount >= 50 }
            within: 5m
            severity: low
            cooldown: %s
        """;

    @Test
    void streamTableJoinShouldMatchTheReference()
    {
        final AtomicInteger firing = new AtomicInteger();
        qt().withExamples(EXAMPLES).forAll(longs().all(), integers().between(0, 2), integers().between(1, 3))
            .checkAssert((seed, bound, shards) ->
            {
                final List<Ev> arrival = JoinScenario.arrival(seed, BOUNDS_MS[bound], 4);
                final JoinReference ref = new JoinReference(arrival);
                final Set<String> expected = new TreeSet<>();
                expected.addAll(ref.filterRule("st-status", s -> s.profile() != null &&
                    (s.profile().subtype() == CardStatus.LOST.code() || s.profile().subtype() == CardStatus.STOLEN.code()),
                    Ev::card, 120_000));
                expected.addAll(ref.filterRule("st-home", s -> s.profile() != null &&
                    !s.tx().country().equals(s.profile().country()) && s.amount() >= 50, Ev::card, 0));
                expected.addAll(ref.filterRule("st-merchant", s -> s.merchant() != null &&
                    s.merchant().level() == RiskLevel.HIGH.code() && s.amount() >= 20, Ev::merchant, 180_000));
                expected.addAll(ref.filterRule("st-limit", s -> s.profile() != null && s.profile().amountMinor() > 0 &&
                    s.tx().amountMinor() > s.profile().amountMinor(), Ev::card, 0));
                expected.addAll(ref.filterRule("st-sanction", s -> s.sanctioned() && s.merchant() != null &&
                    s.merchant().mcc() == 7995, Ev::account, 0));

                final JoinHarness harness = new JoinHarness(STREAM_TABLE_RULES, BOUNDS_MS[bound], shards)
                    .sendAll(arrival).endOfInput();
                assertThat(harness.standing()).as("arrival %s", arrival).isEqualTo(expected);
                if (expected.size() > 2)
                {
                    firing.incrementAndGet();
                }
            });
        assertThat(firing.get()).as("streams with several alerts").isGreaterThan(EXAMPLES / 2);
    }

    @Test
    void tableTableViewShouldMatchTheReference()
    {
        final AtomicInteger firing = new AtomicInteger();
        qt().withExamples(EXAMPLES).forAll(longs().all(), integers().between(0, 2), integers().between(1, 3))
            .checkAssert((seed, bound, shards) ->
            {
                final List<Ev> arrival = JoinScenario.arrival(seed, BOUNDS_MS[bound], 5);
                final JoinReference ref = new JoinReference(arrival);
                final Set<String> expected = new TreeSet<>();
                expected.addAll(ref.filterRule("tt-customer", s -> s.customerRisk() != null &&
                    s.customerRisk() == RiskLevel.HIGH.code(), Ev::card, 120_000));
                expected.addAll(ref.filterRule("tt-relinked", s -> s.profile() != null &&
                    !s.profile().account().equals(s.tx().account()), Ev::card, 0));

                final JoinHarness harness = new JoinHarness(TABLE_TABLE_RULES, BOUNDS_MS[bound], shards)
                    .sendAll(arrival).endOfInput();
                assertThat(harness.standing()).as("arrival %s", arrival).isEqualTo(expected);
                for (final Map.Entry<String, Integer> view : ref.finalCustomerRisk.entrySet())
                {
                    final long card = Hashing.hash(view.getKey());
                    final Map<String, Object> state =
                        harness.shard(Hashing.shardOf(card, shards)).describeKey(KeyType.CARD, card);
                    final RiskLevel risk = RiskLevel.fromCode(view.getValue());
                    assertThat(((Map<?, ?>)state.get("profile")).get("customer_risk")).as("view of %s", view.getKey())
                        .isEqualTo(risk == null ? "" : risk.wireName());
                }
                if (expected.stream().anyMatch(e -> e.startsWith("tt-customer")))
                {
                    firing.incrementAndGet();
                }
            });
        assertThat(firing.get()).as("streams where the customer rule fires").isGreaterThan(EXAMPLES / 3);
    }

    @Test
    void streamStreamJoinShouldMatchTheReference()
    {
        final AtomicInteger firing = new AtomicInteger();
        qt().withExamples(EXAMPLES)
            .forAll(longs().all(), integers().between(0, 2), integers().between(1, 3), integers().between(0, 1))
            .checkAssert((seed, bound, shards, cooldown) ->
            {
                final List<Ev> arrival = JoinScenario.arrival(seed, BOUNDS_MS[bound], 4);
                final long cooldownMs = cooldown == 0 ? 0 : 120_000;
                final Set<String> expected = JoinReference.takeover("ss-takeover", arrival, 50, 300_000, cooldownMs);

                final JoinHarness harness = new JoinHarness(
                    STREAM_STREAM_RULES.formatted(cooldown == 0 ? "0s" : "2m"), BOUNDS_MS[bound], shards)
                    .sendAll(arrival).endOfInput();
                assertThat(harness.standing()).as("arrival %s", arrival).isEqualTo(expected);
                if (!expected.isEmpty())
                {
                    firing.incrementAndGet();
                }
            });
        assertThat(firing.get()).as("streams where the sequence fires").isGreaterThan(EXAMPLES / 3);
    }

    @Test
    void otherKindsShouldNotChangeWhatTransactionRulesGive()
    {
        final List<CompiledRule> transactionRules = RuleSet.defaultPack().rules().stream()
            .filter(r -> !Set.of("blocked-card-used", "abroad-large-vs-home", "high-risk-merchant-large",
                "sanctioned-country", "takeover-reset-then-spend", "high-risk-customer-large")
                .contains(r.ruleRef().id()))
            .collect(Collectors.toList());
        qt().withExamples(100).forAll(longs().all(), integers().between(0, 2), integers().between(1, 3))
            .checkAssert((seed, bound, shards) ->
            {
                final List<Ev> mixed = JoinScenario.arrival(seed, BOUNDS_MS[bound], 6);
                final List<Ev> transactions = new ArrayList<>(mixed);
                transactions.removeIf(e -> !e.isTx());
                final RuleProgramFactory factory = new RuleProgramFactory(transactionRules, BOUNDS_MS[bound]);
                final JoinHarness withOthers = new JoinHarness(factory, shards).sendAll(mixed).endOfInput();
                final JoinHarness alone = new JoinHarness(factory, shards).sendAll(transactions).endOfInput();

                assertThat(withOthers.alerts().stream().map(NetAlerts::content).collect(Collectors.toList()))
                    .isEqualTo(alone.alerts().stream().map(NetAlerts::content).collect(Collectors.toList()));
            });
    }
}
