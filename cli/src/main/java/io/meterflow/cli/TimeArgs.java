package io.meterflow.cli;

import io.meterflow.config.Durations;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Time arguments: RFC 3339, a date or local date-time (in the query's zone), {@code now}, {@code now-2h}, {@code -2h}. */
final class TimeArgs {
    private TimeArgs() {}

    static Instant parse(String text, ZoneId zone, Clock clock) {
        String t = text.trim();
        Instant now = clock.instant();
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        if (t.toLowerCase().startsWith("now-") || t.startsWith("-")) {
            String d = t.substring(t.indexOf('-') + 1);
            return now.minus(Durations.parse(d));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the local forms
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliException("'" + text + "' is not a time: use RFC 3339 (2024-05-01T00:00:00Z), a date"
                    + " (2024-05-01, in --tz), now, or now-2h");
        }
    }
}
