package io.meterflow.limit;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A level of usage that triggers a notification: an absolute amount ({@code 10000}) or a percentage of
 * the subject's limit ({@code 80%}). Its {@link #text()} is canonical ({@code 80%}, {@code 1E+4} and
 * {@code 10000.0} are written {@code 80%} and {@code 10000}), so it can go into a notification id.
 */
public record Threshold(Kind kind, BigDecimal value) implements Comparable<Threshold>, Serializable {
    /** Digits kept when a percentage is turned into an amount: more than any meter's column holds. */
    private static final int SCALE = 12;

    /** Declared in sort order: percentages first. */
    public enum Kind { PERCENT, ABSOLUTE }

    public Threshold {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a threshold cannot be negative, got " + value.toPlainString());
        }
        value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /**
     * {@code 80%}, {@code 12.5%} or {@code 10000}.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static Threshold parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a threshold must be a number or a percentage such as 80%, got nothing");
        }
        String t = text.trim();
        boolean percent = t.endsWith("%");
        String number = percent ? t.substring(0, t.length() - 1).trim() : t;
        BigDecimal v;
        try {
            v = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a threshold must be a number or a percentage such as 80%, got '" + cut(t) + "'");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException("a threshold cannot be negative, got '" + cut(t) + "'");
        }
        if (percent && v.signum() == 0) {
            throw new IllegalArgumentException("a percentage threshold must be above 0%, got '" + cut(t) + "'");
        }
        return new Threshold(percent ? Kind.PERCENT : Kind.ABSOLUTE, v);
    }

    public static Threshold percent(long p) {
        return new Threshold(Kind.PERCENT, BigDecimal.valueOf(p));
    }

    public static Threshold absolute(BigDecimal v) {
        return new Threshold(Kind.ABSOLUTE, v);
    }

    /** The usage at which this threshold is crossed, or null: a percentage of no limit is never crossed. */
    public BigDecimal resolve(BigDecimal limit) {
        if (kind == Kind.ABSOLUTE) {
            return value;
        }
        if (limit == null) {
            return null;
        }
        return limit.multiply(value).divide(BigDecimal.valueOf(100), SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    public String text() {
        return value.toPlainString() + (kind == Kind.PERCENT ? "%" : "");
    }

    /** Percentages first, then amounts, each by value: a stable order for lists and ids. */
    @Override
    public int compareTo(Threshold o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return text();
    }

    private static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
