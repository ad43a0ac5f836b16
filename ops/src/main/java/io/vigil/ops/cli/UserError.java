package io.vigil.ops.cli;

/**
 * A failure caused by the user's input (a bad file, a bad option), reported as one clear line without a
 * stack trace, with a distinct exit code.
 */
final class UserError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Exit code for bad input data. */
    static final int BAD_INPUT = 65;
    /** Exit code for a missing or unreadable file. */
    static final int NO_INPUT = 66;

    private final int exitCode;

    UserError(final String message, final int exitCode)
    {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}
