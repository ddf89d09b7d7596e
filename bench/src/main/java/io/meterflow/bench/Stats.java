package io.meterflow.bench;

import java.util.Arrays;

/** Small statistics helpers: nearest-rank percentiles and rates. */
public final class Stats {
    private Stats() {}

    /** Nearest-rank percentile (p in 0..100) of the values; NaN when empty. */
    public static double percentile(long[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile out of range: " + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Events per second; 0 when no time elapsed. */
    public static double rate(long count, long nanos) {
        return nanos <= 0 ? 0 : count / (nanos / 1e9);
    }

    /** Rounds to three significant digits for the machine-readable line (e.g. 123456 → 123000, 0.2345 → 0.235). */
    public static String sig3(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "NaN";
        }
        if (v == 0) {
            return "0";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(3));
        return d.stripTrailingZeros().toPlainString();
    }
}
