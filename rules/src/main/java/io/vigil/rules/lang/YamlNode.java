package io.vigil.rules.lang;

import java.util.List;

/**
 * A YAML value read from a rule file, with its position: the small tree the schema checks walk. Built by
 * {@link YamlTreeReader}.
 */
sealed interface YamlNode
{
    /** @return where the value starts. */
    SourcePos pos();

    /** @return the value as messages name what was found: "a list", "the number 60", "'abc'". */
    String describe();

    /** What YAML typed a scalar as. */
    enum ScalarKind
    {
        STRING, INTEGER, FLOAT, BOOLEAN, NULL
    }

    /**
     * A scalar: text, number, boolean or null.
     *
     * @param text       the value as text (for null: "").
     * @param kind       how YAML typed it.
     * @param pos        where it starts (its opening quote or block indicator, if any).
     * @param lineStarts for each line of {@code text}, where its first character is in the file; empty when
     *                   the text cannot be mapped character for character (escapes, folding).
     */
    record Scalar(String text, ScalarKind kind, SourcePos pos, List<SourcePos> lineStarts) implements YamlNode
    {
        @Override
        public String describe()
        {
            switch (kind)
            {
                case NULL:
                    return "nothing";
                case INTEGER:
                case FLOAT:
                    return "the number " + text;
                case BOOLEAN:
                    return "the boolean " + text;
                default:
                    return "'" + text + "'";
            }
        }
    }

    /**
     * A list.
     *
     * @param items its items.
     * @param pos   where it starts.
     */
    record Sequence(List<YamlNode> items, SourcePos pos) implements YamlNode
    {
        @Override
        public String describe()
        {
            return "a list";
        }
    }

    /**
     * A mapping, keys in file order (a duplicate key is reported and dropped by the reader).
     *
     * @param entries its entries.
     * @param pos     where it starts.
     */
    record Mapping(List<Entry> entries, SourcePos pos) implements YamlNode
    {
        @Override
        public String describe()
        {
            return "a mapping";
        }

        /**
         * @param key a key.
         * @return its entry, or null.
         */
        Entry get(final String key)
        {
            for (final Entry e : entries)
            {
                if (e.key().equals(key))
                {
                    return e;
                }
            }
            return null;
        }

        /**
         * @param key a key.
         * @return its value, or null when absent.
         */
        YamlNode value(final String key)
        {
            final Entry e = get(key);
            return e == null ? null : e.value();
        }
    }

    /**
     * A value that could not be read (a tag, an alias); its error is already reported, and checks of the
     * schema say nothing more about it.
     *
     * @param pos where it starts.
     */
    record Invalid(SourcePos pos) implements YamlNode
    {
        @Override
        public String describe()
        {
            return "an invalid value";
        }
    }

    /**
     * One key of a mapping.
     *
     * @param key    the key.
     * @param keyPos where the key is.
     * @param value  its value.
     */
    record Entry(String key, SourcePos keyPos, YamlNode value)
    {
    }
}
