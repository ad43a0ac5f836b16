package io.vigil.rules.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads, checks and compiles rule files: the one entry point for {@code vigil rules check} and for loading a
 * rule file into the engine. Stateless and thread-safe.
 */
public final class RulesCheck
{
    private RulesCheck()
    {
    }

    /**
     * @param file a rule file.
     * @return every error in it, by line and column; empty when the file is valid.
     * @throws IOException when it cannot be read.
     */
    public static List<RuleError> check(final Path file) throws IOException
    {
        return load(file).errors();
    }

    /**
     * @param file a rule file.
     * @return its compiled rules and errors; errors name the file by the path as given.
     * @throws IOException when it cannot be read.
     */
    public static CompiledRuleFile load(final Path file) throws IOException
    {
        return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @param file the name errors give the file.
     * @param text the file's content.
     * @return its compiled rules and errors.
     */
    public static CompiledRuleFile load(final String file, final String text)
    {
        return RuleSpecCompiler.compile(RuleFileParser.parse(file, text));
    }

    /**
     * @param file the name errors give the file.
     * @param text the file's content.
     * @return every error in it, by line and column.
     */
    public static List<RuleError> check(final String file, final String text)
    {
        return load(file, text).errors();
    }
}
