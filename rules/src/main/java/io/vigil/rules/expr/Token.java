package io.vigil.rules.expr;

/**
 * One token of an expression, with where it starts.
 *
 * @param kind   what it is.
 * @param text   the characters as written (for a string literal: its value, without quotes or escapes).
 * @param line   line within the expression, from 1.
 * @param column column within the line, from 1.
 */
record Token(Kind kind, String text, int line, int column)
{
    /** Token kinds. */
    enum Kind
    {
        NUMBER, STRING, IDENT, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA,
        EQ, NE, LT, LE, GT, GE, AND, OR, NOT, PLUS, MINUS, STAR, SLASH, PERCENT, EOF
    }

    /** @return the token as messages name it: {@code '&&'}, {@code 'amount'}, "end of expression". */
    String describe()
    {
        switch (kind)
        {
            case EOF:
                return "end of expression";
            case STRING:
                return "the string \"" + text + '"';
            case NUMBER:
                return "the number " + text;
            default:
                return "'" + text + "'";
        }
    }
}
