package io.vigil.rules.expr;

import io.vigil.core.event.Channel;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.junit.jupiter.api.Test;

import static io.vigil.rules.expr.Events.matches;
import static org.assertj.core.api.Assertions.assertThat;

class ExprEvaluationTest
{
    private final TransactionFlyweight tx = Events.typical();
    private final TransactionFlyweight bare = Events.bare();

    @Test
    void shouldCompareEveryByteStringField()
    {
        assertThat(matches("id == \"tx-0001\"", tx)).isTrue();
        assertThat(matches("id == \"tx-000\"", tx)).isFalse();
        assertThat(matches("id == \"tx-00011\"", tx)).isFalse();
        assertThat(matches("card == \"card-42\"", tx)).isTrue();
        assertThat(matches("card == \"card-43\"", tx)).isFalse();
        assertThat(matches("account == \"acct-7\"", tx)).isTrue();
        assertThat(matches("merchant == \"m-17\"", tx)).isTrue();
        assertThat(matches("merchant != \"m-17\"", tx)).isFalse();
        assertThat(matches("device == \"dev-9\"", tx)).isTrue();
        assertThat(matches("ip == \"10.0.0.1\"", tx)).isTrue();
        assertThat(matches("ip == \"10.0.0.2\"", tx)).isFalse();
        assertThat(matches("\"card-42\" == card", tx)).isTrue();
    }

    @Test
    void shouldTreatAnAbsentOptionalStringAsEmpty()
    {
        assertThat(matches("device == \"\"", bare)).isTrue();
        assertThat(matches("account == \"\"", bare)).isTrue();
        assertThat(matches("ip != \"\"", bare)).isFalse();
        assertThat(matches("device == \"\"", tx)).isFalse();
    }

    @Test
    void shouldComparePackedCodesAndEnums()
    {
        assertThat(matches("currency == \"EUR\"", tx)).isTrue();
        assertThat(matches("currency == \"USD\"", tx)).isFalse();
        assertThat(matches("country == \"DE\"", tx)).isTrue();
        assertThat(matches("country != \"DE\"", bare)).isTrue();
        assertThat(matches("channel == \"pos\"", tx)).isTrue();
        assertThat(matches("channel == \"ecom\"", bare)).isTrue();
        assertThat(matches("status == \"approved\"", tx)).isTrue();
        assertThat(matches("status == \"declined\"", tx)).isFalse();
        assertThat(matches("status == \"declined\"", bare)).isTrue();
    }

    @Test
    void shouldTestMembershipOfEveryStringField()
    {
        assertThat(matches("id in [\"a\", \"tx-0001\"]", tx)).isTrue();
        assertThat(matches("card in [\"card-1\", \"card-42\"]", tx)).isTrue();
        assertThat(matches("card in [\"card-1\", \"card-2\"]", tx)).isFalse();
        assertThat(matches("account in [\"acct-7\"]", tx)).isTrue();
        assertThat(matches("merchant in [\"m-1\", \"m-17\"]", tx)).isTrue();
        assertThat(matches("device in [\"dev-9\"]", tx)).isTrue();
        assertThat(matches("ip in [\"10.0.0.1\", \"::1\"]", tx)).isTrue();
        assertThat(matches("currency in [\"GBP\", \"EUR\"]", tx)).isTrue();
        assertThat(matches("currency in [\"GBP\", \"CHF\"]", tx)).isFalse();
        assertThat(matches("country in [\"FR\", \"DE\"]", tx)).isTrue();
        assertThat(matches("country in [\"FR\", \"NL\"]", tx)).isFalse();
        assertThat(matches("channel in [\"atm\", \"pos\"]", tx)).isTrue();
        assertThat(matches("channel in [\"atm\", \"moto\"]", tx)).isFalse();
        assertThat(matches("status in [\"declined\"]", tx)).isFalse();
        assertThat(matches("status in [\"declined\", \"approved\"]", tx)).isTrue();
        assertThat(matches("!(country in [\"DE\"])", tx)).isFalse();
    }

    @Test
    void shouldCompareTwoStringFields()
    {
        tx.device("card-42");
        assertThat(matches("card == device", tx)).isTrue();
        assertThat(matches("card == merchant", tx)).isFalse();
        assertThat(matches("card != merchant", tx)).isTrue();
        tx.merchant("DE");
        assertThat(matches("merchant == country", tx)).isTrue();
        tx.merchant("pos");
        assertThat(matches("merchant == channel", tx)).isTrue();
        tx.merchant("EUR");
        assertThat(matches("currency == merchant", tx)).isTrue();
        tx.account("approved");
        assertThat(matches("account == status", tx)).isTrue();
    }

    @Test
    void shouldReadAmountInMajorUnitsOfEachCurrency()
    {
        assertThat(matches("amount == 12.34", tx)).isTrue();
        assertThat(matches("amount > 12.33 && amount < 12.35", tx)).isTrue();
        tx.currency("JPY").amountMinor(1234);
        assertThat(matches("amount == 1234", tx)).isTrue();
        tx.currency("KWD").amountMinor(1234);
        assertThat(matches("amount == 1.234", tx)).isTrue();
        tx.currency("EUR").amountMinor(10);
        assertThat(matches("amount == 0.10", tx)).isTrue();
        assertThat(matches("amount < 2.00", tx)).isTrue();
        tx.amountMinor(200);
        assertThat(matches("amount < 2.00", tx)).isFalse();
        assertThat(matches("amount >= 2", tx)).isTrue();
    }

    @Test
    void shouldReadTheNumericFields()
    {
        assertThat(matches("ts == 1767608130000", tx)).isTrue();
        assertThat(matches("mcc == 5411", tx)).isTrue();
        assertThat(matches("mcc in [5411, 5812]", tx)).isTrue();
        assertThat(matches("mcc in [5812]", tx)).isFalse();
        assertThat(matches("lat > 52.5 && lon < 13.5", tx)).isTrue();
        assertThat(matches("mcc == 0", bare)).isTrue();
    }

    @Test
    void shouldGiveNaNForAnAbsentLocationSoComparisonsAreFalse()
    {
        assertThat(matches("lat > -1000", bare)).isFalse();
        assertThat(matches("lat < 1000", bare)).isFalse();
        assertThat(matches("lat == lat", bare)).isFalse();
        assertThat(matches("lat != lat", bare)).isTrue();
        assertThat(matches("lat == lat", tx)).isTrue();
        assertThat(matches("!(lon >= -180)", bare)).isTrue();
    }

    @Test
    void shouldComputeTheUtcHour()
    {
        assertThat(matches("hour == 10", tx)).isTrue();
        tx.tsMs(1_767_571_200_000L);
        assertThat(matches("hour == 0", tx)).isTrue();
        tx.tsMs(1_767_571_200_000L - 1);
        assertThat(matches("hour == 23", tx)).isTrue();
        tx.tsMs(-1);
        assertThat(matches("hour == 23", tx)).isTrue();
        tx.tsMs(1_767_571_200_000L + 3 * 3_600_000L + 59 * 60_000L);
        assertThat(matches("hour >= 0 && hour < 4", tx)).isTrue();
    }

    @Test
    void shouldDoArithmeticWithPrecedence()
    {
        assertThat(matches("1 + 2 * 3 == 7", tx)).isTrue();
        assertThat(matches("(1 + 2) * 3 == 9", tx)).isTrue();
        assertThat(matches("10 - 4 - 3 == 3", tx)).isTrue();
        assertThat(matches("7 % 4 == 3", tx)).isTrue();
        assertThat(matches("-amount == -12.34", tx)).isTrue();
        assertThat(matches("amount * 100 / 2 == 617", tx)).isTrue();
        assertThat(matches("1 / 0 > 1000000", tx)).isTrue();
    }

    @Test
    void shouldEvaluateLogicAndBooleanEquality()
    {
        assertThat(matches("true", tx)).isTrue();
        assertThat(matches("false", tx)).isFalse();
        assertThat(matches("!false && (false || true)", tx)).isTrue();
        assertThat(matches("(amount > 1) == true", tx)).isTrue();
        assertThat(matches("(amount > 1) != (mcc == 5411)", tx)).isFalse();
        assertThat(matches("\"a\" == \"a\" && \"a\" != \"b\" && \"a\" in [\"b\", \"a\"]", tx)).isTrue();
    }

    @Test
    void shouldShortCircuit()
    {
        // a && b with a false, and a || b with a true, never evaluate b: checked through an aggregate read,
        // which throws with AggregateValues.NONE.
        final CompiledCondition and = ExprCompiler.condition("amount < 0 && count() > 1", false);
        assertThat(and.condition().test(tx, AggregateValues.NONE)).isFalse();
        final CompiledCondition or = ExprCompiler.condition("amount > 0 || count() > 1", false);
        assertThat(or.condition().test(tx, AggregateValues.NONE)).isTrue();
    }

    @Test
    void shouldReadTheEventAfterEveryChangeOfTheBuffer()
    {
        final TxPredicate declined = ExprCompiler.filter("status == \"declined\" && channel != \"atm\"");
        assertThat(declined.test(tx)).isFalse();
        tx.status(TxStatus.DECLINED);
        assertThat(declined.test(tx)).isTrue();
        tx.channel(Channel.ATM);
        assertThat(declined.test(tx)).isFalse();
    }
}
