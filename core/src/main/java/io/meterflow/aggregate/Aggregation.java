package io.meterflow.aggregate;

/** How a meter folds event values into a window (OpenMeter's set). */
public enum Aggregation {
    SUM,
    COUNT,
    AVG,
    MIN,
    MAX,
    UNIQUE_COUNT,
    LATEST;

    /** COUNT is the only aggregation that reads no value from the event. */
    public boolean readsValue() {
        return this != COUNT;
    }

    /** Aggregations whose value must be a finite decimal number. */
    public boolean isNumeric() {
        return this == SUM || this == AVG || this == MIN || this == MAX || this == LATEST;
    }
}
