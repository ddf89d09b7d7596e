package io.meterflow.limit;

import java.util.Locale;

/** How long a usage period runs before it renews. */
public enum PeriodUnit {
    HOUR, DAY, WEEK, MONTH;

    /** {@code month}, {@code MONTH} and {@code Month} alike; a clear message for anything else. */
    public static PeriodUnit parse(String text) {
        if (text != null) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("period must be one of MONTH, WEEK, DAY, HOUR, got '" + text + "'");
    }
}
