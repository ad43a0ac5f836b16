package io.vigil.core.time;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

class EpochTimeTest
{
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    @Test
    void shouldFormatKnownInstants()
    {
        assertThat(format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(format(951_782_400_000L)).isEqualTo("2000-02-29T00:00:00.000Z");
        assertThat(format(1_795_505_146_123L)).isEqualTo(ISO.format(Instant.ofEpochMilli(1_795_505_146_123L)));
        assertThat(format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void shouldAgreeWithJavaTimeForAnyInstantInYearsOneTo9999()
    {
        qt().withExamples(5000)
            .forAll(longs().between(-62_135_596_800_000L, 253_402_300_799_999L))
            .checkAssert(ms -> assertThat(format(ms)).isEqualTo(ISO.format(Instant.ofEpochMilli(ms))));
    }

    private static String format(final long ms)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        final int length = EpochTime.putIso(buffer, 2, ms);
        assertThat(length).isEqualTo(EpochTime.ISO_LENGTH);
        return buffer.getStringWithoutLengthAscii(2, length);
    }
}
