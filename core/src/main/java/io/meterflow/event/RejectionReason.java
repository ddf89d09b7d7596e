package io.meterflow.event;

/** Why an event (or an event for one meter) was not counted. Stored as text in meterflow.rejected_events. */
public enum RejectionReason {
    MALFORMED_JSON,
    NOT_A_CLOUDEVENT,
    MISSING_ATTRIBUTE,
    UNSUPPORTED_SPECVERSION,
    BAD_TIME,
    FUTURE_TIME,
    TOO_LARGE,
    DATA_NOT_OBJECT,
    MISSING_VALUE,
    NON_NUMERIC_VALUE,
    NON_FINITE_VALUE,
    /** A UNIQUE_COUNT value that is neither a string nor a number. */
    INVALID_VALUE,
    /** Binary-mode headers that cannot be read (bad encoding, unknown content type). */
    BAD_HEADERS,
    /** id, source, type or subject longer than its limit in UTF-8 bytes ({@link KeyLimits}). */
    ATTRIBUTE_TOO_LONG,
    /** id, source, type, subject, a group value or a UNIQUE_COUNT value with NUL or a lone UTF-16 surrogate. */
    INVALID_UNICODE,
    /** A number with more than 1000 significant digits or a decimal exponent beyond ±1000. */
    VALUE_OUT_OF_RANGE,
    /** A UNIQUE_COUNT value longer than its limit in UTF-8 bytes. */
    VALUE_TOO_LONG,
    /** A group value, or the meter's group values together, longer than the limit in UTF-8 bytes. */
    GROUP_VALUE_TOO_LONG,
    /** A series sample (INCREASE, TIME_WEIGHTED) older than its series' newest sample minus {@code seriesLateness}. */
    TOO_LATE_FOR_SERIES
}
