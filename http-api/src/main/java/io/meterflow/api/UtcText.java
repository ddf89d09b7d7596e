package io.meterflow.api;

/**
 * PostgreSQL's text form of a timestamptz in a UTC session ({@code 2026-10-01 00:00:00+00}, fraction
 * trimmed: {@code .5}) rewritten as {@link java.time.Instant#toString()} writes it
 * ({@code 2026-10-01T00:00:00Z}, fraction in groups of three digits: {@code .500}), by copying
 * characters: a month of minute windows writes 86,400 of them, and going through Instant cost more
 * than the rest of the answer.
 */
final class UtcText {
    /** Longest output: {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. */
    static final int MAX = 27;

    private UtcText() {}

    /**
     * Writes the ISO form of {@code pg} into {@code out} (at least {@link #MAX} chars) and returns its
     * length, or -1 when {@code pg} is not of the plain form (another offset, a year beyond 9999, BC):
     * the caller then converts it the slow way.
     */
    static int iso(String pg, char[] out) {
        int n = pg.length();
        // yyyy-MM-dd HH:mm:ss[.f{1,6}]+00
        if (n < 22 || n > 29 || pg.charAt(10) != ' ' || pg.charAt(4) != '-' || pg.charAt(7) != '-'
                || pg.charAt(13) != ':' || pg.charAt(16) != ':' || pg.charAt(n - 3) != '+' || pg.charAt(n - 2) != '0'
                || pg.charAt(n - 1) != '0') {
            return -1;
        }
        for (int i = 0; i < 19; i++) {
            char ch = pg.charAt(i);
            if (i == 4 || i == 7 || i == 10 || i == 13 || i == 16) {
                continue;
            }
            if (ch < '0' || ch > '9') {
                return -1;
            }
            out[i] = ch;
        }
        out[4] = '-';
        out[7] = '-';
        out[10] = 'T';
        out[13] = ':';
        out[16] = ':';
        int len = 19;
        int digits = n - 3 - 19; // "" or ".f..."
        if (digits > 0) {
            if (pg.charAt(19) != '.' || digits < 2 || digits > 7) {
                return -1;
            }
            out[len++] = '.';
            int f = digits - 1;
            for (int i = 0; i < f; i++) {
                char ch = pg.charAt(20 + i);
                if (ch < '0' || ch > '9') {
                    return -1;
                }
                out[len++] = ch;
            }
            // Instant prints milliseconds or microseconds whole: .5 -> .500, .1234 -> .123400.
            int pad = (f <= 3 ? 3 : 6) - f;
            for (int i = 0; i < pad; i++) {
                out[len++] = '0';
            }
        }
        out[len++] = 'Z';
        return len;
    }
}
