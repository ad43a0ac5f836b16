package io.vigil.ops.delivery;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAndBreakerTest
{
    @Test
    void shouldDrawBackoffsWithinTheDoublingCapAndNeverAboveTheMaximum()
    {
        final RetryPolicy policy = new RetryPolicy(10, 60_000, 100, 1_000);
        final SplittableRandom random = new SplittableRandom(7);
        long maxSeenAttempt1 = 0;
        long maxSeenAttempt8 = 0;
        for (int i = 0; i < 10_000; i++)
        {
            final long first = policy.backoffMs(1, random);
            final long third = policy.backoffMs(3, random);
            final long eighth = policy.backoffMs(8, random);
            assertThat(first).isBetween(0L, 100L);
            assertThat(third).isBetween(0L, 400L);
            assertThat(eighth).isBetween(0L, 1_000L);
            maxSeenAttempt1 = Math.max(maxSeenAttempt1, first);
            maxSeenAttempt8 = Math.max(maxSeenAttempt8, eighth);
        }
        // jitter spreads the waits over the whole range, up to the cap
        assertThat(maxSeenAttempt1).isGreaterThan(90);
        assertThat(maxSeenAttempt8).isGreaterThan(900);
        assertThat(policy.backoffMs(1_000, random)).isBetween(0L, 1_000L);
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsOrMaxAge()
    {
        final RetryPolicy policy = new RetryPolicy(3, 60_000, 100, 1_000);
        assertThat(policy.exhausted(2, 59_999)).isFalse();
        assertThat(policy.exhausted(3, 0)).isTrue();
        assertThat(policy.exhausted(1, 60_000)).isTrue();
    }

    @Test
    void shouldOpenAfterConsecutiveFailuresThenLetOneTrialThrough()
    {
        final CircuitBreaker breaker = new CircuitBreaker(3, 1_000);
        breaker.onFailure(0);
        breaker.onFailure(1);
        breaker.onSuccess();
        breaker.onFailure(2);
        breaker.onFailure(3);
        assertThat(breaker.allowRequest(4)).isTrue();
        breaker.onFailure(4);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowRequest(1_003)).isFalse();
        assertThat(breaker.allowRequest(1_004)).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        breaker.onFailure(1_004);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allowRequest(2_003)).isFalse();
        assertThat(breaker.allowRequest(2_004)).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.timesOpened()).isEqualTo(2);
    }
}
