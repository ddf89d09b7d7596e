package io.meterflow.it.oracle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes, independently of the pipeline's code, what meterflow must store for a generated
 * stream: per meter, the aggregated value of every (subject, group values, window), and the
 * counters. Redeliveries count once per (meter, subject, source, id); the first delivery wins.
 */
public final class UsageOracle {

    /** A stored row's identity as query_usage reports it; groups sorted by name, null when absent. */
    public record Row(String subject, TreeMap<String, String> groups, long windowStart) {}

    private static final class Acc {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min;
        BigDecimal max;
        long latestTime = Long.MIN_VALUE;
        String latestTie = "";
        BigDecimal latest;
        final Set<String> uniques = new TreeSet<>();
    }

    private final Map<String, Map<Row, Acc>> rows = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final List<OracleMeter> meters;

    public UsageOracle(List<OracleMeter> meters, List<GeneratedEvent> stream) {
        this.meters = meters;
        Set<String> seen = new HashSet<>();
        for (GeneratedEvent e : stream) {
            count("", "events_read");
            if (!e.valid()) {
                count("", "events_rejected");
                continue;
            }
            boolean matched = false;
            for (OracleMeter m : meters) {
                if (!m.eventType().equals(e.type())) {
                    continue;
                }
                matched = true;
                Object raw = m.valueKey() == null ? null : lookup(e.data(), m.valueKey());
                if (m.valueKey() != null && raw == null) {
                    count(m.slug(), "rejected");
                    continue;
                }
                if (!seen.add(m.slug() + '\u0000' + e.subject() + '\u0000' + e.source() + '\u0000' + e.id())) {
                    count(m.slug(), "duplicates");
                    continue;
                }
                count(m.slug(), "counted");
                TreeMap<String, String> groups = new TreeMap<>();
                m.groupBy().forEach((name, key) -> {
                    Object g = lookup(e.data(), key);
                    groups.put(name, g == null ? null : g.toString());
                });
                long start = Math.floorDiv(e.timeMillis(), m.windowMillis()) * m.windowMillis();
                Acc acc = rows.computeIfAbsent(m.slug(), k -> new HashMap<>())
                        .computeIfAbsent(new Row(e.subject(), groups, start), k -> new Acc());
                fold(m, acc, raw, e);
            }
            count("", matched ? "events_metered" : "events_unmatched");
        }
    }

    private static void fold(OracleMeter m, Acc acc, Object raw, GeneratedEvent e) {
        acc.count++;
        if (raw == null) {
            return;
        }
        if (m.aggregation().equals("UNIQUE_COUNT")) {
            acc.uniques.add(raw.toString());
            return;
        }
        BigDecimal v = new BigDecimal(raw.toString());
        acc.sum = acc.sum.add(v);
        acc.min = acc.min == null || v.compareTo(acc.min) < 0 ? v : acc.min;
        acc.max = acc.max == null || v.compareTo(acc.max) > 0 ? v : acc.max;
        String tie = e.source() + '\u0000' + e.id();
        if (acc.latest == null || e.timeMillis() > acc.latestTime) {
            acc.latestTime = e.timeMillis();
            acc.latestTie = tie;
            acc.latest = v;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> data, String dotted) {
        Object node = data;
        for (String part : dotted.split("\\.")) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(part);
        }
        return node;
    }

    private void count(String meter, String name) {
        counters.merge(meter + '/' + name, 1L, Long::sum);
    }

    /** Counter value by meter ('' for pipeline-wide) and name. */
    public long counter(String meter, String name) {
        return counters.getOrDefault(meter + '/' + name, 0L);
    }

    /** Expected value of every stored window row of a meter. */
    public Map<Row, BigDecimal> windows(String meter) {
        OracleMeter m = meter(meter);
        Map<Row, BigDecimal> out = new HashMap<>();
        rows.getOrDefault(meter, Map.of()).forEach((row, acc) -> out.put(row, value(m, acc)));
        return out;
    }

    /** Expected whole-range totals per (subject, all groups): query_usage with window_size NULL. */
    public Map<Row, BigDecimal> totals(String meter) {
        OracleMeter m = meter(meter);
        Map<Row, Acc> merged = new HashMap<>();
        rows.getOrDefault(meter, Map.of()).forEach((row, acc) -> {
            Acc t = merged.computeIfAbsent(new Row(row.subject(), row.groups(), 0), k -> new Acc());
            t.count += acc.count;
            t.sum = t.sum.add(acc.sum);
            t.min = acc.min == null ? t.min : t.min == null || acc.min.compareTo(t.min) < 0 ? acc.min : t.min;
            t.max = acc.max == null ? t.max : t.max == null || acc.max.compareTo(t.max) > 0 ? acc.max : t.max;
            t.uniques.addAll(acc.uniques);
            if (acc.latest != null && (t.latest == null || acc.latestTime > t.latestTime)) {
                t.latestTime = acc.latestTime;
                t.latest = acc.latest;
            }
        });
        Map<Row, BigDecimal> out = new HashMap<>();
        merged.forEach((row, acc) -> out.put(row, value(m, acc)));
        return out;
    }

    private static BigDecimal value(OracleMeter m, Acc acc) {
        switch (m.aggregation()) {
            case "SUM": return acc.sum;
            case "COUNT": return BigDecimal.valueOf(acc.count);
            case "AVG": return acc.sum.divide(BigDecimal.valueOf(acc.count), 10, RoundingMode.HALF_EVEN);
            case "MIN": return acc.min;
            case "MAX": return acc.max;
            case "UNIQUE_COUNT": return BigDecimal.valueOf(acc.uniques.size());
            case "LATEST": return acc.latest;
            default: throw new IllegalArgumentException(m.aggregation());
        }
    }

    private OracleMeter meter(String slug) {
        return meters.stream().filter(m -> m.slug().equals(slug)).findFirst().orElseThrow();
    }
}
