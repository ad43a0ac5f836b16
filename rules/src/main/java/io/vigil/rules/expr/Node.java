package io.vigil.rules.expr;

import java.util.List;

/**
 * The syntax tree of an expression. Every node knows where it starts in the expression text (line and column
 * from 1), so that the checker can point at the offending part.
 */
sealed interface Node
{
    /** @return line of the node's first character. */
    int line();

    /** @return column of the node's first character. */
    int column();

    /**
     * A number literal.
     *
     * @param value  its value.
     * @param text   as written.
     * @param line   line.
     * @param column column.
     */
    record NumberLit(double value, String text, int line, int column) implements Node
    {
    }

    /**
     * A string literal.
     *
     * @param value  its value (escapes resolved).
     * @param line   line.
     * @param column column.
     */
    record StringLit(String value, int line, int column) implements Node
    {
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value  its value.
     * @param line   line.
     * @param column column.
     */
    record BoolLit(boolean value, int line, int column) implements Node
    {
    }

    /**
     * A field of the event, by name.
     *
     * @param name   as written.
     * @param line   line.
     * @param column column.
     */
    record FieldRef(String name, int line, int column) implements Node
    {
    }

    /**
     * {@code !x} or {@code -x}.
     *
     * @param op      NOT or NEG.
     * @param operand the operand.
     * @param line    line of the operator.
     * @param column  column of the operator.
     */
    record Unary(Op op, Node operand, int line, int column) implements Node
    {
    }

    /**
     * {@code left op right}.
     *
     * @param op       the operator.
     * @param left     left operand.
     * @param right    right operand.
     * @param opLine   line of the operator.
     * @param opColumn column of the operator.
     */
    record Binary(Op op, Node left, Node right, int opLine, int opColumn) implements Node
    {
        @Override
        public int line()
        {
            return left.line();
        }

        @Override
        public int column()
        {
            return left.column();
        }
    }

    /**
     * {@code subject in [v1, v2, ...]}.
     *
     * @param subject  the tested value.
     * @param values   the list, literals.
     * @param opLine   line of {@code in}.
     * @param opColumn column of {@code in}.
     */
    record InList(Node subject, List<Node> values, int opLine, int opColumn) implements Node
    {
        @Override
        public int line()
        {
            return subject.line();
        }

        @Override
        public int column()
        {
            return subject.column();
        }
    }

    /**
     * A test against a reference list held by the shard's tables: {@code country in sanctioned_countries},
     * {@code card in blocked_bins}.
     *
     * @param subject    the tested value.
     * @param list       the list's name as written.
     * @param opLine     line of {@code in}.
     * @param opColumn   column of {@code in}.
     * @param listLine   line of the list's name.
     * @param listColumn column of the list's name.
     */
    record InTable(Node subject, String list, int opLine, int opColumn, int listLine, int listColumn) implements Node
    {
        @Override
        public int line()
        {
            return subject.line();
        }

        @Override
        public int column()
        {
            return subject.column();
        }
    }

    /**
     * A function call: the aggregates {@code count(...)}, {@code sum(...)} and so on.
     *
     * @param name   the function's name.
     * @param args   its arguments.
     * @param line   line of the name.
     * @param column column of the name.
     */
    record Call(String name, List<Node> args, int line, int column) implements Node
    {
    }
}
