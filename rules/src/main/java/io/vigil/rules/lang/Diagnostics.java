package io.vigil.rules.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors found in one rule file, in the order found.
 */
final class Diagnostics
{
    private final String file;
    private final List<RuleError> errors = new ArrayList<>();

    Diagnostics(final String file)
    {
        this.file = file;
    }

    String file()
    {
        return file;
    }

    void error(final SourcePos pos, final String message)
    {
        errors.add(new RuleError(file, pos.line(), pos.column(), message));
    }

    int count()
    {
        return errors.size();
    }

    List<RuleError> errors()
    {
        return errors;
    }
}
