package io.vigil.ops.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as people write them: {@code 500ms}, {@code 20s}, {@code 5m}, {@code 1h}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration>
{
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(final String value)
    {
        final Matcher m = FORMAT.matcher(value.strip());
        if (!m.matches())
        {
            throw new CommandLine.TypeConversionException(
                "expected a duration such as 500ms, 20s, 5m or 1h, found '" + value + "'");
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2))
        {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            default:
                return Duration.ofHours(n);
        }
    }
}
