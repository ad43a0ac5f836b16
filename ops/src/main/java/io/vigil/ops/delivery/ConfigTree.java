package io.vigil.ops.delivery;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML configuration read with Jackson's streaming YAML parser into a small tree whose every value keeps
 * its line and column, so that checks of the schema can say where a value is wrong. Reports a syntax error
 * and duplicate keys to the error list.
 */
final class ConfigTree
{
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** A position in the file, from 1. */
    record Pos(int line, int column)
    {
        @Override
        public String toString()
        {
            return line + ":" + column;
        }
    }

    /** A value of the tree. */
    sealed interface Node permits Scalar, Sequence, Mapping
    {
        /** @return where it starts. */
        Pos pos();

        /** @return the value as a message names it. */
        String describe();
    }

    /** A scalar; {@code token} tells how YAML typed it. */
    record Scalar(String text, JsonToken token, Pos pos) implements Node
    {
        @Override
        public String describe()
        {
            return token == JsonToken.VALUE_STRING ? "'" + text + "'" : token == JsonToken.VALUE_NULL ? "nothing" : text;
        }
    }

    /** A list. */
    record Sequence(List<Node> items, Pos pos) implements Node
    {
        @Override
        public String describe()
        {
            return "a list";
        }
    }

    /** A mapping, keys in file order, with where each key is. */
    record Mapping(Map<String, Node> values, Map<String, Pos> keyPos, Pos pos) implements Node
    {
        @Override
        public String describe()
        {
            return "a mapping";
        }
    }

    private final List<String> errors;
    private YAMLParser parser;

    private ConfigTree(final List<String> errors)
    {
        this.errors = errors;
    }

    /**
     * @param text   the file's content.
     * @param errors where errors go, as "LINE:COLUMN: message".
     * @return the root, or null when the file is empty or not valid YAML (an error was added).
     */
    static Node read(final String text, final List<String> errors)
    {
        return new ConfigTree(errors).readRoot(text);
    }

    private Node readRoot(final String text)
    {
        try (YAMLParser p = FACTORY.createParser(text))
        {
            parser = p;
            final JsonToken first = p.nextToken();
            if (first == null)
            {
                errors.add("1:1: expected a mapping with an 'endpoints' list, found an empty file");
                return null;
            }
            return value(first);
        }
        catch (final JsonProcessingException ex)
        {
            if (ex.getCause() instanceof MarkedYAMLException)
            {
                final MarkedYAMLException yaml = (MarkedYAMLException)ex.getCause();
                final Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
                final Mark context = yaml.getContextMark();
                errors.add((mark == null ? "1:1" : (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
                    + ": not valid YAML: " + yaml.getProblem() + (yaml.getContext() == null || context == null ? "" :
                    " (" + yaml.getContext() + " that starts at " + (context.getLine() + 1) + ":"
                    + (context.getColumn() + 1) + ")"));
                return null;
            }
            final JsonLocation at = ex.getLocation();
            final String message = ex.getOriginalMessage().split("\n")[0];
            errors.add((at == null ? "1:1" : at.getLineNr() + ":" + at.getColumnNr()) + ": not valid YAML: " + message);
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private Node value(final JsonToken token) throws IOException
    {
        final Pos pos = pos(parser.currentTokenLocation());
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Node> values = new LinkedHashMap<>();
                final Map<String, Pos> keyPos = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken())
                {
                    final String key = parser.currentName();
                    final Pos at = pos(parser.currentTokenLocation());
                    final Node v = value(parser.nextToken());
                    if (values.containsKey(key))
                    {
                        errors.add(at + ": '" + key + "' is given twice (first at " + keyPos.get(key) + ")");
                        continue;
                    }
                    values.put(key, v);
                    keyPos.put(key, at);
                }
                return new Mapping(values, keyPos, pos);
            }
            case START_ARRAY:
            {
                final List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken())
                {
                    items.add(value(t));
                }
                return new Sequence(items, pos);
            }
            default:
                return new Scalar(token == JsonToken.VALUE_NULL ? "" : parser.getText(), token, pos);
        }
    }

    private static Pos pos(final JsonLocation location)
    {
        return new Pos(location.getLineNr(), location.getColumnNr());
    }
}
