package io.vigil.rules.lang;

/**
 * A place in a rule file: line and column, both from 1.
 *
 * @param line   line, from 1.
 * @param column column, from 1.
 */
public record SourcePos(int line, int column) implements Comparable<SourcePos>
{
    /** The start of a file. */
    public static final SourcePos START = new SourcePos(1, 1);

    @Override
    public int compareTo(final SourcePos other)
    {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString()
    {
        return line + ":" + column;
    }
}
