package io.vigil.rules.lang;

import io.vigil.rules.expr.ExprError;

import java.util.List;
import java.util.Objects;

/**
 * An expression as written in a rule file, and how to find its characters in the file, so that an error at
 * line L, column C of the expression is reported at its place in the file. Where the YAML scalar holds the
 * expression character for character (a one-line plain or quoted scalar without escapes, or a literal block
 * {@code |}), positions are exact; otherwise they fall back to where the scalar starts.
 *
 * @param text       the expression.
 * @param pos        where its YAML scalar starts.
 * @param lineStarts for each line of the expression, where its first character is in the file; may be empty.
 */
public record ExprSource(String text, SourcePos pos, List<SourcePos> lineStarts)
{
    /**
     * Copies the list.
     */
    public ExprSource
    {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pos, "pos");
        lineStarts = List.copyOf(lineStarts);
    }

    /**
     * @param line   line within the expression, from 1.
     * @param column column within that line, from 1.
     * @return the place in the file.
     */
    public SourcePos map(final int line, final int column)
    {
        if (line < 1 || line > lineStarts.size())
        {
            return pos;
        }
        final SourcePos start = lineStarts.get(line - 1);
        return new SourcePos(start.line(), start.column() + column - 1);
    }

    /**
     * @param error an error within the expression.
     * @return where it is in the file.
     */
    public SourcePos map(final ExprError error)
    {
        return map(error.line(), error.column());
    }
}
