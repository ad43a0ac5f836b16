package io.vigil.core.snapshot;

/**
 * A snapshot that cannot be restored: truncated, of another layout version, taken with other rules or
 * another shard count, or corrupt. The message says where (byte offset, the field) and what was expected.
 * A checkpoint that throws this is not used; recovery falls back to an older one or to the journal's start.
 */
public final class SnapshotFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message where and what was expected.
     */
    public SnapshotFormatException(final String message)
    {
        super(message);
    }
}
