package io.meterflow.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.ForwardingUsageStore;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import io.meterflow.sink.UsageStoreFactory;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Series meters end to end (real job, Kafka, PostgreSQL): pods whose CPU counters reset when they
 * restart and whose disk gauges come and go, samples produced shuffled, a tenth of them withheld and
 * sent later (in time: they correct what their neighbours counted), some far too late (recorded as
 * TOO_LATE_FOR_SERIES), and the job failing during and after a commit. query_usage must equal an
 * oracle written here, the value's text byte for byte, window by window.
 */
class SeriesMetersIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    /** Every in-time sample lies within 110 minutes, under the 2 h lateness, whatever the arrival order. */
    private static final Instant START = NOW.minus(Duration.ofMinutes(112));
    private static final long MAX_HOLD = 90_000;
    private static final long MINUTE = 60_000;

    private static final String METERS = String.join("\n",
            "meters:",
            "  - { slug: cpu_seconds, eventType: pod.cpu, aggregation: INCREASE, valueProperty: $.cpu, seriesBy: $.pod }",
            "  - { slug: disk_bytes, eventType: pod.disk, aggregation: TIME_WEIGHTED, valueProperty: $.bytes, maxHold: 90s }",
            "");

    /** One generated sample and what it is. */
    record S(String type, String subject, String series, long time, BigDecimal value, String id) {}

    @Test
    void shuffledLateAndResetSamplesGiveTheOracleExactly() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("series", 3);
        Random random = new Random(20261201L);
        List<S> inTime = new ArrayList<>();
        List<S> tooLate = new ArrayList<>();
        int n = 0;
        for (String subject : List.of("acme", "globex")) {
            for (int pod = 1; pod <= 3; pod++) {
                String name = subject + "-web-" + pod;
                // CPU-seconds: a running total, back to ~0 when the pod restarts (about every 40 samples).
                BigDecimal total = BigDecimal.valueOf(random.nextInt(1000));
                for (long t = START.toEpochMilli() + random.nextInt(20_000); t < NOW.toEpochMilli() - MINUTE;
                        t += 10_000 + random.nextInt(40_000)) {
                    total = random.nextInt(40) == 0 ? new BigDecimal(random.nextInt(5) + "." + random.nextInt(10))
                            : total.add(new BigDecimal(random.nextInt(3000)).movePointLeft(random.nextInt(4)));
                    inTime.add(new S("pod.cpu", subject, name, t, total, "c" + ++n));
                }
                // Disk bytes: a gauge, sometimes silent for longer than maxHold (the source is gone meanwhile).
                for (long t = START.toEpochMilli() + random.nextInt(20_000); t < NOW.toEpochMilli() - MINUTE;
                        t += random.nextInt(10) == 0 ? 200_000 : 5_000 + random.nextInt(60_000)) {
                    BigDecimal bytes = random.nextInt(15) == 0 ? BigDecimal.ZERO
                            : new BigDecimal(random.nextInt(1 << 20)).movePointLeft(random.nextInt(3));
                    inTime.add(new S("pod.disk", subject, "/pods/" + name, t, bytes, "d" + ++n));
                }
                // Far too late: more than 2 h before every sample the series will have by then.
                for (int i = 0; i < 3; i++) {
                    long t = NOW.minus(Duration.ofMinutes(130 + random.nextInt(60))).toEpochMilli();
                    tooLate.add(new S("pod.cpu", subject, name, t, BigDecimal.ONE, "late-c" + ++n));
                    tooLate.add(new S("pod.disk", subject, "/pods/" + name, t, BigDecimal.TEN, "late-d" + ++n));
                }
            }
        }
        Collections.shuffle(inTime, random);
        int withheld = inTime.size() / 10;
        List<S> first = inTime.subList(withheld, inTime.size());
        List<S> second = new ArrayList<>(inTime.subList(0, withheld));
        // The newest sample of each series goes first, so the far-too-late ones are too late whatever
        // order the job sees the second part in.
        List<S> newest = newestPerSeries(inTime);
        List<S> firstPart = new ArrayList<>(first);
        for (S s : newest) {
            if (second.remove(s)) {
                firstPart.add(s);
            }
        }
        second.addAll(tooLate);
        Collections.shuffle(second, random);

        String yaml = fx.configYaml("").replaceAll("(?s)\nmeters:\n.*", "\n") + METERS;
        fx.produce(events(firstPart));
        Failures.APPLIES.set(0);
        Failures.FAILURES.set(0);
        JobClient job = MeterflowFixture.startJob(yaml, null, Failures::new);
        try {
            MeterflowFixture.await("first part counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= firstPart.size());
            fx.produce(events(second));
            long all = firstPart.size() + second.size();
            MeterflowFixture.await("all samples counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= all);
            Thread.sleep(2000); // a double count would show in the next commits
        } finally {
            job.cancel().get();
        }
        assertThat(Failures.FAILURES.get()).as("both injected failures happened").isEqualTo(2);

        assertThat(fx.counter("", "events_read")).isEqualTo(inTime.size() + tooLate.size());
        assertThat(fx.counter("cpu_seconds", "rejected") + fx.counter("disk_bytes", "rejected")).isEqualTo(tooLate.size());
        assertThat(fx.counter("cpu_seconds", "counted") + fx.counter("disk_bytes", "counted")).isEqualTo(inTime.size());
        try (Connection c = fx.database.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM meterflow.rejected_events WHERE reason = 'TOO_LATE_FOR_SERIES'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(tooLate.size());
        }
        Instant from = START.minus(Duration.ofHours(1));
        Instant to = NOW.plus(Duration.ofHours(1));
        for (String meter : List.of("cpu_seconds", "disk_bytes")) {
            String type = meter.equals("cpu_seconds") ? "pod.cpu" : "pod.disk";
            List<S> samples = inTime.stream().filter(s -> s.type().equals(type)).toList();
            Map<String, String> expected = Oracle.windows(type, samples);
            assertThat(query(fx, meter, from, to, "MINUTE")).as("windows of %s", meter).isEqualTo(expected);
            assertThat(query(fx, meter, from, to, null)).as("totals of %s", meter).isEqualTo(Oracle.totals(expected));
        }
    }

    private static List<S> newestPerSeries(List<S> samples) {
        Map<String, S> newest = new TreeMap<>();
        for (S s : samples) {
            newest.merge(s.type() + "|" + s.subject() + "|" + s.series(), s, (a, b) -> a.time() >= b.time() ? a : b);
        }
        return List.copyOf(newest.values());
    }

    private static List<GeneratedEvent> events(List<S> samples) {
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

    /** "subject window_start" to the value's text as query_usage returns it. */
    private static Map<String, String> query(MeterflowFixture fx, String meter, Instant from, Instant to, String window)
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
                    String start = window == null ? "total" : rs.getTimestamp(2).toInstant().toString();
                    out.put(rs.getString(1) + " " + start, rs.getString(3));
                }
            }
        }
        return out;
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

    /** Fails once right after a commit succeeded and once inside a commit: two restarts mid-series. */
    static final class Failures implements UsageStoreFactory {
        static final AtomicInteger APPLIES = new AtomicInteger();
        static final AtomicInteger FAILURES = new AtomicInteger();
        private final UsageStoreFactory real;

        Failures(UsageStoreFactory real) {
            this.real = real;
        }

        @Override
        public UsageStore open() {
            return new ForwardingUsageStore(real.open()) {
                @Override
                public boolean apply(UsageCommittable c) throws java.sql.SQLException {
                    int n = APPLIES.incrementAndGet();
                    if (n == 4) {
                        FAILURES.incrementAndGet();
                        throw new java.sql.SQLException("injected: failure during a commit, before it applied");
                    }
                    boolean applied = super.apply(c);
                    if (n == 2) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("injected: failure after the commit succeeded");
                    }
                    return applied;
                }
            };
        }
    }
}
