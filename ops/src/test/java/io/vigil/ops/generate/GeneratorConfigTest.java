package io.vigil.ops.generate;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorConfigTest
{
    @Test
    void shouldStartOnAFixedDateByDefault()
    {
        final GeneratorConfig config = GeneratorConfig.defaults();
        assertThat(Instant.ofEpochMilli(config.startMs())).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(config.events()).isEqualTo(GeneratorConfig.DEFAULT_EVENTS);
        assertThat(config.cards()).isEqualTo(GeneratorConfig.DEFAULT_CARDS);
        assertThat(config.homeCountries()).contains("US", "GB", "DE", "FR", "ES", "IT", "NL", "CA", "AU")
            .doesNotContain("JP", "BR", "MX");
    }

    @Test
    void shouldSplitTheFraudRateEvenlyOverTheTypes()
    {
        final GeneratorConfig config = GeneratorConfig.builder().events(200_000).fraudCasesPerMillion(260).build();
        // 52 cases: 11, 11, 10, 10, 10
        assertThat(config.totalCases()).isEqualTo(52);
        assertThat(config.cases(FraudType.VELOCITY)).isEqualTo(11);
        assertThat(config.cases(FraudType.CARD_TESTING)).isEqualTo(11);
        assertThat(config.cases(FraudType.NEW_COUNTRY)).isEqualTo(10);
    }

    @Test
    void shouldLetExplicitCountsOverrideTheRate()
    {
        final GeneratorConfig config = GeneratorConfig.builder().events(100_000).fraudCasesPerMillion(0)
            .cases(FraudType.VELOCITY, 3).cases(FraudType.IMPOSSIBLE_TRAVEL, 2).build();
        assertThat(config.casesByType()).containsEntry(FraudType.VELOCITY, 3)
            .containsEntry(FraudType.IMPOSSIBLE_TRAVEL, 2).containsEntry(FraudType.CARD_TESTING, 0);
        final TrafficGenerator generator = new TrafficGenerator(config);
        generator.forEachRemaining(tx -> { });
        assertThat(generator.truthCases()).hasSize(5);
        assertThat(generator.emitted()).isEqualTo(100_000);
    }

    @Test
    void shouldTakeHomeCountriesInTheWorldsOrder()
    {
        assertThat(GeneratorConfig.builder().homeCountries("MX", "JP").build().homeCountries())
            .containsExactly("JP", "MX");
    }

    @Test
    void shouldRoundTripThroughItsBuilder()
    {
        final GeneratorConfig config = GeneratorConfig.builder().seed(3).events(5_000).cards(50).startMs(0)
            .cases(FraudType.VELOCITY, 2).homeCountries("GB").build();
        assertThat(config.toBuilder().build().toString()).isEqualTo(config.toString());
    }

    @Test
    void shouldNameTheFieldAndTheExpectedRangeWhenInvalid()
    {
        assertThatThrownBy(() -> GeneratorConfig.builder().events(0).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("events: expected 1..9999999999, found 0");
        assertThatThrownBy(() -> GeneratorConfig.builder().cards(3).build())
            .hasMessage("cards: expected 10..5000000, found 3");
        assertThatThrownBy(() -> GeneratorConfig.builder().startMs(-1).build())
            .hasMessageStartingWith("startMs: expected epoch milliseconds");
        assertThatThrownBy(() -> GeneratorConfig.builder().fraudCasesPerMillion(Double.NaN).build())
            .hasMessageStartingWith("fraudCasesPerMillion: expected 0..");
        assertThatThrownBy(() -> GeneratorConfig.builder().cases(FraudType.AMOUNT_SPIKE, -2).build())
            .hasMessage("cases.amount-spike: expected 0 or more, found -2");
        assertThatThrownBy(() -> GeneratorConfig.builder().homeCountries("US", "XX").build())
            .hasMessageStartingWith("homeCountries: unknown country XX, expected one of [US, GB");
        assertThatThrownBy(() -> GeneratorConfig.builder().events(1_000).cases(FraudType.VELOCITY, 60).build())
            .hasMessageStartingWith("cases: 60 fraud cases of up to 10 transactions each could exceed half");
    }

    @Test
    void shouldGenerateEvenTinyRuns()
    {
        final TrafficGenerator generator = new TrafficGenerator(GeneratorConfig.builder().events(1).cards(10).build());
        assertThat(generator.next().id()).isEqualTo("tx-0000000001");
        assertThat(generator.hasNext()).isFalse();
        assertThat(generator.truthCases()).isEmpty();
    }
}
