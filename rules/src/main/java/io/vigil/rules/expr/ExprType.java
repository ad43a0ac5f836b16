package io.vigil.rules.expr;

/**
 * The type of an expression in the rule language. Every expression has exactly one; there are no implicit
 * conversions between them.
 */
public enum ExprType
{
    /** A double: amounts in major units, times in epoch ms, counts, ratios. */
    NUMBER("a number"),
    /** Text: only ever compared ({@code ==}, {@code !=}, {@code in}), never built. */
    STRING("a string"),
    /** A condition: true or false. */
    BOOL("a boolean (a condition)");

    private final String description;

    ExprType(final String description)
    {
        this.description = description;
    }

    /** @return the type as error messages name it, e.g. "a number". */
    public String description()
    {
        return description;
    }
}
