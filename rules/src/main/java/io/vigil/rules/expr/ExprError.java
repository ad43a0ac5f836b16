package io.vigil.rules.expr;

import java.util.Objects;

/**
 * A mistake in an expression, positioned within the expression's own text (line and column from 1). The rule
 * file parser moves it to the expression's place in the file.
 *
 * @param line    line within the expression, from 1.
 * @param column  column within that line, from 1.
 * @param message what was expected and what was found.
 */
public record ExprError(int line, int column, String message)
{
    /**
     * Checks the message is present.
     */
    public ExprError
    {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString()
    {
        return line + ":" + column + ": " + message;
    }
}
