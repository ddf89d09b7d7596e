package io.meterflow.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes the rows of a usage answer, {@code {value, windowStart, windowEnd, subject, groupBy}}, from
 * PostgreSQL's text forms: a value is numeric's own text (plain and exact), times are timestamptz text
 * in a UTC session. A month of minutes is 43,200 rows, so nothing is parsed per row that repeats:
 * the subject and groupBy members are written as one raw piece per (subject, group) (see {@link #tail}),
 * and a packed hour ({@code meterflow.query_usage_minutes}) has its 60 minutes' times written by
 * changing two digits of the hour's.
 */
final class UsageRowWriter {
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString WINDOW_START = new SerializedString("windowStart");
    private static final SerializedString WINDOW_END = new SerializedString("windowEnd");
    /** Index of the minute's tens digit in {@code yyyy-MM-ddTHH:mm:ssZ}. */
    private static final int MINUTE = 14;
    private static final int ISO_MINUTE_LENGTH = 20;

    private final JsonGenerator g;
    private final char[] start = new char[UtcText.MAX];
    private final char[] end = new char[UtcText.MAX];
    private char[] valueChars = new char[4096];
    private char[] row = new char[512];
    private SerializedString rowTail;
    private char[] tailChars;
    private static final char[] VALUE_OPEN = "{\"value\":".toCharArray();
    private static final char[] NULL = "null".toCharArray();
    private static final char[] START_OPEN = ",\"windowStart\":\"".toCharArray();
    private static final char[] END_OPEN = "\",\"windowEnd\":\"".toCharArray();
    /** A row's characters but its value and tail: the pieces above, two times of up to {@link UtcText#MAX}, quote, brace. */
    private static final int ROW_MAX = 64 + 2 * 40;

    UsageRowWriter(JsonGenerator g) {
        this.g = g;
    }

    /**
     * The members after windowEnd, as raw JSON: {@code ,"subject":…,"groupBy":…}. {@code groupByJson}
     * is the groupBy object as written.
     */
    static SerializedString tail(String subject, String groupByJson) throws IOException {
        // Encoded to UTF-8 once: writing it raw then copies bytes.
        return new SerializedString(",\"subject\":" + ApiServer.JSON.writeValueAsString(subject) + ",\"groupBy\":" + groupByJson);
    }

    /** One row; {@code startText}, {@code endText}: timestamptz text in a UTC session. */
    void row(String value, String startText, String endText, SerializedString tail) throws IOException {
        int s = UtcText.iso(startText, start);
        int e = UtcText.iso(endText, end);
        if (s < 0 || e < 0) {
            write(value, iso(startText), iso(endText), tail);
        } else {
            write(value, start, s, end, e, tail);
        }
    }

    /**
     * A packed row of {@code query_usage_minutes}: the minutes {@code startText} + {@code minutesText[i]}
     * minutes, each one minute long, valued {@code valuesText[i]} (PostgreSQL array texts).
     */
    void packed(String startText, String minutesText, String valuesText, SerializedString tail) throws IOException {
        int[] minutes = PgArrayText.smallints(minutesText);
        int[] values = PgArrayText.numerics(valuesText);
        if (2 * minutes.length != values.length) {
            throw new IllegalStateException("a packed hour of " + minutes.length + " minutes has " + values.length / 2 + " values");
        }
        if (valueChars.length < valuesText.length()) {
            valueChars = new char[Math.max(valuesText.length(), 2 * valueChars.length)];
        }
        valuesText.getChars(0, valuesText.length(), valueChars, 0);
        int n = UtcText.iso(startText, start);
        int base = n == ISO_MINUTE_LENGTH ? (start[MINUTE] - '0') * 10 + (start[MINUTE + 1] - '0') : -1;
        String nextHour = null;
        for (int i = 0; i < minutes.length; i++) {
            int m = base < 0 ? -1 : base + minutes[i];
            if (m < 0 || m > 59) {
                // A year past 9999, or minutes that leave the hour (not written so): through Instant.
                Instant t = Instant.parse(iso(startText)).plus(minutes[i], ChronoUnit.MINUTES);
                write(text(values, i), t.toString(), t.plus(1, ChronoUnit.MINUTES).toString(), tail);
                continue;
            }
            digits(start, m);
            String endText = null;
            if (m < 59) {
                System.arraycopy(start, 0, end, 0, n);
                digits(end, m + 1);
            } else {
                if (nextHour == null) {
                    nextHour = Instant.parse(new String(start, 0, n)).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)
                            .toString();
                }
                endText = nextHour;
            }
            int from = values[2 * i];
            if (from < 0 || valueChars[from] == '-' || Character.isDigit(valueChars[from])) {
                rawRow(values, i, n, endText, tail);
            } else { // NaN or Infinity: refused by value(String)
                write(text(values, i), new String(start, 0, n), endText != null ? endText : new String(end, 0, n), tail);
            }
        }
    }

    /**
     * One minute of a packed hour as one raw value: its pieces are a number's text as PostgreSQL wrote
     * it, times of digits and punctuation, and the tail Jackson wrote; nothing in them needs escaping.
     * Eight generator calls a row, with their checks and escaping, cost most of a month's answer.
     */
    private void rawRow(int[] values, int i, int n, String endText, SerializedString tail) throws IOException {
        if (tail != rowTail) {
            rowTail = tail;
            tailChars = tail.getValue().toCharArray();
        }
        int need = ROW_MAX + (values[2 * i + 1] - values[2 * i]) + tailChars.length;
        if (row.length < need) {
            row = new char[2 * need];
        }
        int k = put(VALUE_OPEN, 0);
        int from = values[2 * i];
        if (from < 0) {
            k = put(NULL, k);
        } else {
            int len = values[2 * i + 1] - from;
            System.arraycopy(valueChars, from, row, k, len);
            k += len;
        }
        k = put(START_OPEN, k);
        System.arraycopy(start, 0, row, k, n);
        k += n;
        k = put(END_OPEN, k);
        if (endText == null) {
            System.arraycopy(end, 0, row, k, n);
            k += n;
        } else {
            endText.getChars(0, endText.length(), row, k);
            k += endText.length();
        }
        row[k++] = '"';
        System.arraycopy(tailChars, 0, row, k, tailChars.length);
        k += tailChars.length;
        row[k++] = '}';
        g.writeRawValue(row, 0, k);
    }

    private int put(char[] piece, int at) {
        System.arraycopy(piece, 0, row, at, piece.length);
        return at + piece.length;
    }

    private void write(String value, char[] s, int sn, char[] e, int en, SerializedString tail) throws IOException {
        g.writeStartObject();
        value(value);
        g.writeFieldName(WINDOW_START);
        g.writeString(s, 0, sn);
        g.writeFieldName(WINDOW_END);
        g.writeString(e, 0, en);
        g.writeRaw(tail);
        g.writeEndObject();
    }

    private void write(String value, String s, String e, SerializedString tail) throws IOException {
        g.writeStartObject();
        value(value);
        g.writeFieldName(WINDOW_START);
        g.writeString(s);
        g.writeFieldName(WINDOW_END);
        g.writeString(e);
        g.writeRaw(tail);
        g.writeEndObject();
    }

    private void value(String value) throws IOException {
        g.writeFieldName(VALUE);
        if (value == null) {
            g.writeNull();
        } else if (!value.isEmpty() && (value.charAt(0) == '-' || Character.isDigit(value.charAt(0)))) {
            g.writeNumber(value); // numeric's text is a plain decimal, exactly the stored value
        } else {
            g.writeNumber(new BigDecimal(value)); // NaN or Infinity: fails rather than writing bad JSON
        }
    }

    /** Element i of the packed values text (bounds from {@link PgArrayText#numerics}); null for NULL. */
    private String text(int[] bounds, int i) {
        int from = bounds[2 * i];
        return from < 0 ? null : new String(valueChars, from, bounds[2 * i + 1] - from);
    }

    private static void digits(char[] iso, int minute) {
        iso[MINUTE] = (char) ('0' + minute / 10);
        iso[MINUTE + 1] = (char) ('0' + minute % 10);
    }

    /** The slow way, for what {@link UtcText} leaves: years past 9999. */
    private static String iso(String pg) {
        return Instant.from(PG_UTC.parse(pg)).toString();
    }

    /** PostgreSQL's timestamptz text in a UTC session, for what {@link UtcText} leaves (years past 9999). */
    private static final java.time.format.DateTimeFormatter PG_UTC = new java.time.format.DateTimeFormatterBuilder()
            .appendValue(java.time.temporal.ChronoField.YEAR, 4, 10, java.time.format.SignStyle.NORMAL)
            .appendPattern("-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendLiteral("+00").toFormatter().withZone(java.time.ZoneOffset.UTC);
}
