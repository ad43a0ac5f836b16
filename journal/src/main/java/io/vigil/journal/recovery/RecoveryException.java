package io.vigil.journal.recovery;

/**
 * Recovery cannot produce state that is known to be right, so the engine does not start: the message says
 * why and what an operator can do (which checkpoint or journal entry is at fault, what to move aside).
 */
public final class RecoveryException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** @param message why, and what to do. */
    public RecoveryException(final String message)
    {
        super(message);
    }

    /** @param message why, and what to do. @param cause the underlying failure. */
    public RecoveryException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
