package io.meterflow.aggregate;

/**
 * How a meter folds event values into a window: OpenMeter's set, then the two series aggregations
 * (docs/series.md). New constants go at the end: committables store the ordinal.
 */
public enum Aggregation {
    SUM,
    COUNT,
    AVG,
    MIN,
    MAX,
    UNIQUE_COUNT,
    LATEST,
    /** Cumulative counter with resets: the increase between consecutive samples of a series. */
    INCREASE,
    /** Gauge: the integral of value over time (value-seconds), each sample held until the next. */
    TIME_WEIGHTED;

    /** COUNT is the only aggregation that reads no value from the event. */
    public boolean readsValue() {
        return this != COUNT;
    }

    /** Aggregations whose value must be a finite decimal number. */
    public boolean isNumeric() {
        return this != COUNT && this != UNIQUE_COUNT;
    }

    /**
     * Usage depends on a sample's neighbours in its series, not on the event alone: the series stage
     * turns each counted sample into correcting window deltas, summed like SUM.
     */
    public boolean isSeries() {
        return this == INCREASE || this == TIME_WEIGHTED;
    }
}
