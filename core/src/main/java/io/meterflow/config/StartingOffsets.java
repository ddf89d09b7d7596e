package io.meterflow.config;

import io.meterflow.event.Rfc3339;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Where a new consumer group starts reading: {@code earliest} (default: a billing pipeline must not
 * skip usage published before it started), {@code latest}, or an RFC 3339 time (the first record
 * at or after it). Later starts resume from checkpointed offsets.
 */
public final class StartingOffsets implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind { EARLIEST, LATEST, TIMESTAMP }

    public static final StartingOffsets EARLIEST = new StartingOffsets(Kind.EARLIEST, -1);
    public static final StartingOffsets LATEST = new StartingOffsets(Kind.LATEST, -1);

    private final Kind kind;
    private final long timestampMillis;

    private StartingOffsets(Kind kind, long timestampMillis) {
        this.kind = kind;
        this.timestampMillis = timestampMillis;
    }

    public static StartingOffsets timestamp(long epochMillis) {
        return new StartingOffsets(Kind.TIMESTAMP, epochMillis);
    }

    /** @throws IllegalArgumentException when neither earliest, latest nor an RFC 3339 time */
    public static StartingOffsets parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("earliest")) {
            return EARLIEST;
        }
        if (t.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        try {
            return timestamp(Rfc3339.parseMillis(t));
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "must be earliest, latest or an RFC 3339 time such as 2024-05-01T00:00:00Z, got '"
                            + Durations.cut(t) + "'");
        }
    }

    public Kind kind() { return kind; }

    /** Epoch millis for {@link Kind#TIMESTAMP}, -1 otherwise. */
    public long timestampMillis() { return timestampMillis; }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartingOffsets && ((StartingOffsets) o).kind == kind
                && ((StartingOffsets) o).timestampMillis == timestampMillis;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(timestampMillis);
    }

    @Override
    public String toString() {
        return kind == Kind.TIMESTAMP ? Instant.ofEpochMilli(timestampMillis).toString() : kind.name().toLowerCase();
    }
}
