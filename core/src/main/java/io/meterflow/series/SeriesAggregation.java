package io.meterflow.series;

/** How a series of samples becomes usage. */
public enum SeriesAggregation {
    /**
     * Cumulative counter: between two consecutive samples the usage is {@code v2 - v1}, or
     * {@code v2} when {@code v2 < v1} (the counter restarted from zero), attributed to the window
     * of the later sample.
     */
    INCREASE,
    /**
     * Gauge: each sample holds its value from its time until the next sample, at most
     * {@code maxHold}; usage is the integral of value over time in value-seconds.
     */
    TIME_WEIGHTED
}
