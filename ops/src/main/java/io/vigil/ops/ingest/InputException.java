package io.vigil.ops.ingest;

/**
 * A transaction that cannot be accepted, with where (line, field) and what was expected.
 */
public final class InputException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final long line;
    private final String field;
    private final String reason;

    /**
     * @param line   1-based line number in the input, or 0 when not from a file.
     * @param field  the offending field, or null when the whole record is wrong.
     * @param reason what was expected and what was found.
     */
    public InputException(final long line, final String field, final String reason)
    {
        super(describe(line, field, reason));
        this.line = line;
        this.field = field;
        this.reason = reason;
    }

    private static String describe(final long line, final String field, final String reason)
    {
        final StringBuilder sb = new StringBuilder();
        if (line > 0)
        {
            sb.append("line ").append(line);
        }
        if (field != null)
        {
            sb.append(sb.length() > 0 ? ", " : "").append("field '").append(field).append('\'');
        }
        if (sb.length() > 0)
        {
            sb.append(": ");
        }
        return sb.append(reason).toString();
    }

    /**
     * @param line the line number to attach.
     * @return a copy that names the line.
     */
    public InputException atLine(final long line)
    {
        return new InputException(line, field, reason);
    }

    /** @return 1-based line number, 0 if unknown. */
    public long line()
    {
        return line;
    }

    /** @return the offending field, or null. */
    public String field()
    {
        return field;
    }

    /** @return what was expected and found. */
    public String reason()
    {
        return reason;
    }
}
