package io.vigil.rules.expr;

/**
 * Operators, with their symbol and precedence (higher binds tighter). Binary operators associate to the left.
 */
enum Op
{
    OR("||", 1),
    AND("&&", 2),
    EQ("==", 3),
    NE("!=", 3),
    LT("<", 4),
    LE("<=", 4),
    GT(">", 4),
    GE(">=", 4),
    IN("in", 4),
    ADD("+", 5),
    SUB("-", 5),
    MUL("*", 6),
    DIV("/", 6),
    MOD("%", 6),
    NOT("!", 7),
    NEG("-", 7);

    /** Precedence of the prefix operators. */
    static final int PREFIX_PRECEDENCE = 7;

    private final String symbol;
    private final int precedence;

    Op(final String symbol, final int precedence)
    {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    String symbol()
    {
        return symbol;
    }

    int precedence()
    {
        return precedence;
    }

    boolean isLogical()
    {
        return this == OR || this == AND;
    }

    boolean isEquality()
    {
        return this == EQ || this == NE;
    }

    boolean isRelational()
    {
        return this == LT || this == LE || this == GT || this == GE;
    }

    boolean isArithmetic()
    {
        return this == ADD || this == SUB || this == MUL || this == DIV || this == MOD;
    }

    /**
     * @param kind a token kind.
     * @return the binary operator it stands for, or null.
     */
    static Op binary(final Token.Kind kind)
    {
        switch (kind)
        {
            case OR:
                return OR;
            case AND:
                return AND;
            case EQ:
                return EQ;
            case NE:
                return NE;
            case LT:
                return LT;
            case LE:
                return LE;
            case GT:
                return GT;
            case GE:
                return GE;
            case PLUS:
                return ADD;
            case MINUS:
                return SUB;
            case STAR:
                return MUL;
            case SLASH:
                return DIV;
            case PERCENT:
                return MOD;
            default:
                return null;
        }
    }
}
