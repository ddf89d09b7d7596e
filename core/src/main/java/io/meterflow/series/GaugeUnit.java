package io.meterflow.series;

/**
 * What query_usage returns for a TIME_WEIGHTED meter. The stored rows are the same either way
 * (value-seconds per window), so the unit is a way of reading them, not of counting them.
 */
public enum GaugeUnit {
    /** The integral in value-seconds (bytes stored for an hour: bytes x 3600), what a bill multiplies. */
    INTEGRAL,
    /** The integral divided by the seconds of the queried bucket: the average value (active seats). */
    AVERAGE
}
