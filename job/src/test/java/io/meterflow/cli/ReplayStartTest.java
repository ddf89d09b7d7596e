package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReplayStartTest {
    private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void offsetsTimesAndRelativeTimes() {
        assertThat(ReplayStart.parse("0:120, 1:98", CLOCK).offsets()).containsEntry(0, 120L).containsEntry(1, 98L);
        assertThat(ReplayStart.parse("2024-05-01T00:00:00Z", CLOCK).time()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(ReplayStart.parse("2024-05-01T02:00:00+02:00", CLOCK).time()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(ReplayStart.parse("now-2h", CLOCK).time()).isEqualTo(NOW.minus(Duration.ofHours(2)));
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> ReplayStart.parse("yesterday", CLOCK)).isInstanceOf(CliException.class).hasMessageContaining("RFC 3339");
    }

    @Test
    void startBeyondTheDedupeHorizonIsRefusedWithRebuildAdvice() {
        ReplayStart.checkHorizon(NOW.minus(Duration.ofDays(34)), Duration.ofDays(35), NOW);
        assertThatThrownBy(() -> ReplayStart.checkHorizon(NOW.minus(Duration.ofDays(36)), Duration.ofDays(35), NOW))
                .isInstanceOf(CliException.class).hasMessageContaining("dedupe horizon").hasMessageContaining("rebuild");
    }
}
