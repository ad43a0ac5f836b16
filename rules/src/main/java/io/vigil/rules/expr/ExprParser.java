package io.vigil.rules.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an expression into a {@link Node} tree by precedence climbing (a Pratt parser). Precedence, loosest
 * first: {@code ||}, {@code &&}, {@code == !=}, {@code < <= > >= in}, {@code + -}, {@code * / %}, prefix
 * {@code ! -}. Stops at the first syntax error with an {@link ExprSyntaxException}.
 */
final class ExprParser
{
    private final List<Token> tokens;
    private int position;

    private ExprParser(final List<Token> tokens)
    {
        this.tokens = tokens;
    }

    /**
     * @param source expression text.
     * @return its syntax tree.
     * @throws ExprSyntaxException at the first syntax error.
     */
    static Node parse(final String source)
    {
        final ExprParser parser = new ExprParser(ExprLexer.tokenize(source));
        if (parser.peek().kind() == Token.Kind.EOF)
        {
            throw new ExprSyntaxException(1, 1, "expected an expression, found nothing");
        }
        final Node node = parser.expression(1);
        final Token rest = parser.peek();
        if (rest.kind() != Token.Kind.EOF)
        {
            throw new ExprSyntaxException(rest.line(), rest.column(),
                "expected an operator or end of expression, found " + rest.describe() + hint(rest));
        }
        return node;
    }

    private Node expression(final int minPrecedence)
    {
        Node left = prefix();
        while (true)
        {
            final Token token = peek();
            if (token.kind() == Token.Kind.IDENT && "in".equals(token.text()))
            {
                if (Op.IN.precedence() < minPrecedence)
                {
                    return left;
                }
                next();
                final Token listName = peek();
                if (listName.kind() == Token.Kind.IDENT)
                {
                    next();
                    left = new Node.InTable(left, listName.text(), token.line(), token.column(), listName.line(),
                        listName.column());
                    continue;
                }
                left = new Node.InList(left, list(), token.line(), token.column());
                continue;
            }
            final Op op = Op.binary(token.kind());
            if (op == null || op.precedence() < minPrecedence)
            {
                return left;
            }
            next();
            final Node right = expression(op.precedence() + 1);
            left = new Node.Binary(op, left, right, token.line(), token.column());
        }
    }

    private Node prefix()
    {
        final Token token = next();
        switch (token.kind())
        {
            case NUMBER:
                return new Node.NumberLit(Double.parseDouble(token.text()), token.text(), token.line(), token.column());
            case STRING:
                return new Node.StringLit(token.text(), token.line(), token.column());
            case NOT:
                return new Node.Unary(Op.NOT, expression(Op.PREFIX_PRECEDENCE), token.line(), token.column());
            case MINUS:
                return new Node.Unary(Op.NEG, expression(Op.PREFIX_PRECEDENCE), token.line(), token.column());
            case LPAREN:
            {
                final Node inner = expression(1);
                expect(Token.Kind.RPAREN, "')' to close the '(' at " + token.line() + ":" + token.column());
                return inner;
            }
            case IDENT:
                return identifier(token);
            default:
                throw new ExprSyntaxException(token.line(), token.column(),
                    "expected a value (a field, number, string, function call or '('), found " + token.describe());
        }
    }

    private Node identifier(final Token token)
    {
        switch (token.text())
        {
            case "true":
                return new Node.BoolLit(true, token.line(), token.column());
            case "false":
                return new Node.BoolLit(false, token.line(), token.column());
            case "in":
                throw new ExprSyntaxException(token.line(), token.column(),
                    "expected a value before 'in', found 'in'");
            default:
                break;
        }
        if (peek().kind() != Token.Kind.LPAREN)
        {
            return new Node.FieldRef(token.text(), token.line(), token.column());
        }
        final Token open = next();
        final List<Node> args = new ArrayList<>();
        if (peek().kind() != Token.Kind.RPAREN)
        {
            args.add(expression(1));
            while (peek().kind() == Token.Kind.COMMA)
            {
                next();
                args.add(expression(1));
            }
        }
        expect(Token.Kind.RPAREN, "')' to close the '(' at " + open.line() + ":" + open.column());
        return new Node.Call(token.text(), List.copyOf(args), token.line(), token.column());
    }

    private List<Node> list()
    {
        expect(Token.Kind.LBRACKET, "'[' after 'in' (a list such as [\"US\", \"GB\"]) or a reference list's name " +
            "(sanctioned_countries, blocked_bins)");
        final List<Node> values = new ArrayList<>();
        if (peek().kind() == Token.Kind.RBRACKET)
        {
            final Token close = peek();
            throw new ExprSyntaxException(close.line(), close.column(),
                "expected at least one value in the list, found ']'");
        }
        values.add(expression(Op.IN.precedence() + 1));
        while (peek().kind() == Token.Kind.COMMA)
        {
            next();
            values.add(expression(Op.IN.precedence() + 1));
        }
        expect(Token.Kind.RBRACKET, "',' or ']' in the list");
        return List.copyOf(values);
    }

    private void expect(final Token.Kind kind, final String what)
    {
        final Token token = peek();
        if (token.kind() != kind)
        {
            throw new ExprSyntaxException(token.line(), token.column(),
                "expected " + what + ", found " + token.describe() + hint(token));
        }
        next();
    }

    private static String hint(final Token token)
    {
        if (token.kind() != Token.Kind.IDENT)
        {
            return "";
        }
        switch (token.text())
        {
            case "and":
            case "AND":
                return " (write && for and)";
            case "or":
            case "OR":
                return " (write || for or)";
            case "not":
            case "NOT":
                return " (write !(...) for not)";
            default:
                return "";
        }
    }

    private Token peek()
    {
        return tokens.get(position);
    }

    private Token next()
    {
        final Token token = tokens.get(position);
        if (token.kind() != Token.Kind.EOF)
        {
            position++;
        }
        return token;
    }
}
