package io.meterflow.sink;

/**
 * Pipeline counters, committed in the same transaction as the usage they describe (so they are
 * exact). Pipeline-wide counters have meter '' in the counters table.
 *
 * <p>Conservation: {@code events_read = events_rejected + events_unmatched + events_metered},
 * and per meter: {@code matched = counted + duplicates + rejected}.
 */
public enum CounterName {
    /** Events read: each CloudEvent (each batch element) plus each record that could not be decoded. */
    EVENTS_READ("events_read"),
    /** Events rejected as a whole (before meter matching). */
    EVENTS_REJECTED("events_rejected"),
    /** Valid events that match no meter. */
    EVENTS_UNMATCHED("events_unmatched"),
    /** Valid events matching at least one meter. */
    EVENTS_METERED("events_metered"),
    /** Per meter: events counted (first delivery). */
    METER_COUNTED("counted"),
    /** Per meter: deliveries recognised as duplicates and not counted. */
    METER_DUPLICATES("duplicates"),
    /** Per meter: events rejected for this meter (e.g. missing value). */
    METER_REJECTED("rejected"),
    /** Per meter: counted events whose window was already closed by the watermark. */
    METER_LATE("late");

    private final String column;

    CounterName(String column) {
        this.column = column;
    }

    /** The value stored in meterflow.pipeline_counters.counter. */
    public String sqlName() {
        return column;
    }
}
