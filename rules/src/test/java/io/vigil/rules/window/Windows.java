package io.vigil.rules.window;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;
import io.vigil.rules.CapturedAlert;
import io.vigil.rules.RuleHarness;
import io.vigil.rules.RuleProgramFactory;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.expr.AggregateSpec;
import io.vigil.rules.expr.Condition;
import io.vigil.rules.expr.TxPredicate;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hand-built expressions (what the rule-language compiler will produce) and helpers to run window rules
 * through {@link RuleHarness} and read their alerts.
 */
final class Windows
{
    static final long SECOND = 1_000;
    static final long MINUTE = 60 * SECOND;
    static final RuleRef REF = new RuleRef(0, "w-rule", 1, Severity.HIGH, KeyType.CARD);

    static final AggregateSpec COUNT = new AggregateSpec(AggregateKind.COUNT, null, null, null, "count()");
    static final AggregateSpec COUNT_DECLINED =
        new AggregateSpec(AggregateKind.COUNT, null, tx -> !tx.isApproved(), null, "count(declined)");
    static final AggregateSpec SUM = new AggregateSpec(AggregateKind.SUM, Windows::cents, null, null, "sum(amount)");
    static final AggregateSpec MIN = new AggregateSpec(AggregateKind.MIN, Windows::cents, null, null, "min(amount)");
    static final AggregateSpec MAX = new AggregateSpec(AggregateKind.MAX, Windows::cents, null, null, "max(amount)");
    static final AggregateSpec AVG = new AggregateSpec(AggregateKind.AVG, Windows::cents, null, null, "avg(amount)");
    static final AggregateSpec DISTINCT_MERCHANTS =
        new AggregateSpec(AggregateKind.DISTINCT, null, null, tx -> tx.keyHash(KeyType.MERCHANT), "distinct(merchant)");
    static final AggregateSpec RATIO_DECLINED =
        new AggregateSpec(AggregateKind.RATIO, null, tx -> !tx.isApproved(), null, "ratio(declined)");

    /** Every aggregate kind, in this order: count, count(declined), sum, min, max, avg, distinct, ratio. */
    static final List<AggregateSpec> ALL = List.of(
        COUNT, COUNT_DECLINED, SUM, MIN, MAX, AVG, DISTINCT_MERCHANTS, RATIO_DECLINED);

    private static final ObjectMapper DECIMALS =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Windows()
    {
    }

    /** The amount in minor units, as the aggregates' number (whole, so sums are exact on both sides). */
    static double cents(final io.vigil.core.event.TransactionFlyweight tx)
    {
        return tx.amountMinor();
    }

    static WindowRule rule(
        final WindowSpec window, final List<AggregateSpec> aggregates, final Condition when, final FireMode fire,
        final long cooldownMs, final long latenessMs)
    {
        return new WindowRule(REF, TxPredicate.ALWAYS, window, aggregates, when, fire, cooldownMs, latenessMs);
    }

    /** One shard running the rule with the given out-of-order bound. */
    static RuleHarness harness(final WindowRule rule, final long outOfOrderMs)
    {
        return new RuleHarness(new RuleProgramFactory(List.of(rule), outOfOrderMs), 1);
    }

    static boolean isLate(final CapturedAlert alert)
    {
        return alert.node().has("late_event");
    }

    static List<CapturedAlert> alertsOnly(final RuleHarness harness)
    {
        return harness.alerts().stream().filter(a -> !isLate(a)).collect(Collectors.toList());
    }

    static List<CapturedAlert> lateRecords(final RuleHarness harness)
    {
        return harness.alerts().stream().filter(Windows::isLate).collect(Collectors.toList());
    }

    /** @return the alert's JSON with decimals as {@link BigDecimal}. */
    static JsonNode exact(final CapturedAlert alert)
    {
        try
        {
            return DECIMALS.readTree(alert.json());
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return a detail as plain text: whole numbers and decimals without trailing zeros, "-" when absent. */
    static String figure(final CapturedAlert alert, final String name)
    {
        final JsonNode value = exact(alert).get("details").get(name);
        if (value == null)
        {
            return "-";
        }
        return value.isBigDecimal() || value.isIntegralNumber() ?
            value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
    }

    /** @return the window's start of a close alert, epoch ms. */
    static long windowStartMs(final CapturedAlert alert)
    {
        return Instant.parse(alert.node().get("window_start").asText()).toEpochMilli();
    }

    /** @return the window's end of a close alert, epoch ms. */
    static long windowEndMs(final CapturedAlert alert)
    {
        return Instant.parse(alert.node().get("window_end").asText()).toEpochMilli();
    }

    /** @return whether the alert fired on a window's close (no triggering transaction). */
    static boolean isClose(final CapturedAlert alert)
    {
        return alert.node().get("tx_id").isNull();
    }

    /** Formats a value as the alert details do: rounded to 4 decimals, trailing zeros dropped. */
    static String decimal(final double value)
    {
        return BigDecimal.valueOf(Math.round(value * 10_000), 4).stripTrailingZeros().toPlainString();
    }
}
