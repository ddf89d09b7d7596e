package io.meterflow.aggregate;

import java.time.Duration;

/**
 * Storage granularity of a meter: event time is floored to a UTC-aligned window of this size.
 * Coarser windows (month, other time zones) are rolled up at query time.
 */
public enum WindowSize {
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final long millis;

    WindowSize(Duration duration) {
        this.millis = duration.toMillis();
    }

    public long millis() {
        return millis;
    }

    /** Start of the window holding {@code epochMillis}; floors towards negative infinity for pre-1970 times. */
    public long windowStart(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public long windowEnd(long epochMillis) {
        return windowStart(epochMillis) + millis;
    }
}
