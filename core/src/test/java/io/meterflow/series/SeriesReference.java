package io.meterflow.series;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series rules written the obvious way, sharing no code with {@link SeriesState}: INCREASE
 * looks up each sample's predecessor by scanning all samples; TIME_WEIGHTED asks, for every
 * elementary interval between breakpoints, which sample is in force at its start (the last one at
 * or before it, if its hold has not run out) and integrates value x millis / 1000 with a division.
 */
final class SeriesReference {
    /** One window of the result: samples whose time falls in it and the canonical text of its usage. */
    record Total(long samples, String value) {}

    private static final Comparator<Sample> BY_TIME_THEN_DIGEST = (a, b) -> {
        if (a.time() != b.time()) {
            return a.time() < b.time() ? -1 : 1;
        }
        if (a.digestHi() != b.digestHi()) {
            return Long.compareUnsigned(a.digestHi(), b.digestHi());
        }
        return Long.compareUnsigned(a.digestLo(), b.digestLo());
    };

    private SeriesReference() {}

    static Map<Long, Total> expected(SeriesSettings s, List<Sample> samples) {
        long window = s.windowSize().millis();
        Map<Long, BigDecimal> values = new TreeMap<>();
        Map<Long, Long> counts = new TreeMap<>();
        for (Sample x : samples) {
            long w = Math.floorDiv(x.time(), window) * window;
            counts.merge(w, 1L, Long::sum);
            values.putIfAbsent(w, BigDecimal.ZERO);
        }
        if (s.aggregation() == SeriesAggregation.INCREASE) {
            for (Sample x : samples) {
                Sample prev = null;
                for (Sample y : samples) {
                    if (BY_TIME_THEN_DIGEST.compare(y, x) < 0 && (prev == null || BY_TIME_THEN_DIGEST.compare(y, prev) > 0)) {
                        prev = y;
                    }
                }
                BigDecimal usage;
                if (prev == null) {
                    usage = s.firstSample() == FirstSample.COUNT ? x.value() : BigDecimal.ZERO;
                } else if (x.value().compareTo(prev.value()) < 0) {
                    usage = x.value();
                } else {
                    usage = x.value().subtract(prev.value());
                }
                values.merge(Math.floorDiv(x.time(), window) * window, usage, BigDecimal::add);
            }
        } else if (!samples.isEmpty()) {
            long hold = s.maxHold().toMillis();
            List<Sample> sorted = new ArrayList<>(samples);
            sorted.sort(BY_TIME_THEN_DIGEST);
            TreeSet<Long> points = new TreeSet<>();
            for (Sample x : sorted) {
                points.add(x.time());
                points.add(x.time() + hold);
            }
            long first = Math.floorDiv(points.first(), window) * window;
            for (long b = first; b <= points.last(); b += window) {
                points.add(b);
            }
            Long a = null;
            for (long b : points) {
                if (a != null) {
                    Sample inForce = null;
                    for (Sample x : sorted) {
                        if (x.time() <= a) {
                            inForce = x; // sorted: the last one wins, equal times by digest
                        }
                    }
                    if (inForce != null && a < inForce.time() + hold) {
                        BigDecimal piece = inForce.value().multiply(BigDecimal.valueOf(b - a)).divide(BigDecimal.valueOf(1000));
                        values.merge(Math.floorDiv(a, window) * window, piece, BigDecimal::add);
                    }
                }
                a = b;
            }
        }
        Map<Long, Total> out = new TreeMap<>();
        values.forEach((w, v) -> out.put(w, new Total(counts.getOrDefault(w, 0L), text(v))));
        return out;
    }

    /** Adds up window changes as the committer would, and renders each sum canonically. */
    static Map<Long, Total> totals(List<WindowChange> changes) {
        Map<Long, BigDecimal> values = new TreeMap<>();
        Map<Long, Long> counts = new TreeMap<>();
        for (WindowChange c : changes) {
            values.merge(c.windowStart(), c.value(), BigDecimal::add);
            counts.merge(c.windowStart(), c.samples(), Long::sum);
        }
        Map<Long, Total> out = new TreeMap<>();
        values.forEach((w, v) -> out.put(w, new Total(counts.get(w), text(v))));
        return out;
    }

    static String text(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }
}
