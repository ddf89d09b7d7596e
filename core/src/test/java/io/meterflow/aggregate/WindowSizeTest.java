package io.meterflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowSizeTest {
    @Test
    void floorsToUtcAlignedWindows() {
        long t = Instant.parse("2026-03-08T07:59:59.999Z").toEpochMilli();
        assertThat(Instant.ofEpochMilli(WindowSize.MINUTE.windowStart(t))).isEqualTo("2026-03-08T07:59:00Z");
        assertThat(Instant.ofEpochMilli(WindowSize.HOUR.windowStart(t))).isEqualTo("2026-03-08T07:00:00Z");
        assertThat(Instant.ofEpochMilli(WindowSize.DAY.windowStart(t))).isEqualTo("2026-03-08T00:00:00Z");
        assertThat(Instant.ofEpochMilli(WindowSize.HOUR.windowEnd(t))).isEqualTo("2026-03-08T08:00:00Z");
    }

    @Test
    void windowBoundaryBelongsToTheNextWindow() {
        long t = Instant.parse("2026-01-31T23:00:00Z").toEpochMilli();
        assertThat(WindowSize.HOUR.windowStart(t)).isEqualTo(t);
        assertThat(WindowSize.HOUR.windowStart(t - 1)).isEqualTo(t - 3_600_000);
    }

    @Test
    void preEpochTimesFloorDownward() {
        long t = Instant.parse("1969-12-31T23:59:30Z").toEpochMilli();
        assertThat(Instant.ofEpochMilli(WindowSize.MINUTE.windowStart(t))).isEqualTo("1969-12-31T23:59:00Z");
    }
}
