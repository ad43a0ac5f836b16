package io.vigil.rules.lang;

import io.vigil.rules.expr.Suggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed values out of {@link YamlNode}s, reporting what was expected and what was found. A method that
 * reports an error returns null; on an {@link YamlNode.Invalid} node it returns null silently (its error was
 * reported when it was read).
 */
final class ValueReader
{
    private static final Pattern TIMES = Pattern.compile("([1-9][0-9]{0,3})(\\+?)");

    private final Diagnostics diagnostics;
    private final List<ExprSite> sites = new ArrayList<>();

    ValueReader(final Diagnostics diagnostics)
    {
        this.diagnostics = diagnostics;
    }

    /**
     * @return the expressions read since the last call, which forgets them: the rule parser checks them when
     * the rule has schema errors (a valid rule's are checked when it is compiled).
     */
    List<ExprSite> takeSites()
    {
        final List<ExprSite> taken = List.copyOf(sites);
        sites.clear();
        return taken;
    }

    /**
     * @param site an expression read, to check if its rule turns out to have schema errors.
     */
    void addSite(final ExprSite site)
    {
        sites.add(site);
    }

    void error(final SourcePos pos, final String message)
    {
        diagnostics.error(pos, message);
    }

    /** @return how many errors have been reported so far. */
    int errorCount()
    {
        return diagnostics.count();
    }

    /**
     * @param node     a value.
     * @param expected what it should be, e.g. "a rule (a mapping with id, key, ...)".
     * @return it as a mapping, or null.
     */
    YamlNode.Mapping mapping(final YamlNode node, final String expected)
    {
        if (node instanceof YamlNode.Mapping)
        {
            return (YamlNode.Mapping)node;
        }
        mismatch(node, expected);
        return null;
    }

    /**
     * @param node     a value.
     * @param expected what it should be, e.g. "a list of steps".
     * @return it as a list, or null.
     */
    YamlNode.Sequence sequence(final YamlNode node, final String expected)
    {
        if (node instanceof YamlNode.Sequence)
        {
            return (YamlNode.Sequence)node;
        }
        mismatch(node, expected);
        return null;
    }

    /**
     * Reports every key of a mapping that is not among the known ones.
     *
     * @param mapping a mapping.
     * @param where   what it is, e.g. "a rule", "window".
     * @param known   the keys it may have.
     */
    void checkKeys(final YamlNode.Mapping mapping, final String where, final List<String> known)
    {
        for (final YamlNode.Entry e : mapping.entries())
        {
            if (!known.contains(e.key()))
            {
                error(e.keyPos(), "unknown key '" + e.key() + "' in " + where +
                    Suggestions.didYouMean(e.key(), known) + "; known keys: " + String.join(", ", known));
            }
        }
    }

    /**
     * @param node     a scalar.
     * @param expected what it should be.
     * @return its text, or null when it is not a scalar or is empty.
     */
    String text(final YamlNode node, final String expected)
    {
        if (node instanceof YamlNode.Scalar && ((YamlNode.Scalar)node).kind() != YamlNode.ScalarKind.NULL)
        {
            return ((YamlNode.Scalar)node).text();
        }
        mismatch(node, expected);
        return null;
    }

    /**
     * @param node     a value.
     * @param expected what it should be, e.g. "a version number".
     * @param min      the least value allowed.
     * @return the integer, or null.
     */
    Integer integer(final YamlNode node, final String expected, final int min)
    {
        if (node instanceof YamlNode.Scalar && ((YamlNode.Scalar)node).kind() == YamlNode.ScalarKind.INTEGER)
        {
            final String text = ((YamlNode.Scalar)node).text();
            final long value = text.length() > 10 ? Long.MAX_VALUE : Long.parseLong(text);
            if (value >= min && value <= Integer.MAX_VALUE)
            {
                return (int)value;
            }
            error(node.pos(), "expected " + expected + " of at least " + min + ", found " + text);
            return null;
        }
        mismatch(node, expected);
        return null;
    }

    /**
     * @param node      a value such as {@code 60s}.
     * @param allowZero whether {@code 0s} is allowed (a cooldown), or the duration must be positive (a window).
     * @return milliseconds, or null.
     */
    Long duration(final YamlNode node, final boolean allowZero)
    {
        final String expected = "a duration such as 60s (a whole number and ms, s, m, h or d)";
        if (!(node instanceof YamlNode.Scalar) || ((YamlNode.Scalar)node).kind() == YamlNode.ScalarKind.NULL)
        {
            mismatch(node, "a duration such as 60s");
            return null;
        }
        final YamlNode.Scalar scalar = (YamlNode.Scalar)node;
        if (scalar.kind() == YamlNode.ScalarKind.INTEGER || scalar.kind() == YamlNode.ScalarKind.FLOAT)
        {
            error(node.pos(), "expected a duration such as 60s, found the number " + scalar.text() +
                " without a unit: add ms, s, m, h or d");
            return null;
        }
        final long ms;
        try
        {
            ms = Durations.parseMs(scalar.text().trim());
        }
        catch (final ArithmeticException ex)
        {
            error(node.pos(), "expected " + expected + ", found '" + scalar.text() + "', which is too long");
            return null;
        }
        if (ms < 0)
        {
            error(node.pos(), "expected " + expected + ", found '" + scalar.text() + "'");
            return null;
        }
        if (ms == 0 && !allowZero)
        {
            error(node.pos(), "expected a positive duration such as 60s, found '" + scalar.text() + "'");
            return null;
        }
        return ms;
    }

    /**
     * @param node   a scalar naming one of a set of choices.
     * @param what   what is named, e.g. "severity".
     * @param names  the valid names, in the order messages list them.
     * @param lookup name to value (null when unknown).
     * @param <E>    the value type.
     * @return the value, or null.
     */
    <E> E choice(final YamlNode node, final String what, final List<String> names, final Function<String, E> lookup)
    {
        final String text = text(node, "a " + what + ": one of " + String.join(", ", names));
        if (text == null)
        {
            return null;
        }
        final E value = names.contains(text) ? lookup.apply(text) : null;
        if (value == null)
        {
            error(node.pos(), "unknown " + what + " '" + text + "'" + Suggestions.didYouMean(text, names) +
                ": expected one of " + String.join(", ", names));
        }
        return value;
    }

    /**
     * @param node     a list of scalars.
     * @param expected what it should be, e.g. "a list of tags such as [velocity, card]".
     * @return the texts, or null.
     */
    List<String> stringList(final YamlNode node, final String expected)
    {
        if (!(node instanceof YamlNode.Sequence))
        {
            mismatch(node, expected);
            return null;
        }
        final List<String> values = new ArrayList<>();
        boolean ok = true;
        for (final YamlNode item : ((YamlNode.Sequence)node).items())
        {
            final String text = text(item, "a text in " + expected);
            ok &= text != null;
            values.add(text);
        }
        return ok ? values : null;
    }

    /**
     * @param node an expression scalar.
     * @param what what it is, e.g. "a condition such as count() >= 5".
     * @return the expression and how to map its positions, or null.
     */
    ExprSource expression(final YamlNode node, final String what)
    {
        final String text = text(node, what);
        if (text == null)
        {
            return null;
        }
        final YamlNode.Scalar scalar = (YamlNode.Scalar)node;
        return new ExprSource(text, scalar.pos(), scalar.lineStarts());
    }

    /**
     * Reads a filter expression and remembers it as a site to check.
     *
     * @param node an expression scalar.
     * @param what what it is, e.g. "a filter expression such as amount &lt; 2.00".
     * @return the expression and how to map its positions, or null.
     */
    ExprSource filter(final YamlNode node, final String what)
    {
        final ExprSource source = expression(node, what);
        if (source != null)
        {
            sites.add(new ExprSite(source, false, false));
        }
        return source;
    }

    /**
     * @param node {@code N} or {@code "N+"}.
     * @return {minTimes, orMore ? 1 : 0}, or null.
     */
    int[] times(final YamlNode node)
    {
        final String expected = "a repeat count such as 3 (exactly 3) or 3+ (3 or more), from 1 to 9999";
        if (node instanceof YamlNode.Scalar)
        {
            final YamlNode.Scalar scalar = (YamlNode.Scalar)node;
            final var m = TIMES.matcher(scalar.text());
            if ((scalar.kind() == YamlNode.ScalarKind.INTEGER || scalar.kind() == YamlNode.ScalarKind.STRING) &&
                m.matches())
            {
                return new int[] {Integer.parseInt(m.group(1)), m.group(2).isEmpty() ? 0 : 1};
            }
            if (scalar.kind() != YamlNode.ScalarKind.NULL)
            {
                error(node.pos(), "expected " + expected + ", found '" + scalar.text() + "'");
                return null;
            }
        }
        mismatch(node, expected);
        return null;
    }

    private void mismatch(final YamlNode node, final String expected)
    {
        if (!(node instanceof YamlNode.Invalid))
        {
            error(node.pos(), "expected " + expected + ", found " + node.describe());
        }
    }
}
