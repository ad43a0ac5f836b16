package io.vigil.rules.lang;

import java.util.Comparator;
import java.util.Objects;

/**
 * One mistake in a rule file, where it is and what was expected.
 *
 * @param file    the file as named to the checker.
 * @param line    line, from 1.
 * @param column  column, from 1.
 * @param message what was expected and what was found.
 */
public record RuleError(String file, int line, int column, String message)
{
    /** File order: by line, then column. */
    public static final Comparator<RuleError> BY_POSITION =
        Comparator.comparingInt(RuleError::line).thenComparingInt(RuleError::column);

    /**
     * Checks the parts are present.
     */
    public RuleError
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code FILE:LINE:COLUMN: message}, the form editors and CI logs link to. */
    @Override
    public String toString()
    {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
