package io.vigil.rules.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into {@link Token}s, tracking line and column. Runs once per expression, at rule load.
 */
final class ExprLexer
{
    private final String source;
    private int index;
    private int line = 1;
    private int column = 1;

    private ExprLexer(final String source)
    {
        this.source = source;
    }

    /**
     * @param source the expression text.
     * @return its tokens, ending with {@link Token.Kind#EOF}.
     * @throws ExprSyntaxException at the first character that starts no token.
     */
    static List<Token> tokenize(final String source)
    {
        final ExprLexer lexer = new ExprLexer(source);
        final List<Token> tokens = new ArrayList<>();
        Token token;
        do
        {
            token = lexer.next();
            tokens.add(token);
        }
        while (token.kind() != Token.Kind.EOF);
        return tokens;
    }

    private Token next()
    {
        skipWhitespace();
        final int startLine = line;
        final int startColumn = column;
        if (index >= source.length())
        {
            return new Token(Token.Kind.EOF, "", startLine, startColumn);
        }
        final char c = source.charAt(index);
        if (isDigit(c))
        {
            return number(startLine, startColumn);
        }
        if (isIdentStart(c))
        {
            final int start = index;
            // a dot joins a table to its field: profile.home_country
            while (index < source.length() && (isIdentPart(source.charAt(index)) || source.charAt(index) == '.' &&
                index + 1 < source.length() && isIdentStart(source.charAt(index + 1))))
            {
                advance();
            }
            return new Token(Token.Kind.IDENT, source.substring(start, index), startLine, startColumn);
        }
        if (c == '"')
        {
            return string(startLine, startColumn);
        }
        advance();
        final char n = index < source.length() ? source.charAt(index) : '\0';
        switch (c)
        {
            case '(':
                return token(Token.Kind.LPAREN, "(", startLine, startColumn);
            case ')':
                return token(Token.Kind.RPAREN, ")", startLine, startColumn);
            case '[':
                return token(Token.Kind.LBRACKET, "[", startLine, startColumn);
            case ']':
                return token(Token.Kind.RBRACKET, "]", startLine, startColumn);
            case ',':
                return token(Token.Kind.COMMA, ",", startLine, startColumn);
            case '+':
                return token(Token.Kind.PLUS, "+", startLine, startColumn);
            case '-':
                return token(Token.Kind.MINUS, "-", startLine, startColumn);
            case '*':
                return token(Token.Kind.STAR, "*", startLine, startColumn);
            case '/':
                return token(Token.Kind.SLASH, "/", startLine, startColumn);
            case '%':
                return token(Token.Kind.PERCENT, "%", startLine, startColumn);
            case '<':
                return n == '=' ? pair(Token.Kind.LE, "<=", startLine, startColumn) :
                    token(Token.Kind.LT, "<", startLine, startColumn);
            case '>':
                return n == '=' ? pair(Token.Kind.GE, ">=", startLine, startColumn) :
                    token(Token.Kind.GT, ">", startLine, startColumn);
            case '!':
                return n == '=' ? pair(Token.Kind.NE, "!=", startLine, startColumn) :
                    token(Token.Kind.NOT, "!", startLine, startColumn);
            case '=':
                if (n == '=')
                {
                    return pair(Token.Kind.EQ, "==", startLine, startColumn);
                }
                throw new ExprSyntaxException(startLine, startColumn, "expected '==' to compare, found '='");
            case '&':
                if (n == '&')
                {
                    return pair(Token.Kind.AND, "&&", startLine, startColumn);
                }
                throw new ExprSyntaxException(startLine, startColumn, "expected '&&', found '&'");
            case '|':
                if (n == '|')
                {
                    return pair(Token.Kind.OR, "||", startLine, startColumn);
                }
                throw new ExprSyntaxException(startLine, startColumn, "expected '||', found '|'");
            case '\'':
                throw new ExprSyntaxException(startLine, startColumn,
                    "expected a string in double quotes (\"...\"), found a single quote");
            default:
                throw new ExprSyntaxException(startLine, startColumn,
                    "expected a field, number, string, operator or parenthesis, found '" + c + "'");
        }
    }

    private Token number(final int startLine, final int startColumn)
    {
        final int start = index;
        while (index < source.length() && isDigit(source.charAt(index)))
        {
            advance();
        }
        if (index < source.length() && source.charAt(index) == '.')
        {
            advance();
            if (index >= source.length() || !isDigit(source.charAt(index)))
            {
                throw new ExprSyntaxException(line, column, "expected a digit after the decimal point, found " +
                    (index >= source.length() ? "end of expression" : "'" + source.charAt(index) + "'"));
            }
            while (index < source.length() && isDigit(source.charAt(index)))
            {
                advance();
            }
        }
        if (index < source.length() && isIdentStart(source.charAt(index)))
        {
            throw new ExprSyntaxException(line, column,
                "expected an operator after the number " + source.substring(start, index) + ", found '" +
                source.charAt(index) + "' (durations such as 60s belong in window, within and cooldown)");
        }
        return new Token(Token.Kind.NUMBER, source.substring(start, index), startLine, startColumn);
    }

    private Token string(final int startLine, final int startColumn)
    {
        advance();
        final StringBuilder value = new StringBuilder();
        while (index < source.length())
        {
            final char c = source.charAt(index);
            if (c == '"')
            {
                advance();
                return new Token(Token.Kind.STRING, value.toString(), startLine, startColumn);
            }
            if (c == '\n')
            {
                break;
            }
            if (c == '\\' && index + 1 < source.length() &&
                (source.charAt(index + 1) == '"' || source.charAt(index + 1) == '\\'))
            {
                advance();
                value.append(source.charAt(index));
                advance();
                continue;
            }
            if (c < 0x20 || c > 0x7E)
            {
                throw new ExprSyntaxException(line, column, String.format(
                    "expected printable ASCII in a string (event fields hold only ASCII), found U+%04X", (int)c));
            }
            value.append(c);
            advance();
        }
        throw new ExprSyntaxException(startLine, startColumn,
            "unterminated string: expected a closing '\"' before the end of the " +
            (index < source.length() ? "line" : "expression"));
    }

    private Token token(final Token.Kind kind, final String text, final int startLine, final int startColumn)
    {
        return new Token(kind, text, startLine, startColumn);
    }

    private Token pair(final Token.Kind kind, final String text, final int startLine, final int startColumn)
    {
        advance();
        return new Token(kind, text, startLine, startColumn);
    }

    private void skipWhitespace()
    {
        while (index < source.length() && Character.isWhitespace(source.charAt(index)))
        {
            advance();
        }
    }

    private void advance()
    {
        if (source.charAt(index) == '\n')
        {
            line++;
            column = 1;
        }
        else
        {
            column++;
        }
        index++;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(final char c)
    {
        return isIdentStart(c) || isDigit(c);
    }
}
