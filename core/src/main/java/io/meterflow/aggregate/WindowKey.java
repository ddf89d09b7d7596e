package io.meterflow.aggregate;

import java.util.Comparator;
import java.util.Objects;

/** Identity of one stored window row: (meter, subject, group values, window start). */
public final class WindowKey implements Comparable<WindowKey> {
    /** Commit order inside a transaction: every committer locks rows in the same order. */
    private static final Comparator<WindowKey> ORDER =
            Comparator.comparing(WindowKey::meter)
                    .thenComparing(WindowKey::subject)
                    .thenComparing(WindowKey::groupValues)
                    .thenComparingLong(WindowKey::windowStart);

    private final String meter;
    private final String subject;
    private final String groupValues;
    private final long windowStart;

    public WindowKey(String meter, String subject, String groupValues, long windowStart) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.groupValues = Objects.requireNonNull(groupValues, "groupValues");
        this.windowStart = windowStart;
    }

    public String meter() { return meter; }
    public String subject() { return subject; }
    public String groupValues() { return groupValues; }
    public long windowStart() { return windowStart; }

    @Override
    public int compareTo(WindowKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WindowKey)) {
            return false;
        }
        WindowKey k = (WindowKey) o;
        return windowStart == k.windowStart
                && meter.equals(k.meter)
                && subject.equals(k.subject)
                && groupValues.equals(k.groupValues);
    }

    @Override
    public int hashCode() {
        int h = meter.hashCode();
        h = 31 * h + subject.hashCode();
        h = 31 * h + groupValues.hashCode();
        return 31 * h + Long.hashCode(windowStart);
    }

    @Override
    public String toString() {
        return meter + "/" + subject + groupValues + "@" + windowStart;
    }
}
