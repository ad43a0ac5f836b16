package io.vigil.rules.lang;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rule file's YAML with Jackson's streaming YAML parser into a {@link YamlNode} tree that keeps every
 * value's line and column. Reports (to {@link Diagnostics}) a YAML syntax error, duplicate keys, tags and
 * aliases; the schema is checked afterwards, on the tree.
 */
final class YamlTreeReader
{
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Diagnostics diagnostics;
    private final String[] lines;
    private YAMLParser parser;

    private YamlTreeReader(final String text, final Diagnostics diagnostics)
    {
        this.diagnostics = diagnostics;
        this.lines = text.split("\r?\n", -1);
    }

    /**
     * @param text        the file's content.
     * @param diagnostics where errors go.
     * @return the document's root, or null when the file is empty or not valid YAML (then an error was reported).
     */
    static YamlNode read(final String text, final Diagnostics diagnostics)
    {
        return new YamlTreeReader(text, diagnostics).read(text);
    }

    private YamlNode read(final String text)
    {
        try (YAMLParser p = FACTORY.createParser(text))
        {
            parser = p;
            final JsonToken first = p.nextToken();
            if (first == null)
            {
                diagnostics.error(SourcePos.START, "expected a mapping with a 'rules' list, found an empty file");
                return null;
            }
            final YamlNode root = value(first);
            final JsonToken more = p.nextToken();
            if (more != null)
            {
                diagnostics.error(pos(p.currentTokenLocation()),
                    "a rule file holds one YAML document: expected the end of the file, found a second document");
            }
            return root;
        }
        catch (final JsonProcessingException ex)
        {
            syntaxError(ex);
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private YamlNode value(final JsonToken token) throws IOException
    {
        final SourcePos pos = pos(parser.currentTokenLocation());
        if (parser.isCurrentAlias())
        {
            diagnostics.error(pos, "YAML aliases (*" + parser.getText() + ") are not supported in rule files: " +
                "write the value out");
            return new YamlNode.Invalid(pos);
        }
        final String tag = parser.getTypeId();
        if (tag != null)
        {
            skipChildren(token);
            diagnostics.error(pos, "a value starting with '!' is a YAML tag (!" + tag + "): put the value in " +
                "single quotes, e.g. filter: '!(status == \"approved\")'");
            return new YamlNode.Invalid(pos);
        }
        switch (token)
        {
            case START_OBJECT:
                return mapping(pos);
            case START_ARRAY:
            {
                final List<YamlNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    items.add(value(t));
                }
                return new YamlNode.Sequence(List.copyOf(items), pos);
            }
            case VALUE_STRING:
                return scalar(YamlNode.ScalarKind.STRING, pos);
            case VALUE_NUMBER_INT:
                return scalar(YamlNode.ScalarKind.INTEGER, pos);
            case VALUE_NUMBER_FLOAT:
                return scalar(YamlNode.ScalarKind.FLOAT, pos);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return scalar(YamlNode.ScalarKind.BOOLEAN, pos);
            case VALUE_NULL:
                return new YamlNode.Scalar("", YamlNode.ScalarKind.NULL, pos, List.of());
            default:
                diagnostics.error(pos, "expected a text, number, list or mapping, found YAML " + token);
                return new YamlNode.Invalid(pos);
        }
    }

    private YamlNode mapping(final SourcePos pos) throws IOException
    {
        final List<YamlNode.Entry> entries = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT)
        {
            if (t != JsonToken.FIELD_NAME)
            {
                throw new IllegalStateException("expected a key, found " + t);
            }
            final String key = parser.currentName();
            final SourcePos keyPos = pos(parser.currentTokenLocation());
            final YamlNode value = value(parser.nextToken());
            YamlNode.Entry first = null;
            for (final YamlNode.Entry e : entries)
            {
                first = e.key().equals(key) ? e : first;
            }
            if (first != null)
            {
                diagnostics.error(keyPos, "duplicate key '" + key + "': expected each key once, found it already at " +
                    first.keyPos());
                continue;
            }
            entries.add(new YamlNode.Entry(key, keyPos, value));
        }
        return new YamlNode.Mapping(List.copyOf(entries), pos);
    }

    private YamlNode scalar(final YamlNode.ScalarKind kind, final SourcePos pos) throws IOException
    {
        final String text = parser.getText();
        return new YamlNode.Scalar(text, kind, pos, lineStarts(text, pos));
    }

    /**
     * Where each line of a scalar's value starts in the file, when the value is written there character for
     * character: a one-line plain or quoted scalar without escapes, or a literal block (|) whose lines are the
     * file's lines less their indentation. Otherwise empty: positions then fall back to the scalar's start.
     */
    private List<SourcePos> lineStarts(final String value, final SourcePos pos)
    {
        final String line = pos.line() <= lines.length ? lines[pos.line() - 1] : "";
        final int c = pos.column() - 1;
        final String[] parts = trimTrailingEmpty(value.split("\n", -1));
        if (parts.length == 0 || c >= line.length())
        {
            return List.of();
        }
        final char first = line.charAt(c);
        if (parts.length == 1 && value.indexOf('\n') < 0)
        {
            if (line.startsWith(value, c) && first != '\'' && first != '"')
            {
                return List.of(pos);
            }
            final int end = c + 1 + value.length();
            if ((first == '\'' || first == '"') && line.startsWith(value, c + 1) && end < line.length() &&
                line.charAt(end) == first && value.indexOf(first) < 0 && value.indexOf('\\') < 0)
            {
                return List.of(new SourcePos(pos.line(), pos.column() + 1));
            }
            return List.of();
        }
        if (first != '|' && !(first == '>' && parts.length == 1))
        {
            return List.of();
        }
        final List<SourcePos> starts = new ArrayList<>();
        for (int i = 0; i < parts.length; i++)
        {
            final int lineIndex = pos.line() + i;
            if (lineIndex >= lines.length)
            {
                return List.of();
            }
            final String src = lines[lineIndex];
            final int indent = src.length() - parts[i].length();
            if (indent < 0 || !src.endsWith(parts[i]) || !src.substring(0, indent).isBlank())
            {
                return List.of();
            }
            starts.add(new SourcePos(lineIndex + 1, indent + 1));
        }
        return List.copyOf(starts);
    }

    private static String[] trimTrailingEmpty(final String[] parts)
    {
        int n = parts.length;
        while (n > 0 && parts[n - 1].isEmpty())
        {
            n--;
        }
        return java.util.Arrays.copyOf(parts, n);
    }

    private void skipChildren(final JsonToken token) throws IOException
    {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        {
            parser.skipChildren();
        }
    }

    private void syntaxError(final JsonProcessingException ex)
    {
        if (ex.getCause() instanceof MarkedYAMLException)
        {
            final MarkedYAMLException yaml = (MarkedYAMLException)ex.getCause();
            final Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
            final SourcePos pos = mark == null ? SourcePos.START :
                new SourcePos(mark.getLine() + 1, mark.getColumn() + 1);
            final Mark context = yaml.getContextMark();
            final String where = yaml.getContext() == null || context == null ? "" :
                " (" + yaml.getContext() + " that starts at " + (context.getLine() + 1) + ":" +
                (context.getColumn() + 1) + ")";
            diagnostics.error(pos, "YAML syntax error: " + yaml.getProblem() + where + hint(pos));
            return;
        }
        final JsonLocation location = ex.getLocation();
        diagnostics.error(location == null ? SourcePos.START : pos(location),
            "YAML syntax error: " + ex.getOriginalMessage());
    }

    /** A hint for the usual cause: an expression that starts with a character YAML reserves. */
    private String hint(final SourcePos pos)
    {
        final String line = pos.line() <= lines.length ? lines[pos.line() - 1] : "";
        final int colon = line.indexOf(": ");
        final String value = colon < 0 ? "" : line.substring(colon + 2).stripLeading();
        if (!value.isEmpty() && "!&*@`%|>".indexOf(value.charAt(0)) >= 0)
        {
            return "; a value that starts with '" + value.charAt(0) + "' means something else in YAML: put it in " +
                "single quotes";
        }
        if (value.contains(": "))
        {
            return "; a value that contains ': ' must be put in single quotes";
        }
        return "";
    }

    private static SourcePos pos(final JsonLocation location)
    {
        return new SourcePos(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
