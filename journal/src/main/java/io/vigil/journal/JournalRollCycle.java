package io.vigil.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;

import java.text.ParsePosition;
import java.time.format.DateTimeFormatter;

/**
 * How often the journal starts a new file (a Chronicle Queue <em>cycle</em>). Old cycles can then be
 * archived or deleted whole. The cycle is part of every journal index, so a journal keeps the roll cycle it
 * was created with: reopening it, with whatever configuration, goes on with the same one.
 */
public enum JournalRollCycle
{
    /** One file per UTC day, up to 2^32 entries a day (Chronicle {@code FAST_DAILY}). The default. */
    DAILY(RollCycles.FAST_DAILY),

    /** One file per UTC hour, up to 2^32 entries an hour (Chronicle {@code FAST_HOURLY}). */
    HOURLY(RollCycles.FAST_HOURLY),

    /** One file per minute, up to 2^26 entries a minute (Chronicle {@code MINUTELY}); for tests. */
    MINUTELY(LegacyRollCycles.MINUTELY);

    private static final JournalRollCycle[] VALUES = values();

    private final RollCycle chronicleRollCycle;
    private final DateTimeFormatter cycleNameFormat;

    JournalRollCycle(final RollCycle chronicleRollCycle)
    {
        this.chronicleRollCycle = chronicleRollCycle;
        this.cycleNameFormat = DateTimeFormatter.ofPattern(chronicleRollCycle.format());
    }

    /**
     * @param cycleName a cycle file's name without its {@code .cq4} suffix, e.g. {@code 20261124F}.
     * @return the roll cycle whose file names look like that, or {@code null} if none does.
     */
    static JournalRollCycle ofCycleName(final String cycleName)
    {
        for (final JournalRollCycle rollCycle : VALUES)
        {
            final ParsePosition position = new ParsePosition(0);
            rollCycle.cycleNameFormat.parseUnresolved(cycleName, position);
            if (position.getErrorIndex() < 0 && position.getIndex() == cycleName.length())
            {
                return rollCycle;
            }
        }
        return null;
    }

    /**
     * Parses a roll cycle named in configuration: {@code daily}, {@code hourly} or {@code minutely}, in any case.
     *
     * @param name the configured value.
     * @return the roll cycle it names.
     * @throws IllegalArgumentException naming the value found and the values expected.
     */
    public static JournalRollCycle parse(final String name)
    {
        if (name != null)
        {
            for (final JournalRollCycle rollCycle : values())
            {
                if (rollCycle.name().equalsIgnoreCase(name.trim()))
                {
                    return rollCycle;
                }
            }
        }
        return failParse(name);
    }

    private static JournalRollCycle failParse(final String name)
    {
        final String found = name == null ? "null" : '"' + name + '"';
        throw new IllegalArgumentException("journal rollCycle: expected daily, hourly or minutely, found " + found);
    }

    /**
     * @param cycleName a cycle file's name without {@code .cq4}, of this roll cycle.
     * @return its cycle number (time since epoch in cycle lengths), or -1 if the name does not parse.
     */
    long cycleOfName(final String cycleName)
    {
        try
        {
            final java.time.temporal.TemporalAccessor parsed = cycleNameFormat.withZone(java.time.ZoneOffset.UTC)
                .parse(cycleName);
            final java.time.LocalDateTime start = this == DAILY ?
                java.time.LocalDate.from(parsed).atStartOfDay() : java.time.LocalDateTime.from(parsed);
            return start.toInstant(java.time.ZoneOffset.UTC).toEpochMilli() / chronicleRollCycle.lengthInMillis();
        }
        catch (final java.time.DateTimeException ex)
        {
            return -1;
        }
    }

    /**
     * @param journalIndex a journal index.
     * @return the cycle it belongs to.
     */
    long cycleOfIndex(final long journalIndex)
    {
        return chronicleRollCycle.toCycle(journalIndex);
    }

    /** @return the Chronicle roll cycle this stands for. */
    RollCycle chronicleRollCycle()
    {
        return chronicleRollCycle;
    }
}
