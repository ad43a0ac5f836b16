package io.vigil.core.event;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmountsTest
{
    @Test
    void shouldParseDecimalsExactlyIntoMinorUnits()
    {
        assertThat(Amounts.parseMinor("12.34", 2)).isEqualTo(1234);
        assertThat(Amounts.parseMinor("12.3", 2)).isEqualTo(1230);
        assertThat(Amounts.parseMinor("12", 2)).isEqualTo(1200);
        assertThat(Amounts.parseMinor("0.01", 2)).isEqualTo(1);
        assertThat(Amounts.parseMinor("1500", 0)).isEqualTo(1500);
        assertThat(Amounts.parseMinor("1.234", 3)).isEqualTo(1234);
        assertThat(Amounts.parseMinor("12.340", 2)).isEqualTo(1234);
    }

    @Test
    void shouldRejectWhatIsNotAnExactNonNegativeAmount()
    {
        assertThatThrownBy(() -> Amounts.parseMinor("-1.00", 2)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Amounts.parseMinor("1.234", 2)).hasMessageContaining("more than 2 decimal places");
        assertThatThrownBy(() -> Amounts.parseMinor("1e3", 2)).hasMessageContaining("expected a decimal amount");
        assertThatThrownBy(() -> Amounts.parseMinor("", 2)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Amounts.parseMinor("1.", 2)).hasMessageContaining("expected a decimal amount");
        assertThatThrownBy(() -> Amounts.parseMinor("99999999999999999999", 2)).hasMessageContaining("too large");
    }

    @Test
    void shouldFormatWithTheCurrencysDecimals()
    {
        assertThat(Amounts.format(1230, 2)).isEqualTo("12.30");
        assertThat(Amounts.format(5, 2)).isEqualTo("0.05");
        assertThat(Amounts.format(1500, 0)).isEqualTo("1500");
        assertThat(Amounts.format(1234, 3)).isEqualTo("1.234");
        assertThat(Amounts.format(-5, 2)).isEqualTo("-0.05");
    }

    @Test
    void shouldWriteTheSameTextIntoABufferAsFormat()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (final long minor : new long[] {0, 1, 9, 10, 99, 100, 1234, 1_000_000_07L, -42})
        {
            for (int exponent = 0; exponent <= 3; exponent++)
            {
                final int length = Amounts.putDecimal(buffer, 3, minor, exponent);
                assertThat(buffer.getStringWithoutLengthAscii(3, length)).isEqualTo(Amounts.format(minor, exponent));
            }
        }
    }

    @Test
    void shouldKnowCurrencyExponents()
    {
        assertThat(Currencies.exponent("USD")).isEqualTo(2);
        assertThat(Currencies.exponent("JPY")).isEqualTo(0);
        assertThat(Currencies.exponent("KWD")).isEqualTo(3);
        assertThat(Currencies.isWellFormed("EUR")).isTrue();
        assertThat(Currencies.isWellFormed("EU")).isFalse();
    }
}
