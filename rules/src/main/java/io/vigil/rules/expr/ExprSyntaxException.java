package io.vigil.rules.expr;

/**
 * Thrown by the lexer and parser at the first syntax error; caught by {@link ExprCompiler}, which reports it
 * as an {@link ExprError}. Never escapes the package.
 */
final class ExprSyntaxException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    ExprSyntaxException(final int line, final int column, final String message)
    {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    ExprError toError()
    {
        return new ExprError(line, column, getMessage());
    }
}
