package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /api/v1/events against a real broker: what is produced, what is refused and why, and the limits. */
class ApiIngestIT {
    static MeterflowFixture fx;
    static ApiServer server;
    static Http http;

    static final String API = "api:\n  auth: none\n  maxRequestBytes: 64KiB\n  maxBatchEvents: 100\n  readTimeout: 2s\n  produceTimeout: 5s\n";

    @BeforeAll
    static void start() {
        fx = new MeterflowFixture("api_ingest", 2);
        MeterflowConfig config = MeterflowConfig.parse(fx.configYaml(API), Map.of());
        io.meterflow.sink.Migrations.apply(config.postgres().connectionSettings()); // readyz checks PostgreSQL too
        server = ApiServers.start(config, "127.0.0.1", 0);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Each test gets its own topic's worth of records by id prefix; the topic is shared. */
    private static List<ConsumerRecord<byte[], byte[]>> produced(String idPrefix, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : Http.records(fx.kafkaBootstrapServers, fx.topic, 1, Duration.ofSeconds(expected == 0 ? 2 : 10))) {
            if (new String(r.value(), StandardCharsets.UTF_8).contains("\"id\":\"" + idPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void everyContentTypeIsProducedKeyedBySubjectWithIngestTimestampsAndFilledTime() throws Exception {
        long before = System.currentTimeMillis();
        String backdated = Instant.now().minus(Duration.ofDays(30)).toString();
        assertThat(http.post("/api/v1/events", "application/cloudevents+json; charset=UTF-8",
                Http.event("ct-1", "cust-a", "api.request", backdated, "{\"route\":\"/a\"}")).statusCode()).isEqualTo(204);
        assertThat(http.post("/api/v1/events", "Application/CloudEvents-Batch+JSON",
                "[" + Http.event("ct-2", "cust-b", "api.request", null, "{}") + ","
                        + Http.event("ct-3", "cust-c", "api.request", null, "{}") + "]").statusCode()).isEqualTo(204);
        assertThat(http.post("/api/v1/events", "application/json",
                Http.event("ct-4", "cust-a", "api.request", null, null)).statusCode()).isEqualTo(204);
        assertThat(http.post("/api/v1/events", "application/json;charset=utf-8",
                "[" + Http.event("ct-5", "cust-d", "api.request", null, null) + "]").statusCode()).isEqualTo(204);
        long after = System.currentTimeMillis();

        List<ConsumerRecord<byte[], byte[]>> records = produced("ct-", 5);
        assertThat(records).hasSize(5);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode ev = Http.JSON.readTree(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(ev.get("subject").asText());
            // Ingest time, never the event's time (retention must not drop backdated events early).
            assertThat(r.timestamp()).isBetween(before, after);
            assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json");
            assertThat(ev.hasNonNull("time")).as("time present or filled: %s", ev).isTrue();
            if (ev.get("id").asText().equals("ct-1")) {
                assertThat(ev.get("time").asText()).isEqualTo(backdated);
            } else {
                assertThat(Instant.parse(ev.get("time").asText()).toEpochMilli()).isEqualTo(r.timestamp());
            }
        }
    }

    @Test
    void eventLevelRejectionsAre400ListingIndexReasonAndDetailAndNothingIsProduced() throws Exception {
        String future = Instant.now().plus(Duration.ofDays(2)).toString();
        String body = "[" + Http.event("rj-0", "cust-a", "api.request", null, "{}") + ","
                + "{\"specversion\":\"1.0\",\"id\":\"rj-1\",\"source\":\"x\",\"type\":\"api.request\"},"
                + Http.event("rj-2", "cust-a", "api.request", future, "{}") + ","
                + Http.event("rj-3", "cust-a", "api.request", "yesterday", "{}") + ","
                + Http.event("rj-4", "cust-a", "storage.snapshot", null, "{\"bytes\":\"not a number\"}") + ","
                + "{\"specversion\":\"0.3\",\"id\":\"rj-5\",\"source\":\"x\",\"type\":\"t\",\"subject\":\"s\"},"
                + "42]";
        HttpResponse<String> r = http.post("/api/v1/events", "application/cloudevents-batch+json", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode p = Http.json(r);
        assertThat(p.get("status").asInt()).isEqualTo(400);
        List<String> got = new ArrayList<>();
        p.get("events").forEach(e -> got.add(e.get("index").asInt() + ":" + e.get("reason").asText()));
        // rj-4's value is a per-meter problem: not the API's to judge (the job records it).
        assertThat(got).containsExactly("1:MISSING_ATTRIBUTE", "2:FUTURE_TIME", "3:BAD_TIME",
                "5:UNSUPPORTED_SPECVERSION", "6:NOT_A_CLOUDEVENT");
        assertThat(p.get("events").get(0).get("detail").asText()).contains("subject");
        assertThat(produced("rj-", 0)).isEmpty();

        HttpResponse<String> malformed = http.post("/api/v1/events", "application/json", "{\"specversion\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(Http.json(malformed).get("events").get(0).get("reason").asText()).isEqualTo("MALFORMED_JSON");
        byte[] badUtf8 = Http.event("rj-u", "cust-\u00e9", "api.request", null, null).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < badUtf8.length - 1; i++) {
            if (badUtf8[i] == (byte) 0xC3) {
                badUtf8[i + 1] = (byte) 0x28; // 0xC3 0x28: not UTF-8
            }
        }
        HttpResponse<String> utf8 = http.post("/api/v1/events", "application/json", badUtf8);
        assertThat(utf8.statusCode()).isEqualTo(400);
        assertThat(Http.json(utf8).get("events").get(0).get("reason").asText()).isEqualTo("MALFORMED_JSON");
        String deep = Http.event("rj-d", "cust-a", "api.request", null, "[".repeat(500) + "]".repeat(500));
        HttpResponse<String> nested = http.post("/api/v1/events", "application/json", deep);
        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(Http.json(nested).get("events").get(0).get("reason").asText()).isEqualTo("MALFORMED_JSON");
        HttpResponse<String> empty = http.post("/api/v1/events", "application/json", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(Http.json(empty).get("events").get(0).get("reason").asText()).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void wrongMediaTypesAre415() throws Exception {
        String ev = Http.event("mt-1", "cust-a", "api.request", null, null);
        for (String type : new String[] {"text/plain", "application/xml", "application/cloudevents+json; charset=latin1",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"}) {
            HttpResponse<String> r = http.post("/api/v1/events", type, ev);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        assertThat(http.post("/api/v1/events", null, ev).statusCode()).isEqualTo(415);
        assertThat(produced("mt-", 0)).isEmpty();
    }

    @Test
    void oversizeBodiesAndTooManyEventsAre413() throws Exception {
        String big = Http.event("big-1", "cust-a", "api.request", null, "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        HttpResponse<String> r = http.post("/api/v1/events", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append(Http.event("many-" + i, "c", "api.request", null, null));
        }
        HttpResponse<String> m = http.post("/api/v1/events", "application/cloudevents-batch+json", many.append("]").toString());
        assertThat(m.statusCode()).isEqualTo(413);
        assertThat(Http.json(m).get("detail").asText()).contains("101 events").contains("api.maxBatchEvents");
        // 10,000 elements within the byte limit: refused by count, the server stays up.
        String tenThousand = "[" + "{},".repeat(9999) + "{}]";
        assertThat(http.post("/api/v1/events", "application/json", tenThousand).statusCode()).isEqualTo(413);
        assertThat(produced("big-", 0)).isEmpty();
        assertThat(produced("many-", 0)).isEmpty();
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aSlowBodyIsCutOffAndTheServerStaysUp() throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"specversion\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf); // the server answers (408) and closes instead of waiting forever
            String answer = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = http.get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(Http.json(ready).get("kafka").asText()).isEqualTo("ok");
        http.post("/api/v1/events", "application/json", Http.event("mx-1", "c", "api.request", null, null));
        http.post("/api/v1/events", "application/json", "{\"id\":1}");
        String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("meterflow_api_requests_total{route=\"/api/v1/events\",status=\"204\"}")
                .contains("meterflow_api_produce_seconds_bucket")
                .contains("meterflow_api_events_accepted_total")
                .contains("meterflow_api_events_rejected_total{reason=\"MISSING_ATTRIBUTE\"}");
        assertThat(http.get("/nope").statusCode()).isEqualTo(404);
    }
}
