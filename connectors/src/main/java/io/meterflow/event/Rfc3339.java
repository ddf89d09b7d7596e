package io.meterflow.event;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict RFC 3339 {@code date-time} parsing (seconds and offset required, any fraction digits).
 * {@link java.time.format.DateTimeFormatter#ISO_OFFSET_DATE_TIME} is looser (optional seconds,
 * second-precision offsets), so producers would learn a format other tools refuse.
 */
public final class Rfc3339 {
    /** Earliest accepted instant: window maths and PostgreSQL rows assume non-negative epoch. */
    public static final long MIN_MILLIS = 0L;

    private static final Pattern DATE_TIME =
            Pattern.compile(
                    "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,18})?"
                            + "([Zz]|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {}

    /**
     * Epoch millis of an RFC 3339 date-time (fraction truncated to millis).
     *
     * @throws DateTimeException when the text is not RFC 3339 or names an impossible date
     */
    public static long parseMillis(String text) {
        if (text == null || text.length() > 48) {
            throw new DateTimeException("not an RFC 3339 date-time");
        }
        Matcher m = DATE_TIME.matcher(text);
        if (!m.matches()) {
            throw new DateTimeException("not an RFC 3339 date-time");
        }
        int nanos = 0;
        String fraction = m.group(7);
        if (fraction != null) {
            String digits = (fraction.substring(1) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(digits);
        }
        String off = m.group(8);
        ZoneOffset offset =
                off.equalsIgnoreCase("Z")
                        ? ZoneOffset.UTC
                        : ZoneOffset.ofHoursMinutes(
                                sign(off) * Integer.parseInt(off.substring(1, 3)),
                                sign(off) * Integer.parseInt(off.substring(4, 6)));
        LocalDateTime local =
                LocalDateTime.of(
                        Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)),
                        Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)),
                        nanos);
        return OffsetDateTime.of(local, offset).toInstant().toEpochMilli();
    }

    private static int sign(String offset) {
        return offset.charAt(0) == '-' ? -1 : 1;
    }
}
