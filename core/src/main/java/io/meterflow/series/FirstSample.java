package io.meterflow.series;

/** What the first sample of an INCREASE series counts. */
public enum FirstSample {
    /** Nothing: it only sets the baseline (the counter's history before it is unknown). */
    BASELINE,
    /** Its whole value (the counter is known to have started from zero). */
    COUNT
}
