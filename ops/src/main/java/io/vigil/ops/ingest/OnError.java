package io.vigil.ops.ingest;

/**
 * What file ingest does with a line it cannot accept.
 */
public enum OnError
{
    /** Stop at the first bad line, naming it. The default. */
    FAIL,
    /** Count the line, write it with its error to the rejects file, and go on. */
    SKIP
}
