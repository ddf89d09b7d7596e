package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest benchmark in one run on this machine: a raw idempotent producer loop (the physical limit)
 * against the API under wrk on loopback, single-event POSTs and 100-event batches; then, on the same
 * server, the query latency of one subject's month of minute windows. Reports only;
 * run on demand: {@code -Dit.test=ApiBenchIT -Dmeterflow.apiBench=true} (skipped otherwise, and without wrk):
 * a benchmark, not a test of the suite.
 */
class ApiBenchIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApiBenchIT.class);

    @TempDir
    Path dir;

    static String event(long i) {
        return Http.event("b-" + i, "customer-" + (i % 100), "api.request", null, "{\"route\":\"/v1/chat\"}");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void rawProducerVersusApi() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("meterflow.apiBench"), "benchmark: -Dmeterflow.apiBench=true runs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")), "wrk not installed");
        MeterflowFixture fx = new MeterflowFixture("api_bench", 2);
        MeterflowConfig config = MeterflowConfig.parse(fx.configYaml("api:\n  auth: none\n"), Map.of());

        // Raw producer: same settings as the API's (acks=all, idempotent), 100-byte-ish events.
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        int n = 300_000;
        long t0 = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(fx.topic, ("customer-" + (i % 100)).getBytes(StandardCharsets.UTF_8),
                        event(i).getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        double rawRate = n / ((System.nanoTime() - t0) / 1e9);
        assertThat(failed.get()).isZero();

        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            String url = "http://127.0.0.1:" + server.port() + "/api/v1/events";
            Path single = Files.writeString(dir.resolve("single.lua"), lua(event(1)));
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append(event(i));
            }
            Path batched = Files.writeString(dir.resolve("batch.lua"), lua(batch.append(']').toString()));
            wrk(single, url, 5); // warm-up
            String s = wrk(single, url, 15);
            String b = wrk(batched, url, 15);
            LOG.info("BENCH raw producer: {} events/s", String.format("%.0f", rawRate));
            LOG.info("BENCH API single-event POSTs:\n{}", s);
            LOG.info("BENCH API 100-event batches:\n{}", b);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void queryLatencyOfOneSubjectsMonth() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("meterflow.apiBench"), "benchmark: -Dmeterflow.apiBench=true runs it");
        MeterflowFixture fx = new MeterflowFixture("api_bench_query", 1);
        MeterflowConfig config = MeterflowConfig.parse(fx.configYaml("api:\n  auth: none\n"), Map.of());
        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            queries(fx, config, server.port());
        }
    }

    /**
     * One subject's month of minute windows (30 x 1,440 = 43,200 rows of api_requests, among ten other
     * subjects' months): GET .../query for that subject by MINUTE (43,200 rows answered) and by DAY (30),
     * sequential requests over one connection, after a warm-up; then an unmeasured pass under JFR.
     */
    static void queries(MeterflowFixture fx, MeterflowConfig config, int port) throws Exception {
        MeterflowJob.prepare(config, JobOptions.live()); // the meters, as the job's start writes them
        Instant from = Instant.parse("2026-10-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(30));
        long t0 = System.nanoTime();
        try (Connection c = fx.database.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO meterflow.usage_windows (generation, meter, subject, group_values, window_start, window_end,"
                    + " event_count) SELECT g.generation, 'api_requests', s, jsonb_build_object('route', '/v1/chat'), t,"
                    + " t + interval '1 minute', 1 + extract(minute FROM t)::int"
                    + " FROM meterflow.active_generation g,"
                    + " generate_series(timestamptz '" + from + "', timestamptz '" + to + "' - interval '1 minute', interval '1 minute') t,"
                    + " (SELECT 'customer-' || i AS s FROM generate_series(0, 10) i) subjects");
            st.execute("ANALYZE meterflow.usage_windows");
        }
        LOG.info("BENCH query data: 11 subjects x 43,200 minute windows inserted in {} ms",
                (System.nanoTime() - t0) / 1_000_000);
        // The month's hours rolled up, as the committer does for hours its commits have left alone.
        t0 = System.nanoTime();
        try (Connection c = fx.database.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT meterflow.seal_usage_hours(1, '" + to + "', 1000)");
            st.execute("ANALYZE meterflow.usage_hours");
        }
        LOG.info("BENCH query data: the month's hours sealed in {} ms", (System.nanoTime() - t0) / 1_000_000);
        long expectedTotal = 30L * 24 * (60 + 59 * 60 / 2); // an hour holds 1 + minute for minutes 0..59
        Http http = new Http(port);
        String base = "/api/v1/meters/api_requests/query?subject=customer-7&from=" + from + "&to=" + to + "&windowSize=";
        for (String window : new String[] {"MINUTE", "DAY"}) {
            JsonNode answer = Http.json(http.get(base + window));
            long total = 0;
            for (JsonNode row : answer.get("data")) {
                total += row.get("value").asLong();
            }
            assertThat(answer.get("data")).hasSize(window.equals("MINUTE") ? 43_200 : 30);
            assertThat(total).isEqualTo(expectedTotal);
        }
        // The same rows through the same driver without the API: a plain SELECT of the stored rows (the
        // physical floor of any answer of them) and query_usage itself, each measured right after the
        // API request, so the machine's load weighs on all three alike: the ratios are what to compare.
        String plain = "SELECT subject, group_values::text, window_start, window_end, event_count FROM meterflow.usage_windows"
                + " WHERE generation = 1 AND meter = 'api_requests' AND subject = 'customer-7'"
                + " AND window_start >= '" + from + "' AND window_start < '" + to + "' ORDER BY window_start";
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean cpu = (com.sun.management.OperatingSystemMXBean) os;
        settle(http, base);
        try (Connection jdbc = fx.database.connect()) {
            // query_usage as V2 wrote it (before V10's fast path), under another name: the SQL's before, same run.
            try (Statement st = jdbc.createStatement(); java.io.InputStream in = ApiBenchIT.class.getResourceAsStream(
                    "/db/migration/meterflow/V2__query_usage.sql")) {
                String v2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                st.execute(v2.substring(v2.indexOf("CREATE FUNCTION meterflow.query_usage_impl("),
                        v2.indexOf("CREATE FUNCTION meterflow.query_usage(\n"))
                        .replace("meterflow.query_usage_impl(", "meterflow.query_usage_grouped("));
            }
            for (String window : new String[] {"MINUTE", "DAY"}) {
                String function = "SELECT subject, group_values::text, window_start, window_end, value FROM meterflow.query_usage("
                        + "'api_requests', '" + from + "', '" + to + "', '" + window + "', 'UTC', 'customer-7', '{}')";
                measure(http, base + window, 20); // warm-up
                jdbc(jdbc, plain);
                jdbc(jdbc, function);
                int n = window.equals("MINUTE") ? 200 : 400;
                long[] api = new long[n];
                long[] floor = new long[n];
                long[] sql = new long[n];
                long[] grouped = new long[n / 4];
                // MINUTE answers in UTC are read packed by hour: the API's own query, over JDBC (DAY's is query_usage).
                String minutes = "SELECT r_subject, r_group_values::text, r_start::text, r_minutes::text, r_values::text"
                        + " FROM meterflow.query_usage_minutes('api_requests', '" + from + "', '" + to + "', 'customer-7', '{}')";
                long[] packed = new long[window.equals("MINUTE") ? n : 0];
                String before = function.replace("value FROM meterflow.query_usage(", "r_value FROM meterflow.query_usage_grouped(")
                        .replace("SELECT subject, group_values::text, window_start, window_end,",
                                "SELECT r_subject, r_group_values::text, r_window_start, r_window_end,");
                long apiCpu = 0;
                double load = 0;
                for (int i = 0; i < n; i++) {
                    long c0 = cpu.getProcessCpuTime();
                    api[i] = measure(http, base + window, 1)[0];
                    apiCpu += cpu.getProcessCpuTime() - c0;
                    floor[i] = jdbc(jdbc, plain);
                    sql[i] = jdbc(jdbc, function);
                    if (packed.length > 0) {
                        packed[i] = jdbc(jdbc, minutes);
                    }
                    if (i % 4 == 0 && i / 4 < grouped.length) {
                        grouped[i / 4] = jdbc(jdbc, before);
                    }
                    load += os.getSystemLoadAverage();
                }
                Arrays.sort(api);
                Arrays.sort(floor);
                Arrays.sort(sql);
                Arrays.sort(grouped);
                Arrays.sort(packed);
                LOG.info("BENCH query {} of one subject's month: {} requests, API p50 {} ms, p99 {} ms, max {} ms;"
                        + " plain JDBC SELECT of the same {} rows p50 {} ms, p99 {} ms; query_usage over JDBC p50 {} ms, p99 {} ms;"
                        + " V2's grouped query_usage over JDBC ({} runs) p50 {} ms, p99 {} ms;"
                        + " query_usage_minutes (packed by hour) over JDBC p50 {} ms, p99 {} ms;"
                        + " API / plain SELECT: p50 {}x, p99 {}x; JVM CPU (client + server) {} ms per API request;"
                        + " load average {} on {} cores", window, n,
                        String.format("%.1f", pct(api, 50)), String.format("%.1f", pct(api, 99)), String.format("%.1f", api[n - 1] / 1e6),
                        window.equals("MINUTE") ? "43,200" : "43,200 (stored)",
                        String.format("%.1f", pct(floor, 50)), String.format("%.1f", pct(floor, 99)),
                        String.format("%.1f", pct(sql, 50)), String.format("%.1f", pct(sql, 99)),
                        grouped.length, String.format("%.1f", pct(grouped, 50)), String.format("%.1f", pct(grouped, 99)),
                        packed.length > 0 ? String.format("%.1f", pct(packed, 50)) : "-",
                        packed.length > 0 ? String.format("%.1f", pct(packed, 99)) : "-",
                        String.format("%.2f", pct(api, 50) / pct(floor, 50)), String.format("%.2f", pct(api, 99) / pct(floor, 99)),
                        String.format("%.1f", apiCpu / 1e6 / n), String.format("%.1f", load / n), os.getAvailableProcessors());
            }
        }
        // The same GETs from wrk (one connection, one request at a time): the answer's latency without
        // the JVM client's own cost of reading 5 MB into a String on the same 2 cores.
        for (String window : new String[] {"MINUTE", "DAY"}) {
            long c0 = cpu.getProcessCpuTime();
            long[] ticks0 = userSystemTicks();
            Process p = new ProcessBuilder("wrk", "-t1", "-c1", "-d10s", "--latency", "http://127.0.0.1:" + port + base + window)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            long serverCpu = cpu.getProcessCpuTime() - c0;
            long[] ticks1 = userSystemTicks();
            java.util.regex.Matcher requests = java.util.regex.Pattern.compile("(\\d+) requests in").matcher(out);
            long served = requests.find() ? Long.parseLong(requests.group(1)) : 0;
            // Loopback runs the receiving side's TCP work in the sender's system time too.
            LOG.info("BENCH query {} of one subject's month, wrk -t1 -c1 -d10s, load average {}, server JVM CPU {} ms per request"
                    + " (user {} ms, system {} ms):\n{}", window, String.format("%.1f", os.getSystemLoadAverage()),
                    String.format("%.1f", serverCpu / 1e6 / Math.max(1, served)),
                    String.format("%.1f", (ticks1[0] - ticks0[0]) * 10.0 / Math.max(1, served)),
                    String.format("%.1f", (ticks1[1] - ticks0[1]) * 10.0 / Math.max(1, served)), out);
        }
        Path jfr = Files.createTempFile("meterflow-query-", ".jfr");
        try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            measure(http, base + "MINUTE", 50);
            r.stop();
            r.dump(jfr);
        }
        LOG.info("BENCH query MINUTE profile (JFR, 50 requests, all threads of the JVM):\n{}", topFrames(jfr, 15));
    }

    /**
     * Requests both queries until the JIT compiler has settled (under 100 ms of compiling in a 5 s
     * slice; at most 90 s): a server answers for weeks, and on 2 cores one C2 thread takes a minute
     * or more to reach the answer's code, which otherwise weighs on the first few hundred requests.
     */
    static void settle(Http http, String base) throws Exception {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long requests = 0;
        long compiling;
        do {
            long c0 = jit.getTotalCompilationTime();
            long sliceEnd = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < sliceEnd) {
                measure(http, base + "MINUTE", 1);
                measure(http, base + "DAY", 1);
                requests += 2;
            }
            compiling = jit.getTotalCompilationTime() - c0;
        } while (compiling >= 100 && System.nanoTime() - start < 90_000_000_000L);
        LOG.info("BENCH query warm-up: {} requests in {} s, {} ms of JIT compiling in its last 5 s", requests,
                (System.nanoTime() - start) / 1_000_000_000L, compiling);
    }

    /** This JVM's user and system CPU time in clock ticks (1/100 s) from /proc/self/stat. */
    static long[] userSystemTicks() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** Runs a query over JDBC, reading every column of every row as text; returns the nanoseconds it took. */
    static long jdbc(Connection c, String sql) throws Exception {
        long t = System.nanoTime();
        long rows = 0;
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getString(i);
                }
                rows++;
            }
        }
        assertThat(rows).isPositive();
        return System.nanoTime() - t;
    }

    static long[] measure(Http http, String path, int n) throws Exception {
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            java.net.http.HttpResponse<String> r = http.get(path);
            ns[i] = System.nanoTime() - t;
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        Arrays.sort(ns);
        return ns;
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Execution samples by top frame (self time), and by the first meterflow frame on the stack. */
    static String topFrames(Path jfr, int top) throws Exception {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            self.merge(frameName(frames.get(0)), 1L, Long::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.meterflow.api")).findFirst()
                    .ifPresent(f -> ours.merge(frameName(f), 1L, Long::sum));
        }
        StringBuilder b = new StringBuilder(samples + " samples; self:\n");
        long all = Math.max(1, samples);
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(x -> b.append(String.format("  %5.1f %% %5d  %s%n", 100.0 * x.getValue() / all, x.getValue(), x.getKey())));
        b.append("first io.meterflow.api frame:\n");
        ours.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(x -> b.append(String.format("  %5.1f %% %5d  %s%n", 100.0 * x.getValue() / all, x.getValue(), x.getKey())));
        return b.toString();
    }

    private static String frameName(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    static String lua(String body) {
        return "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/cloudevents+json\"\nwrk.body = [==["
                + body + "]==]\n";
    }

    static String wrk(Path script, String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t1", "-c64", "-d" + seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
