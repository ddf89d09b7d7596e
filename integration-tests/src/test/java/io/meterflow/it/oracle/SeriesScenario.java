package io.meterflow.it.oracle;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Samples of series meters for the end-to-end tests, and their oracle: two subjects with three pods
 * each, whose CPU counters (INCREASE, seriesBy $.pod) reset when a pod restarts and whose disk gauges
 * (TIME_WEIGHTED, the event's source, maxHold 90 s) are sometimes silent for longer than maxHold.
 * {@link #first} holds most samples, shuffled, with every series' newest; {@link #second} the rest
 * (in time: they correct their neighbours) and samples far too late (TOO_LATE_FOR_SERIES whatever
 * order the job sees them in, as their series' newest samples came first).
 */
public final class SeriesScenario {
    static final long MAX_HOLD = 90_000;
    static final long MINUTE = 60_000;

    public static final String METERS = String.join("\n",
            "meters:",
            "  - { slug: cpu_seconds, eventType: pod.cpu, aggregation: INCREASE, valueProperty: $.cpu, seriesBy: $.pod }",
            "  - { slug: disk_bytes, eventType: pod.disk, aggregation: TIME_WEIGHTED, valueProperty: $.bytes, maxHold: 90s }",
            "");

    /** One generated sample. */
    public record S(String type, String subject, String series, long time, BigDecimal value, String id) {}

    public final Instant start;
    public final Instant now;
    public final List<S> inTime = new ArrayList<>();
    public final List<S> tooLate = new ArrayList<>();
    public final List<S> first;
    public final List<S> second;

    /** Every in-time sample lies within 110 minutes before {@code now}, under the 2 h lateness. */
    public SeriesScenario(long seed, Instant now) {
        this.now = now;
        this.start = now.minus(Duration.ofMinutes(112));
        Random random = new Random(seed);
        int n = 0;
        for (String subject : List.of("acme", "globex")) {
            for (int pod = 1; pod <= 3; pod++) {
                String name = subject + "-web-" + pod;
                // CPU-seconds: a running total, back to ~0 when the pod restarts (about every 40 samples).
                BigDecimal total = BigDecimal.valueOf(random.nextInt(1000));
                for (long t = start.toEpochMilli() + random.nextInt(20_000); t < now.toEpochMilli() - MINUTE;
                        t += 10_000 + random.nextInt(40_000)) {
                    total = random.nextInt(40) == 0 ? new BigDecimal(random.nextInt(5) + "." + random.nextInt(10))
                            : total.add(new BigDecimal(random.nextInt(3000)).movePointLeft(random.nextInt(4)));
                    inTime.add(new S("pod.cpu", subject, name, t, total, "c" + ++n));
                }
                // Disk bytes: a gauge, sometimes silent for longer than maxHold (the source is gone meanwhile).
                for (long t = start.toEpochMilli() + random.nextInt(20_000); t < now.toEpochMilli() - MINUTE;
                        t += random.nextInt(10) == 0 ? 200_000 : 5_000 + random.nextInt(60_000)) {
                    BigDecimal bytes = random.nextInt(15) == 0 ? BigDecimal.ZERO
                            : new BigDecimal(random.nextInt(1 << 20)).movePointLeft(random.nextInt(3));
                    inTime.add(new S("pod.disk", subject, "/pods/" + name, t, bytes, "d" + ++n));
                }
                // Far too late: more than 2 h before every sample the series will have by then.
                for (int i = 0; i < 3; i++) {
                    long t = now.minus(Duration.ofMinutes(130 + random.nextInt(60))).toEpochMilli();
                    tooLate.add(new S("pod.cpu", subject, name, t, BigDecimal.ONE, "late-c" + ++n));
                    tooLate.add(new S("pod.disk", subject, "/pods/" + name, t, BigDecimal.TEN, "late-d" + ++n));
                }
            }
        }
        List<S> shuffled = new ArrayList<>(inTime);
        Collections.shuffle(shuffled, random);
        int withheld = shuffled.size() / 10;
        List<S> firstPart = new ArrayList<>(shuffled.subList(withheld, shuffled.size()));
        List<S> secondPart = new ArrayList<>(shuffled.subList(0, withheld));
        for (S s : newestPerSeries(inTime)) {
            if (secondPart.remove(s)) {
                firstPart.add(s);
            }
        }
        secondPart.addAll(tooLate);
        Collections.shuffle(secondPart, random);
        this.first = List.copyOf(firstPart);
        this.second = List.copyOf(secondPart);
    }

    /** The fixture's config with the two series meters instead of its own. */
    public static String yaml(MeterflowFixture fx, String extra) {
        return fx.configYaml(extra).replaceAll("(?s)\nmeters:\n.*", "\n") + METERS;
    }

    private static List<S> newestPerSeries(List<S> samples) {
        Map<String, S> newest = new TreeMap<>();
        for (S s : samples) {
            newest.merge(s.type() + "|" + s.subject() + "|" + s.series(), s, (a, b) -> a.time() >= b.time() ? a : b);
        }
        return List.copyOf(newest.values());
    }

    public static List<GeneratedEvent> events(List<S> samples) {
        List<GeneratedEvent> out = new ArrayList<>();
        for (S s : samples) {
            boolean cpu = s.type().equals("pod.cpu");
            String data = cpu ? "{\"pod\":\"" + s.series() + "\",\"cpu\":" + s.value().toPlainString() + "}"
                    : "{\"bytes\":\"" + s.value().toPlainString() + "\"}";
            String json = "{\"specversion\":\"1.0\",\"id\":\"" + s.id() + "\",\"source\":\""
                    + (cpu ? "/cluster/eu-1" : s.series()) + "\",\"type\":\"" + s.type() + "\",\"subject\":\""
                    + s.subject() + "\",\"time\":\"" + Instant.ofEpochMilli(s.time()) + "\",\"data\":" + data + "}";
            out.add(new GeneratedEvent(s.subject(), json.getBytes(StandardCharsets.UTF_8), Map.of(), true,
                    cpu ? "/cluster/eu-1" : s.series(), s.id(), s.type(), s.time(), Map.of(), List.of()));
        }
        return out;
    }

    /** "subject window_start" (or "subject total") to the value's text as query_usage returns it. */
    public static Map<String, String> query(MeterflowFixture fx, String meter, Instant from, Instant to, String window)
            throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = fx.database.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT subject, window_start, value::text FROM meterflow.query_usage(?, ?, ?, ?)")) {
            s.setString(1, meter);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setString(4, window);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String at = window == null ? "total" : rs.getTimestamp(2).toInstant().toString();
                    out.put(rs.getString(1) + " " + at, rs.getString(3));
                }
            }
        }
        return out;
    }

    /** The oracle's rows of a meter (cpu_seconds, disk_bytes), by minute. */
    public Map<String, String> expectedWindows(String meter) {
        String type = meter.equals("cpu_seconds") ? "pod.cpu" : "pod.disk";
        return Oracle.windows(type, inTime.stream().filter(s -> s.type().equals(type)).toList());
    }

    /** The oracle's totals per subject of a meter. */
    public Map<String, String> expectedTotals(String meter) {
        return Oracle.totals(expectedWindows(meter));
    }

    /**
     * The straightforward reading of docs/series.md, written without the job's classes: sort each
     * series by time; a counter's usage is the difference to the previous sample (the value itself
     * after a reset, nothing for the first), in the later sample's window; a gauge holds its value
     * until the next sample or for at most maxHold, integrated per window.
     */
    static final class Oracle {
        static Map<String, String> windows(String type, List<S> samples) {
            Map<String, List<S>> bySeries = new TreeMap<>();
            for (S s : samples) {
                bySeries.computeIfAbsent(s.subject() + "|" + s.series(), k -> new ArrayList<>()).add(s);
            }
            Map<String, BigDecimal> rows = new TreeMap<>();
            for (List<S> series : bySeries.values()) {
                series.sort((a, b) -> Long.compare(a.time(), b.time()));
                for (int i = 0; i < series.size(); i++) {
                    S s = series.get(i);
                    add(rows, s.subject(), s.time(), BigDecimal.ZERO); // the sample's window has a row
                    if (type.equals("pod.cpu")) {
                        if (i > 0) {
                            BigDecimal prev = series.get(i - 1).value();
                            add(rows, s.subject(), s.time(),
                                    s.value().compareTo(prev) < 0 ? s.value() : s.value().subtract(prev));
                        }
                    } else {
                        long end = s.time() + MAX_HOLD;
                        if (i + 1 < series.size()) {
                            end = Math.min(end, series.get(i + 1).time());
                        }
                        for (long w = s.time() - Math.floorMod(s.time(), MINUTE); w < end; w += MINUTE) {
                            long millis = Math.min(end, w + MINUTE) - Math.max(s.time(), w);
                            add(rows, s.subject(), w, s.value().multiply(new BigDecimal(millis)).divide(new BigDecimal(1000)));
                        }
                    }
                }
            }
            Map<String, String> out = new TreeMap<>();
            rows.forEach((k, v) -> out.put(k, text(v)));
            return out;
        }

        static Map<String, String> totals(Map<String, String> windows) {
            Map<String, BigDecimal> sums = new TreeMap<>();
            windows.forEach((k, v) -> sums.merge(k.substring(0, k.indexOf(' ')) + " total", new BigDecimal(v), BigDecimal::add));
            Map<String, String> out = new TreeMap<>();
            sums.forEach((k, v) -> out.put(k, text(v)));
            return out;
        }

        private static void add(Map<String, BigDecimal> rows, String subject, long time, BigDecimal v) {
            long window = time - Math.floorMod(time, MINUTE);
            rows.merge(subject + " " + Instant.ofEpochMilli(window), v, BigDecimal::add);
        }

        /** PostgreSQL's text of trim_scale(x): no trailing zeros, plain notation. */
        static String text(BigDecimal v) {
            return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
        }
    }
}
