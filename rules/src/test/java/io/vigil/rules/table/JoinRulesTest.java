package io.vigil.rules.table;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.KeyType;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.util.Hashing;
import io.vigil.rules.RuleSet;
import io.vigil.rules.lang.RuleError;
import io.vigil.rules.lang.RulesCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.vigil.rules.table.JoinHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default pack's join rules, each on its case and its near misses, and the rule checker's errors for table
 * fields and reference lists.
 */
class JoinRulesTest
{
    private static final long MINUTE = 60_000;

    private static final java.util.Set<String> JOIN_RULES = java.util.Set.of("blocked-card-used",
        "abroad-large-vs-home", "high-risk-merchant-large", "sanctioned-country", "takeover-reset-then-spend",
        "high-risk-customer-large");

    private static List<String> joins(final JoinHarness h)
    {
        return h.standing().stream().filter(s -> JOIN_RULES.contains(s.substring(0, s.indexOf(' '))))
            .collect(Collectors.toList());
    }

    private static JoinHarness pack()
    {
        return new JoinHarness(RuleSet.defaultPack().factory(0), 2);
    }

    @Test
    void shouldFlagABlockedCardOnlyAfterItsProfileSaysSo()
    {
        final JoinHarness h = pack()
            .send(Ev.cardProfile("p1", T0, "c1", "a1", "DE", CardStatus.ACTIVE, 500_000))
            .send(Ev.tx("t1", T0 + MINUTE, "c1", "a1", "m1", "DE", 1_000))
            .send(Ev.cardProfile("p2", T0 + 2 * MINUTE, "c1", "a1", "DE", CardStatus.STOLEN, 500_000))
            .send(Ev.tx("t2", T0 + 3 * MINUTE, "c1", "a1", "m1", "DE", 1_000))
            .send(Ev.tx("t3", T0 + 3 * MINUTE, "c2", "a2", "m1", "DE", 1_000));

        assertThat(joins(h)).containsExactly("blocked-card-used t2");
    }

    @Test
    void shouldFlagALargeSpendAwayFromTheProfilesHomeCountryOnly()
    {
        final JoinHarness h = pack()
            .send(Ev.cardProfile("p1", T0, "c1", "a1", "DE", CardStatus.ACTIVE, 0))
            .send(Ev.tx("t1", T0 + MINUTE, "c1", "a1", "m1", "DE", 150_000))
            .send(Ev.tx("t2", T0 + 2 * MINUTE, "c1", "a1", "m1", "FR", 90_000))
            .send(Ev.tx("t3", T0 + 3 * MINUTE, "c1", "a1", "m1", "FR", 150_000))
            .send(Ev.tx("t4", T0 + 3 * MINUTE, "c9", "a9", "m1", "FR", 150_000));

        assertThat(joins(h)).as("c9 has no profile: not judged").containsExactly("abroad-large-vs-home t3");
    }

    @Test
    void shouldFlagALargeAmountAtAHighRiskMerchant()
    {
        final JoinHarness h = pack()
            .send(Ev.merchant("r1", T0, "m-high", RiskLevel.HIGH, 7995))
            .send(Ev.merchant("r2", T0, "m-low", RiskLevel.LOW, 5411))
            .send(Ev.tx("t1", T0 + MINUTE, "c1", "a1", "m-high", "DE", 40_000))
            .send(Ev.tx("t2", T0 + MINUTE, "c2", "a2", "m-low", "DE", 60_000))
            .send(Ev.tx("t3", T0 + 2 * MINUTE, "c3", "a3", "m-high", "DE", 60_000));

        assertThat(joins(h)).containsExactly("high-risk-merchant-large t3");
    }

    @Test
    void shouldFlagASanctionedCountryWhileItIsOnTheList()
    {
        final JoinHarness h = pack()
            .send(Ev.tx("t0", T0, "c1", "a1", "m1", "KP", 100))
            .send(Ev.sanctioned("s1", T0, "KP", true))
            .send(Ev.tx("t1", T0 + MINUTE, "c2", "a1", "m1", "KP", 100))
            .send(Ev.sanctioned("s2", T0, "KP", false))
            .send(Ev.tx("t2", T0 + 2 * MINUTE, "c3", "a1", "m1", "KP", 100));

        assertThat(joins(h)).containsExactly("sanctioned-country t1");
    }

    @Test
    void shouldFlagSpendWithinFifteenMinutesOfAResetOnTheSameAccount()
    {
        final JoinHarness h = pack()
            .send(Ev.accountEvent("e1", T0, "a1", AccountAction.PASSWORD_RESET))
            .send(Ev.accountEvent("e2", T0, "a2", AccountAction.LOGIN))
            .send(Ev.accountEvent("e3", T0, "a3", AccountAction.DEVICE_CHANGE))
            .send(Ev.tx("t1", T0 + 5 * MINUTE, "c1", "a1", "m1", "DE", 90_000))
            .send(Ev.tx("t2", T0 + 5 * MINUTE, "c2", "a2", "m1", "DE", 90_000))
            .send(Ev.tx("t3", T0 + 16 * MINUTE, "c3", "a3", "m1", "DE", 90_000))
            .send(Ev.tx("t4", T0 + 6 * MINUTE, "c3", "a3", "m1", "DE", 50_000));

        assertThat(joins(h)).containsExactly("takeover-reset-then-spend t1");
    }

    @Test
    void shouldFollowTheCustomerRiskViewAsEitherSideChanges()
    {
        final JoinHarness h = pack()
            .send(Ev.accountProfile("ap1", T0, "a1", RiskLevel.HIGH))
            .send(Ev.accountProfile("ap2", T0, "a2", RiskLevel.LOW))
            .send(Ev.cardProfile("p1", T0, "c1", "a1", "DE", CardStatus.ACTIVE, 0))
            .send(Ev.tx("t1", T0 + MINUTE, "c1", "a1", "m1", "DE", 250_000))
            .send(Ev.cardProfile("p2", T0 + 2 * MINUTE, "c2", "a2", "DE", CardStatus.ACTIVE, 0))
            .send(Ev.tx("t2", T0 + 3 * MINUTE, "c2", "a2", "m1", "DE", 250_000))
            .send(Ev.accountProfile("ap3", T0 + 4 * MINUTE, "a2", RiskLevel.HIGH))
            .send(Ev.tx("t3", T0 + 5 * MINUTE, "c2", "a2", "m1", "DE", 250_000))
            .send(Ev.cardProfile("p3", T0 + 6 * MINUTE, "c1", "a2", "DE", CardStatus.ACTIVE, 0))
            .send(Ev.accountProfile("ap4", T0 + 7 * MINUTE, "a1", RiskLevel.LOW))
            .send(Ev.accountProfile("ap5", T0 + 7 * MINUTE, "a2", RiskLevel.MEDIUM))
            .send(Ev.tx("t4", T0 + 2 * 3_600_000, "c1", "a2", "m1", "DE", 250_000));

        assertThat(joins(h)).containsExactly("high-risk-customer-large t1", "high-risk-customer-large t3");
        final long c1 = hash("c1");
        final Map<String, Object> state = h.shard(Hashing.shardOf(c1, 2)).describeKey(KeyType.CARD, c1);
        @SuppressWarnings("unchecked")
        final Map<String, Object> profile = (Map<String, Object>)state.get("profile");
        assertThat(profile).containsEntry("account", "a2").containsEntry("customer_risk", "medium")
            .containsEntry("home_country", "DE").containsEntry("card_status", "active");
    }

    @Test
    void shouldMatchBlockedBinPrefixes()
    {
        final String rules = """
            rules:
              - id: bin
                key: card
                filter: card in blocked_bins
                window: { type: sliding, size: 1m }
                when: count() >= 1
                severity: low
            """;
        final JoinHarness h = new JoinHarness(rules, 0, 1)
            .send(Ev.blockedBin("b1", T0, "411111", true))
            .send(Ev.blockedBin("b2", T0, "5500", true))
            .send(Ev.tx("t1", T0, "4111119999", "a1", "m1", "DE", 100))
            .send(Ev.tx("t2", T0, "4111129999", "a1", "m1", "DE", 100))
            .send(Ev.tx("t3", T0, "55001234", "a1", "m1", "DE", 100))
            .send(Ev.blockedBin("b3", T0, "5500", false))
            .send(Ev.tx("t4", T0, "55009999", "a1", "m1", "DE", 100));

        assertThat(h.standing()).containsExactly("bin t1", "bin t3");
    }

    @Test
    void shouldReportTableMistakesWithTheirPlace()
    {
        final String rules = """
            rules:
              - id: a
                key: merchant
                filter: profile.home_country != country
                window: { type: sliding, size: 1m }
                when: count() >= 1
                severity: low
              - id: b
                key: card
                filter: profile.home_contry == "DE" || merchant in sanctioned_countries || country in bad_list
                window: { type: sliding, size: 1m }
                when: merchant.risk == "extreme"
                severity: low
            """;
        final List<String> errors = RulesCheck.check("rules.yaml", rules).stream().map(RuleError::toString)
            .collect(Collectors.toList());

        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("rules.yaml:4:13: 'profile.home_country' is " +
            "kept in the card's own shard").contains("found key: merchant"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("rules.yaml:10:13: unknown field " +
            "'profile.home_contry' (did you mean 'profile.home_country'?)"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("rules.yaml:10:44: sanctioned_countries is " +
            "tested with the field country"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("rules.yaml:10:91: unknown reference list " +
            "'bad_list'"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("rules.yaml:12:28: unknown merchant.risk " +
            "\"extreme\": expected one of \"low\", \"medium\", \"high\", or \"\" (no row)"));
    }

    @Test
    void shouldRefuseAndCountNewRowsPastTheCapWhileUpdatingHeldOnes()
    {
        final JoinHarness h = new JoinHarness(RuleSet.defaultPack().factory(0, new TableLimits(2, 1, 1, 1)), 1)
            .send(Ev.cardProfile("p1", T0, "c1", "a1", "DE", CardStatus.LOST, 0))
            .send(Ev.cardProfile("p2", T0, "c2", "a1", "DE", CardStatus.ACTIVE, 0))
            .send(Ev.cardProfile("p3", T0, "c3", "a1", "DE", CardStatus.LOST, 0))
            .send(Ev.cardProfile("p4", T0, "c2", "a1", "DE", CardStatus.STOLEN, 0))
            .send(Ev.merchant("r1", T0, "m1", RiskLevel.HIGH, 1))
            .send(Ev.merchant("r2", T0, "m2", RiskLevel.HIGH, 1))
            .send(Ev.sanctioned("s1", T0, "KP", true))
            .send(Ev.sanctioned("s2", T0, "IR", true))
            .send(Ev.tx("t1", T0 + MINUTE, "c1", "a1", "m0", "DE", 100))
            .send(Ev.tx("t2", T0 + MINUTE, "c2", "a1", "m0", "DE", 100))
            .send(Ev.tx("t3", T0 + MINUTE, "c3", "a1", "m0", "IR", 100));

        assertThat(joins(h)).as("c3's profile and IR were refused: they read as missing")
            .containsExactly("blocked-card-used t1", "blocked-card-used t2");
        final ShardTables tables = h.shard(0).tables();
        assertThat(tables.cardProfiles()).isEqualTo(2);
        assertThat(tables.merchants()).isEqualTo(1);
        assertThat(tables.referenceEntries()).isEqualTo(1);
        assertThat(tables.refusedRows()).isEqualTo(3);
    }

    private static long hash(final String key)
    {
        return Hashing.hash(key);
    }
}
