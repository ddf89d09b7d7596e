package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events POSTed in all three content types (singles, batches, duplicates, per-meter bad values)
 * → the real job → the query API returns exactly what the independent oracle computes, per
 * subject, window and group, as a separate reader login.
 */
class ApiEndToEndIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Instant FROM = FLINK.from();
    private static final Instant TO = FLINK.to();
    private static final String[] TYPES = {
        "application/cloudevents+json", "application/cloudevents-batch+json", "application/json; charset=utf-8"};

    @Test
    void eventsPostedInEveryContentTypeAreQueriedBackExactlyAsTheOracleComputes() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("api_e2e", 2);
        // Structured-mode valid envelopes (binary mode is a Kafka-only encoding); duplicates stay in.
        List<GeneratedEvent> stream = new UsageStreamGenerator(20261201L, NOW, 6).generate(1_200).stream()
                .filter(e -> e.valid() && !e.headers().containsKey("ce_specversion")).collect(Collectors.toList());
        assertThat(stream).as("structured events to POST").hasSizeGreaterThan(800);
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        String reader = "api_reader_" + Long.toHexString(System.nanoTime());
        String yaml = fx.configYaml("api:\n  auth: none\n  reader: { user: " + reader + ", password: rpw }\n");
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        io.meterflow.sink.Migrations.apply(config.postgres().connectionSettings());
        try (Connection c = fx.database.connect()) {
            c.createStatement().execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'rpw' IN ROLE meterflow_reader");
        }
        int split = stream.size() * 88 / 100;
        JobClient job = null;
        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            Http http = new Http(server.port());
            post(http, stream.subList(0, split));
            job = MeterflowFixture.startJob(yaml, null, null);
            MeterflowFixture.await("on-time events counted", Duration.ofMinutes(3), () -> fx.counter("", "events_read") >= split);
            post(http, stream.subList(split, stream.size()));
            MeterflowFixture.await("all events counted", Duration.ofMinutes(3),
                    () -> fx.counter("", "events_read") >= stream.size());
            Thread.sleep(1500); // one more checkpoint: nothing beyond the stream may show up
            fx.assertCountersEqualOracle(oracle);
            for (OracleMeter m : MeterflowFixture.METERS) {
                boolean avg = m.aggregation().equals("AVG");
                assertThat(oracle.windows(m.slug())).as("oracle rows of %s", m.slug()).isNotEmpty();
                List<String> groups = List.copyOf(m.groupBy().keySet());
                assertThat(MeterflowFixture.normalized(apiQuery(http, m.slug(), m.windowSize(), groups, false), avg))
                        .as("windows of %s", m.slug()).isEqualTo(MeterflowFixture.normalized(oracle.windows(m.slug()), avg));
                assertThat(MeterflowFixture.normalized(apiQuery(http, m.slug(), null, groups, true), avg))
                        .as("totals of %s (POST)", m.slug()).isEqualTo(MeterflowFixture.normalized(oracle.totals(m.slug()), avg));
            }
            // The same windows once every hour is sealed: MINUTE answers then come packed by hour.
            try (Connection c = fx.database.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("SELECT meterflow.seal_usage_hours(g.generation, '" + TO.plus(Duration.ofHours(1))
                        + "', 100000) FROM meterflow.active_generation g");
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM meterflow.usage_hours WHERE minute_offsets IS NOT NULL");
                rs.next();
                assertThat(rs.getLong(1)).as("packed hours").isPositive();
            }
            for (OracleMeter m : MeterflowFixture.METERS) {
                boolean avg = m.aggregation().equals("AVG");
                List<String> groups = List.copyOf(m.groupBy().keySet());
                assertThat(MeterflowFixture.normalized(apiQuery(http, m.slug(), m.windowSize(), groups, false), avg))
                        .as("windows of %s, hours sealed", m.slug()).isEqualTo(MeterflowFixture.normalized(oracle.windows(m.slug()), avg));
            }
            // CSV: one line per row of the JSON answer, plus the header.
            HttpResponse<String> csv = http.get("/api/v1/meters/api_requests/query?format=csv&from=" + enc(FROM) + "&to=" + enc(TO)
                    + "&windowSize=MINUTE&groupBy=route");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
            assertThat(csv.body().split("\r\n")).hasSize(1 + oracle.windows("api_requests").size());
            // Rejections the job recorded (per-meter bad values) are listed with their reason.
            HttpResponse<String> rejected = http.get("/api/v1/events?hasError=true&limit=100");
            assertThat(rejected.statusCode()).isEqualTo(200);
            long expected = MeterflowFixture.expectedRejectionRows(oracle);
            assertThat(Http.json(rejected).size()).isEqualTo((int) Math.min(100, expected));
            if (expected > 0) {
                assertThat(Http.json(rejected).get(0).get("validationError").asText()).contains("(meter ");
            }
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
    }

    /** Singles, batches of up to 40 and plain JSON in turn; every answer must be 204. */
    static void post(Http http, List<GeneratedEvent> events) throws Exception {
        int i = 0;
        int round = 0;
        while (i < events.size()) {
            String type = TYPES[round++ % TYPES.length];
            int n = type.contains("batch") ? Math.min(40, events.size() - i) : type.startsWith("application/json") ? Math.min(3, events.size() - i) : 1;
            String body;
            if (n == 1 && !type.contains("batch")) {
                body = new String(events.get(i).value(), StandardCharsets.UTF_8);
            } else {
                StringBuilder b = new StringBuilder("[");
                for (int k = 0; k < n; k++) {
                    b.append(k == 0 ? "" : ",").append(new String(events.get(i + k).value(), StandardCharsets.UTF_8));
                }
                body = b.append(']').toString();
            }
            HttpResponse<String> r = http.post("/api/v1/events", type, body);
            assertThat(r.statusCode()).as("%s %s", type, r.body()).isEqualTo(204);
            i += n;
        }
    }

    static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    /** The API's rows keyed like the oracle's (window start 0 for whole-range totals). */
    static Map<UsageOracle.Row, BigDecimal> apiQuery(Http http, String meter, String window, List<String> groups, boolean post)
            throws Exception {
        HttpResponse<String> r;
        if (post) {
            Map<String, Object> body = new HashMap<>();
            body.put("from", FROM.toString());
            body.put("to", TO.toString());
            if (window != null) {
                body.put("windowSize", window);
            }
            body.put("groupBy", groups);
            r = http.post("/api/v1/meters/" + meter + "/query", "application/json", Http.JSON.writeValueAsString(body));
        } else {
            StringBuilder q = new StringBuilder("/api/v1/meters/" + meter + "/query?from=" + enc(FROM) + "&to=" + enc(TO));
            if (window != null) {
                q.append("&windowSize=").append(window);
            }
            q.append("&groupBy=subject");
            groups.forEach(g -> q.append("&groupBy=").append(g));
            r = http.get(q.toString());
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode res = Http.json(r);
        assertThat(res.get("from").asText()).isEqualTo(FROM.toString());
        Map<UsageOracle.Row, BigDecimal> out = new HashMap<>();
        for (JsonNode d : res.get("data")) {
            TreeMap<String, String> g = new TreeMap<>();
            d.get("groupBy").fields().forEachRemaining(f -> g.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
            long start = window == null ? 0 : Instant.parse(d.get("windowStart").asText()).toEpochMilli();
            UsageOracle.Row row = new UsageOracle.Row(d.get("subject").asText(), g, start);
            assertThat(out.put(row, d.get("value").isNull() ? null : d.get("value").decimalValue())).as("duplicate %s", row).isNull();
        }
        return out;
    }
}
