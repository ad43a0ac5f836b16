package io.vigil.rules.expr;

import io.vigil.core.event.TransactionFlyweight;
import io.vigil.core.event.TxStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Random expressions against a brute-force reference: the compiled evaluator agrees with plain Java on the
 * fully parenthesised text, and the canonical text (minimal parentheses) parses back to the same meaning.
 */
class ExprPropertyTest
{
    private static final List<String> CURRENCIES = List.of("JPY", "EUR", "KWD");

    @Test
    void compiledExpressionsShouldAgreeWithTheReferenceAndSurviveCanonicalPrinting()
    {
        final TransactionFlyweight tx = Events.typical();
        qt().withExamples(400).forAll(longs().all(), integers().between(0, 1_000_000), integers().between(0, 23))
            .checkAssert((seed, amountMinor, hour) ->
            {
                tx.amountMinor(amountMinor).tsMs(1_767_571_200_000L + hour * 3_600_000L)
                    .status(amountMinor % 2 == 0 ? TxStatus.APPROVED : TxStatus.DECLINED);
                final Random random = new Random(seed);
                final BoolRef expr = bool(random, 4);
                final String canonical = ExprPrinter.print(ExprParser.parse(expr.text));

                assertThat(Events.matches(expr.text, tx)).as(expr.text).isEqualTo(expr.eval.test(tx));
                assertThat(Events.matches(canonical, tx)).as(canonical).isEqualTo(expr.eval.test(tx));
                assertThat(ExprPrinter.print(ExprParser.parse(canonical))).isEqualTo(canonical);
            });
    }

    @Test
    void amountComparisonsShouldBeExactInEveryCurrency()
    {
        final TransactionFlyweight tx = Events.typical();
        qt().withExamples(1000)
            .forAll(integers().between(0, 2), longs().between(0, 10_000_000L), longs().between(0, 10_000_000L))
            .checkAssert((currency, amountMinor, thresholdMinor) ->
            {
                final String code = CURRENCIES.get(currency);
                tx.currency(code).amountMinor(amountMinor);
                final BigDecimal amount = BigDecimal.valueOf(amountMinor, tx.currencyExponent());
                final BigDecimal threshold = BigDecimal.valueOf(thresholdMinor, tx.currencyExponent());
                final int cmp = amount.compareTo(threshold);

                assertThat(Events.matches("amount < " + threshold.toPlainString(), tx)).isEqualTo(cmp < 0);
                assertThat(Events.matches("amount >= " + threshold.toPlainString(), tx)).isEqualTo(cmp >= 0);
                assertThat(Events.matches("amount == " + threshold.toPlainString(), tx)).isEqualTo(cmp == 0);
            });
    }

    /** An expression as fully parenthesised text, and its meaning in plain Java. */
    private record NumRef(String text, ToDoubleFunction<TransactionFlyweight> eval)
    {
    }

    private record BoolRef(String text, Predicate<TransactionFlyweight> eval)
    {
    }

    private static BoolRef bool(final Random random, final int depth)
    {
        final int choice = random.nextInt(depth <= 0 ? 3 : 7);
        switch (choice)
        {
            case 0:
            {
                final boolean value = random.nextBoolean();
                return new BoolRef(String.valueOf(value), tx -> value);
            }
            case 1:
                return new BoolRef("status == \"approved\"", tx -> tx.status() == TxStatus.APPROVED);
            case 2:
            case 3:
            {
                final NumRef l = number(random, depth - 1);
                final NumRef r = number(random, depth - 1);
                final String[] ops = {"<", "<=", ">", ">=", "==", "!="};
                final int op = random.nextInt(ops.length);
                return new BoolRef("(" + l.text + " " + ops[op] + " " + r.text + ")", tx ->
                {
                    final double a = l.eval.applyAsDouble(tx);
                    final double b = r.eval.applyAsDouble(tx);
                    return op == 0 ? a < b : op == 1 ? a <= b : op == 2 ? a > b : op == 3 ? a >= b :
                        op == 4 ? a == b : a != b;
                });
            }
            case 4:
            {
                final BoolRef inner = bool(random, depth - 1);
                return new BoolRef("!(" + inner.text + ")", tx -> !inner.eval.test(tx));
            }
            default:
            {
                final BoolRef l = bool(random, depth - 1);
                final BoolRef r = bool(random, depth - 1);
                final boolean and = random.nextBoolean();
                return new BoolRef("(" + l.text + (and ? " && " : " || ") + r.text + ")",
                    and ? tx -> l.eval.test(tx) && r.eval.test(tx) : tx -> l.eval.test(tx) || r.eval.test(tx));
            }
        }
    }

    private static NumRef number(final Random random, final int depth)
    {
        final int choice = random.nextInt(depth <= 0 ? 3 : 6);
        switch (choice)
        {
            case 0:
            {
                final int value = random.nextInt(20);
                return new NumRef(String.valueOf(value), tx -> value);
            }
            case 1:
                return new NumRef("amount", tx -> tx.amountMinor() / 100.0);
            case 2:
                return new NumRef("hour", tx -> Math.floorMod(tx.tsMs(), 86_400_000L) / 3_600_000L);
            case 3:
            {
                final NumRef inner = number(random, depth - 1);
                return new NumRef("-(" + inner.text + ")", tx -> -inner.eval.applyAsDouble(tx));
            }
            default:
            {
                final NumRef l = number(random, depth - 1);
                final NumRef r = number(random, depth - 1);
                final String[] ops = {"+", "-", "*", "/", "%"};
                final int op = random.nextInt(ops.length);
                return new NumRef("(" + l.text + " " + ops[op] + " " + r.text + ")", tx ->
                {
                    final double a = l.eval.applyAsDouble(tx);
                    final double b = r.eval.applyAsDouble(tx);
                    return op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * b : op == 3 ? a / b : a % b;
                });
            }
        }
    }
}
