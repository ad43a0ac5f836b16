package io.vigil.rules.expr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExprErrorsTest
{
    @Test
    void shouldNameAnUnknownFieldWithASuggestionAndTheKnownFields()
    {
        assertFilterErrors("amout > 5", new ExprError(1, 1, "unknown field 'amout' (did you mean 'amount'?); known " +
            "fields: id, card, account, merchant, device, ip, currency, country, channel, status, amount, ts, mcc, " +
            "lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk"));
    }

    @Test
    void shouldNameAnUnknownFunctionAndTheKnownAggregates()
    {
        assertConditionErrors("coutn() > 5", false, new ExprError(1, 1,
            "unknown function 'coutn' (did you mean 'count'?); known aggregates: count, sum, min, max, avg, " +
            "distinct, ratio, prev, seen; scalar functions: distance_km(lat1, lon1, lat2, lon2), max(a, b), " +
            "min(a, b)"));
        assertConditionErrors("amount(5) > 5", false, new ExprError(1, 1,
            "'amount' is a field, not a function; known aggregates: count, sum, min, max, avg, distinct, ratio, " +
            "prev, seen; scalar functions: distance_km(lat1, lon1, lat2, lon2), max(a, b), min(a, b)"));
    }

    @Test
    void shouldRejectAnAggregateInAFilter()
    {
        assertFilterErrors("status == \"approved\" && count() > 3", new ExprError(1, 25,
            "aggregate count() is not allowed in a filter: a filter tests one event; aggregates belong in a " +
            "window's when"));
    }

    @Test
    void shouldRejectComparingAStringWithANumber()
    {
        assertFilterErrors("status == 5", new ExprError(1, 11,
            "cannot compare a string with a number using '==': expected a string, found the number 5"));
        assertFilterErrors("amount != \"5\"", new ExprError(1, 11,
            "cannot compare a number with a string using '!=': expected a number, found the string \"5\""));
        assertFilterErrors("card < \"x\"", new ExprError(1, 1,
            "'<': expected a number, found the field 'card' (a string)"), new ExprError(1, 8,
            "'<': expected a number, found the string \"x\""));
    }

    @Test
    void shouldRejectWrongOperandTypes()
    {
        assertFilterErrors("amount && true", new ExprError(1, 1,
            "'&&': expected a boolean (a condition), found the field 'amount' (a number)"));
        assertFilterErrors("!amount", new ExprError(1, 2,
            "'!': expected a boolean (a condition), found the field 'amount' (a number)"));
        assertFilterErrors("-status == 1", new ExprError(1, 2,
            "'-': expected a number, found the field 'status' (a string)"));
        assertFilterErrors("amount + 1", new ExprError(1, 1,
            "a filter must be a condition (true or false): expected a boolean, found a number"));
        assertFilterErrors("(amount > 1) < 2", new ExprError(1, 2,
            "'<': expected a number, found a boolean (a condition)"));
    }

    @Test
    void shouldRejectLiteralsAFieldCanNeverHold()
    {
        assertFilterErrors("status == \"aproved\"", new ExprError(1, 11,
            "unknown status \"aproved\": expected one of \"approved\", \"declined\""));
        assertFilterErrors("channel in [\"pos\", \"web\"]", new ExprError(1, 20,
            "unknown channel \"web\": expected one of \"pos\", \"ecom\", \"atm\", \"moto\", \"contactless\", " +
            "\"other\""));
        assertFilterErrors("currency == \"eur\"", new ExprError(1, 13,
            "expected a currency code of three upper-case letters such as \"EUR\", found \"eur\""));
        assertFilterErrors("\"Germany\" == country", new ExprError(1, 1,
            "expected a country code of two upper-case letters such as \"DE\", found \"Germany\""));
        assertFilterErrors("card == \"0123456789012345678901234567890123\"", new ExprError(1, 9,
            "card holds at most 31 characters: \"0123456789012345678901234567890123\" (34) can never match"));
    }

    @Test
    void shouldRejectBadInLists()
    {
        assertFilterErrors("country in [\"DE\", 5]", new ExprError(1, 19,
            "'in' list of a string: expected a string, found the number 5"));
        assertFilterErrors("mcc in [5410 + 1]", new ExprError(1, 9,
            "expected a number or string literal in the list, found '5410 + 1'"));
        assertFilterErrors("(amount > 1) in [true]", new ExprError(1, 2,
            "'in' tests a string or a number: expected a string or a number, found a boolean (a condition)"));
    }

    @Test
    void shouldRejectBadAggregateArguments()
    {
        assertConditionErrors("sum(status) > 5", false, new ExprError(1, 5,
            "sum(): expected a number, found the field 'status' (a string)"));
        assertConditionErrors("sum() > 5", false, new ExprError(1, 1,
            "sum() takes 1 argument (sum(number)), found 0"));
        assertConditionErrors("count(1, 2) > 5", false, new ExprError(1, 1,
            "count() takes 0 or 1 argument (count() or count(condition)), found 2"));
        assertConditionErrors("ratio(amount) > 0.5", false, new ExprError(1, 7,
            "ratio(): expected a boolean (a condition), found the field 'amount' (a number)"));
        assertConditionErrors("distinct(amount) > 3", false, new ExprError(1, 10,
            "distinct() counts the values of a string field: expected a field such as merchant, device or country, " +
            "found the field 'amount'"));
        assertConditionErrors("count(count() > 1) > 3", false, new ExprError(1, 7,
            "aggregates cannot be nested: found count() inside count()"));
        assertConditionErrors("count()", false, new ExprError(1, 1,
            "when must be a condition (true or false): expected a boolean, found a number"));
    }

    @Test
    void shouldRejectAnEventFieldInTheWhenOfAnOnCloseWindow()
    {
        assertConditionErrors("count() >= 3 && amount > 100", true, new ExprError(1, 17,
            "when of an on-close window may use only aggregates: expected an aggregate such as count() or " +
            "sum(amount), found the event field 'amount' (there is no current event when a window closes)"));
        assertThat(ExprCompiler.compileCondition("count(amount > 100) >= 3", true).ok()).isTrue();
    }

    @Test
    void shouldReportEveryIndependentErrorOnce()
    {
        assertFilterErrors("foo > 1 && status == 3 || bar", new ExprError(1, 1,
            "unknown field 'foo'; known fields: id, card, account, merchant, device, ip, currency, country, channel, " +
            "status, amount, ts, mcc, lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk"), new ExprError(1, 22,
            "cannot compare a string with a number using '==': expected a string, found the number 3"),
            new ExprError(1, 27, "unknown field 'bar'; known fields: id, card, account, merchant, device, ip, " +
            "currency, country, channel, status, amount, ts, mcc, lat, lon, hour, action; table fields: " +
            "profile.home_country, profile.card_status, profile.limit, profile.account, merchant.risk, " +
            "merchant.category, customer.risk"));
    }

    private static void assertFilterErrors(final String source, final ExprError... expected)
    {
        final CompiledFilter compiled = ExprCompiler.compileFilter(source);
        assertThat(compiled.predicate()).isNull();
        assertThat(compiled.errors()).isEqualTo(List.of(expected));
    }

    private static void assertConditionErrors(final String source, final boolean onClose, final ExprError... expected)
    {
        final CompiledCondition compiled = ExprCompiler.compileCondition(source, onClose);
        assertThat(compiled.condition()).isNull();
        assertThat(compiled.errors()).isEqualTo(List.of(expected));
    }
}
