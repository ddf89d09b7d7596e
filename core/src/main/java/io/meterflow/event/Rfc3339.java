package io.meterflow.event;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Strict RFC 3339 {@code date-time} parsing (seconds and offset required, any number of fraction
 * digits, a leap second {@code 23:59:60} UTC read as {@code 23:59:59} plus the fraction, as
 * {@link java.time.format.DateTimeFormatter#ISO_INSTANT} does).
 * {@link java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME} is looser (optional seconds,
 * second-precision offsets), so producers would learn a format other tools refuse.
 */
public final class Rfc3339 {
    /** Earliest accepted instant: window maths and PostgreSQL rows assume non-negative epoch. */
    public static final long MIN_MILLIS = 0L;

    private Rfc3339() {}

    /**
     * Epoch millis of an RFC 3339 date-time (fraction truncated to millis): yyyy-MM-dd'T'HH:mm:ss,
     * an optional fraction of one or more digits, then Z or ±HH:MM. Seconds may be 60 only where
     * the UTC time is 23:59 (a leap second). Parsed by position, without regex or formatter,
     * because it runs once per event.
     *
     * @throws DateTimeException when the text is not RFC 3339 or names an impossible date
     */
    public static long parseMillis(String text) {
        if (text == null || text.length() < 20) {
            throw notRfc3339();
        }
        int year = digits(text, 0, 4);
        expect(text, 4, '-');
        int month = digits(text, 5, 2);
        expect(text, 7, '-');
        int day = digits(text, 8, 2);
        char t = text.charAt(10);
        if (t != 'T' && t != 't') {
            throw notRfc3339();
        }
        int hour = digits(text, 11, 2);
        expect(text, 13, ':');
        int minute = digits(text, 14, 2);
        expect(text, 16, ':');
        int second = digits(text, 17, 2);
        int i = 19;
        int nanos = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (text.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                throw notRfc3339();
            }
            for (int k = Math.min(count, 9); k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        int rest = text.length() - i;
        char z = i < text.length() ? text.charAt(i) : ' ';
        if (rest == 1 && (z == 'Z' || z == 'z')) {
            offset = ZoneOffset.UTC;
        } else if (rest == 6 && (z == '+' || z == '-')) {
            int sign = z == '-' ? -1 : 1;
            int offsetHours = digits(text, i + 1, 2);
            expect(text, i + 3, ':');
            int offsetMinutes = digits(text, i + 4, 2);
            offset = ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
        } else {
            throw notRfc3339();
        }
        boolean leap = second == 60;
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, leap ? 59 : second, nanos);
        long epochSecond = local.toEpochSecond(offset);
        if (leap && Math.floorMod(epochSecond, 86_400L) != 86_399L) {
            throw notRfc3339(); // a leap second is the last second of a UTC day
        }
        return Math.addExact(Math.multiplyExact(epochSecond, 1000L), nanos / 1_000_000);
    }

    private static int digits(String text, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (!isDigit(c)) {
                throw notRfc3339();
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void expect(String text, int at, char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw notRfc3339();
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static DateTimeException notRfc3339() {
        return new DateTimeException("not an RFC 3339 date-time");
    }
}
