package io.meterflow.series;

import io.meterflow.event.RejectionReason;
import java.util.List;

/** The outcome of offering one sample to its series, and the window changes it causes. */
public record SeriesUpdate(Outcome outcome, List<WindowChange> changes) {
    public enum Outcome {
        ACCEPTED,
        /** Older than the series' lateness allows: not counted, recorded as a rejection. */
        TOO_LATE,
        /** The same (time, digest) is already in the series: nothing changes. */
        DUPLICATE
    }

    static final SeriesUpdate TOO_LATE = new SeriesUpdate(Outcome.TOO_LATE, List.of());
    static final SeriesUpdate DUPLICATE = new SeriesUpdate(Outcome.DUPLICATE, List.of());

    public SeriesUpdate {
        changes = List.copyOf(changes);
    }

    /** The rejection to record for this outcome, or null when there is none. */
    public RejectionReason rejectionReason() {
        return outcome == Outcome.TOO_LATE ? RejectionReason.TOO_LATE_FOR_SERIES : null;
    }
}
