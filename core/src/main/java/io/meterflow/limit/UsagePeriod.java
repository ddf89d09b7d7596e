package io.meterflow.limit;

import java.time.Instant;
import java.util.Objects;

/** One usage period, {@code [start, end)}: an instant at {@code end} belongs to the next period. */
public record UsagePeriod(Instant start, Instant end) {
    public UsagePeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a period must end after it starts: " + start + " .. " + end);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
