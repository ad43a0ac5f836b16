package io.vigil.rules.expr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExprParserTest
{
    @Test
    void shouldBindAndTighterThanOr()
    {
        final Node root = ExprParser.parse("a || b && c");
        assertThat(root).isInstanceOfSatisfying(Node.Binary.class, b ->
        {
            assertThat(b.op()).isEqualTo(Op.OR);
            assertThat(((Node.Binary)b.right()).op()).isEqualTo(Op.AND);
        });
    }

    @Test
    void shouldBindComparisonTighterThanLogicAndArithmeticTighterThanComparison()
    {
        assertThat(ExprPrinter.print(ExprParser.parse("(amount + 1 * 2 > 3) && (status == \"approved\")")))
            .isEqualTo("amount + 1 * 2 > 3 && status == \"approved\"");
        final Node.Binary gt = (Node.Binary)((Node.Binary)ExprParser.parse("amount + 1 * 2 > 3 && x")).left();
        assertThat(gt.op()).isEqualTo(Op.GT);
        final Node.Binary add = (Node.Binary)gt.left();
        assertThat(add.op()).isEqualTo(Op.ADD);
        assertThat(((Node.Binary)add.right()).op()).isEqualTo(Op.MUL);
    }

    @Test
    void shouldAssociateArithmeticToTheLeft()
    {
        final Node.Binary sub = (Node.Binary)ExprParser.parse("10 - 4 - 3");
        assertThat(sub.left()).isInstanceOf(Node.Binary.class);
        assertThat(ExprPrinter.print(ExprParser.parse("10 - (4 - 3)"))).isEqualTo("10 - (4 - 3)");
        assertThat(ExprPrinter.print(ExprParser.parse("(10 - 4) - 3"))).isEqualTo("10 - 4 - 3");
    }

    @Test
    void shouldKeepParenthesesThatChangeTheMeaning()
    {
        assertThat(ExprPrinter.print(ExprParser.parse("(a || b) && c"))).isEqualTo("(a || b) && c");
        assertThat(ExprPrinter.print(ExprParser.parse("-(amount + 1)"))).isEqualTo("-(amount + 1)");
        assertThat(ExprPrinter.print(ExprParser.parse("!(a && b)"))).isEqualTo("!(a && b)");
        assertThat(ExprPrinter.print(ExprParser.parse("((amount))"))).isEqualTo("amount");
    }

    @Test
    void shouldBindPrefixOperatorsTightest()
    {
        final Node.Binary and = (Node.Binary)ExprParser.parse("!a && b");
        assertThat(and.left()).isInstanceOf(Node.Unary.class);
        final Node.Binary mul = (Node.Binary)ExprParser.parse("-amount * 2");
        assertThat(mul.left()).isInstanceOf(Node.Unary.class);
    }

    @Test
    void shouldParseInListsCallsAndLiterals()
    {
        final Node.InList in = (Node.InList)ExprParser.parse("country in [\"US\", \"GB\"]");
        assertThat(in.values()).hasSize(2);
        final Node.Binary and = (Node.Binary)ExprParser.parse("mcc in [5411, 5812] && true");
        assertThat(and.left()).isInstanceOf(Node.InList.class);
        assertThat(and.right()).isEqualTo(new Node.BoolLit(true, 1, 24));
        final Node.Call call = (Node.Call)ExprParser.parse("count(status == \"declined\")");
        assertThat(call.name()).isEqualTo("count");
        assertThat(call.args()).hasSize(1);
        assertThat(((Node.Call)ExprParser.parse("count()")).args()).isEmpty();
        assertThat(ExprParser.parse("\"a \\\"q\\\" \\\\ b\"")).isEqualTo(new Node.StringLit("a \"q\" \\ b", 1, 1));
        assertThat(ExprParser.parse("2.50")).isEqualTo(new Node.NumberLit(2.5, "2.50", 1, 1));
    }

    @Test
    void shouldRecordLineAndColumnOfEveryNode()
    {
        final Node.Binary and = (Node.Binary)ExprParser.parse("count() >= 5\n  && amount > 10");
        assertThat(and.opLine()).isEqualTo(2);
        assertThat(and.opColumn()).isEqualTo(3);
        final Node.Binary gt = (Node.Binary)and.right();
        assertThat(gt.left()).isEqualTo(new Node.FieldRef("amount", 2, 6));
        assertThat(gt.line()).isEqualTo(2);
        assertThat(gt.column()).isEqualTo(6);
    }

    @Test
    void shouldRejectTheFirstSyntaxErrorWithItsColumn()
    {
        assertSyntaxError("amount > ", 1, 10, "expected a value (a field, number, string, function call or '('), " +
            "found end of expression");
        assertSyntaxError("amount >> 5", 1, 9, "expected a value (a field, number, string, function call or '('), " +
            "found '>'");
        assertSyntaxError("amount 5", 1, 8, "expected an operator or end of expression, found the number 5");
        assertSyntaxError("a and b", 1, 3, "expected an operator or end of expression, found 'and' (write && for and)");
        assertSyntaxError("(amount > 5", 1, 12, "expected ')' to close the '(' at 1:1, found end of expression");
        assertSyntaxError("amount = 5", 1, 8, "expected '==' to compare, found '='");
        assertSyntaxError("a & b", 1, 3, "expected '&&', found '&'");
        assertSyntaxError("country in \"US\"", 1, 12,
            "expected '[' after 'in' (a list such as [\"US\", \"GB\"]) or a reference list's name " +
            "(sanctioned_countries, blocked_bins), found the string \"US\"");
        assertSyntaxError("country in []", 1, 13, "expected at least one value in the list, found ']'");
        assertSyntaxError("amount > 5s", 1, 11, "expected an operator after the number 5, found 's' (durations " +
            "such as 60s belong in window, within and cooldown)");
        assertSyntaxError("status == 'x'", 1, 11, "expected a string in double quotes (\"...\"), found a single quote");
        assertSyntaxError("", 1, 1, "expected an expression, found nothing");
        assertSyntaxError("amount # 5", 1, 8,
            "expected a field, number, string, operator or parenthesis, found '#'");
    }

    @Test
    void shouldRejectAnUnterminatedStringAtItsOpeningQuote()
    {
        assertSyntaxError("status == \"approved", 1, 11,
            "unterminated string: expected a closing '\"' before the end of the expression");
        assertSyntaxError("status == \"approved\n && x", 1, 11,
            "unterminated string: expected a closing '\"' before the end of the line");
    }

    private static void assertSyntaxError(final String source, final int line, final int column, final String message)
    {
        assertThatThrownBy(() -> ExprParser.parse(source))
            .isInstanceOfSatisfying(ExprSyntaxException.class, ex ->
                assertThat(ex.toError()).isEqualTo(new ExprError(line, column, message)));
    }
}
