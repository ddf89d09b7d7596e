package io.meterflow.series;

import io.meterflow.aggregate.WindowSize;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of one series meter.
 *
 * @param lateness a sample whose event time is more than this before the newest sample of its
 *     series is too late; also how much history the state keeps
 * @param maxHold TIME_WEIGHTED: how long a sample holds its value at most (the source is
 *     considered gone after that); ignored by INCREASE
 * @param firstSample INCREASE: what the first sample of a series counts; ignored by TIME_WEIGHTED
 */
public record SeriesSettings(
        SeriesAggregation aggregation,
        WindowSize windowSize,
        Duration lateness,
        Duration maxHold,
        FirstSample firstSample) implements Serializable {
    public static final Duration DEFAULT_LATENESS = Duration.ofHours(2);
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(5);
    /** Bounds that keep time arithmetic far from long overflow (event times end in 9999). */
    private static final Duration MAX_DURATION = Duration.ofDays(366);

    public SeriesSettings {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(lateness, "lateness");
        Objects.requireNonNull(maxHold, "maxHold");
        Objects.requireNonNull(firstSample, "firstSample");
        if (lateness.isNegative() || lateness.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("seriesLateness must be between 0 and " + MAX_DURATION + ", got " + lateness);
        }
        if (maxHold.toMillis() <= 0 || maxHold.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("maxHold must be between 1ms and " + MAX_DURATION + ", got " + maxHold);
        }
    }

    public static SeriesSettings increase(WindowSize windowSize, Duration lateness, FirstSample firstSample) {
        return new SeriesSettings(SeriesAggregation.INCREASE, windowSize, lateness, DEFAULT_MAX_HOLD, firstSample);
    }

    public static SeriesSettings timeWeighted(WindowSize windowSize, Duration lateness, Duration maxHold) {
        return new SeriesSettings(SeriesAggregation.TIME_WEIGHTED, windowSize, lateness, maxHold, FirstSample.BASELINE);
    }

    long latenessMillis() {
        return lateness.toMillis();
    }

    long maxHoldMillis() {
        return maxHold.toMillis();
    }
}
