package io.meterflow.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class BackoffPropertiesTest {
    private static final Backoff B = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24));
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Property
    void theWaitIsJitteredBelowTheDoublingCapAndNeverPastTheRetryTime(@ForAll @IntRange(min = 1, max = 80) int retry,
            @ForAll @DoubleRange(min = 0, max = 0.99) double random, @ForAll @IntRange(min = 0, max = 100_000) int elapsedSeconds) {
        Instant now = T0.plusSeconds(elapsedSeconds);
        Instant next = B.next(T0, now, retry, () -> random);
        long cap = Math.min(600_000L, 1000L << Math.min(retry - 1, 20));
        if (next != null) {
            assertThat(Duration.between(now, next).toMillis()).isBetween(0L, cap);
            assertThat(next).isBeforeOrEqualTo(T0.plus(Duration.ofHours(24)));
        } else {
            assertThat(now.plusMillis((long) (random * cap))).isAfter(T0.plus(Duration.ofHours(24)));
        }
    }

    @Property
    void theCapDoublesUntilTheMaximum(@ForAll @IntRange(min = 1, max = 12) int retry) {
        Instant next = B.next(T0, T0, retry, () -> 0.999999);
        assertThat(Duration.between(T0, next).toMillis()).isCloseTo(Math.min(600_000L, 1000L << (retry - 1)),
                org.assertj.core.data.Offset.offset(1L + (1000L << (retry - 1)) / 100_000));
    }
}
