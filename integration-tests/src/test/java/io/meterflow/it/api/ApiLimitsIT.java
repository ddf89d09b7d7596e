package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.limit.LimitChange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limit and usage-status routes over a real socket, against a real broker and PostgreSQL: a change
 * reaches both copies (the row and the compacted topic) or neither, bad input is a problem naming the
 * parameter, and only keys of the right scope get in (no key, wrong scope, portal tokens: refused).
 */
class ApiLimitsIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    record Answer(int status, JsonNode body, String text) {}

    static Answer send(int port, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json = r.body().isEmpty() ? null : Http.JSON.readTree(r.body());
        return new Answer(r.statusCode(), json, r.body());
    }

    private static List<String> limitRows(MeterflowFixture fx) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = fx.database.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT meter || '/' || subject || '=' || limit_value || ' ' || period || ' '"
                        + " || time_zone || ' ' || anchor FROM meterflow.limits ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void limitsAreChangedInBothCopiesAndReadBackWithTheUsageStatus() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("api_limits", 1);
        String limitsTopic = "limits-" + UUID.randomUUID();
        String yaml = fx.configYaml("notifications:\n  limitsTopic: " + limitsTopic + "\n");
        Path config = Files.writeString(dir.resolve("meterflow.yaml"), yaml);
        MeterflowConfig parsed = MeterflowConfig.parse(yaml, Map.of());
        MeterflowJob.prepare(parsed, JobOptions.live()); // migrations and the meters, as the job's start writes them
        try (Connection c = fx.database.connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO meterflow.usage_windows (generation, meter, subject, group_values, window_start, window_end,"
                    + " event_count) SELECT generation, 'api_requests', 'c1', '{\"route\": \"/v1\"}', date_trunc('minute', now()),"
                    + " date_trunc('minute', now()) + interval '1 minute', 250 FROM meterflow.active_generation");
        }
        String admin = ApiAuthIT.createKey(config, "ops", "admin");
        String read = ApiAuthIT.createKey(config, "dashboard", "read");
        String ingest = ApiAuthIT.createKey(config, "gateway", "ingest");
        String limit = "/api/v1/subjects/c1/limits/api_requests";
        String usage = "/api/v1/subjects/c1/usage/api_requests";
        String body = "{\"limit\": 1000, \"period\": \"MONTH\", \"timeZone\": \"Europe/Berlin\", \"anchor\": \"2026-01-17T09:00\"}";

        try (ApiServer server = ApiServers.start(parsed, "127.0.0.1", 0)) {
            int port = server.port();

            // ---- who may: no key 401, wrong scope 403, portal tokens 403 on every route
            String portal = send(port, admin, "POST", "/api/v1/portal/tokens", "{\"subject\":\"c1\"}").body().get("token").asText();
            for (String[] route : new String[][] {{"PUT", limit}, {"GET", limit}, {"DELETE", limit}, {"GET", usage}}) {
                String b = route[0].equals("PUT") ? body : null;
                Answer none = send(port, null, route[0], route[1], b);
                assertThat(none.status()).as("%s %s without a key", route[0], route[1]).isEqualTo(401);
                assertThat(send(port, portal, route[0], route[1], b).status()).as("%s %s with a portal token", route[0], route[1])
                        .isEqualTo(403);
                assertThat(send(port, ingest, route[0], route[1], b).status()).as("%s %s with an ingest key", route[0], route[1])
                        .isEqualTo(403);
            }
            assertThat(send(port, read, "PUT", limit, body).status()).isEqualTo(403);
            assertThat(send(port, read, "DELETE", limit, null).status()).isEqualTo(403);
            assertThat(limitRows(fx)).isEmpty();

            // ---- no limit yet: GET 404, usage without a limit
            assertThat(send(port, read, "GET", limit, null).status()).isEqualTo(404);
            Answer free = send(port, read, "GET", usage, null);
            assertThat(free.status()).as(free.text()).isEqualTo(200);
            assertThat(free.body().get("usage").decimalValue()).isEqualByComparingTo("250");
            assertThat(free.body().get("hasAccess").asBoolean()).isTrue();
            assertThat(free.body().get("limit").isNull()).isTrue();
            assertThat(free.body().get("limitSource").asText()).isEqualTo("none");

            // ---- set: PostgreSQL and the compacted topic, as ./meterflow limits set
            Answer set = send(port, admin, "PUT", limit, body);
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.body().get("limit").decimalValue()).isEqualByComparingTo("1000");
            assertThat(set.body().get("timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(limitRows(fx)).containsExactly("api_requests/c1=1000 MONTH Europe/Berlin 2026-01-17 09:00:00");
            List<ConsumerRecord<byte[], byte[]>> records = Http.records(fx.kafkaBootstrapServers, limitsTopic, 1, Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("{\"meter\":\"api_requests\",\"subject\":\"c1\"}");
            assertThat(LimitChange.readValue(records.get(0).value()).toLimit().value()).isEqualByComparingTo("1000");

            Answer got = send(port, read, "GET", limit, null);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.body().get("limit").decimalValue()).isEqualByComparingTo("1000");
            assertThat(got.body().get("anchor").asText()).isEqualTo("2026-01-17T09:00");
            assertThat(got.body().get("source").asText()).isEqualTo("subject");

            Answer status = send(port, read, "GET", usage, null);
            assertThat(status.status()).as(status.text()).isEqualTo(200);
            JsonNode s = status.body();
            assertThat(s.get("usage").decimalValue()).isEqualByComparingTo("250");
            assertThat(s.get("limit").decimalValue()).isEqualByComparingTo("1000");
            assertThat(s.get("remaining").decimalValue()).isEqualByComparingTo("750");
            assertThat(s.get("percentage").decimalValue()).isEqualByComparingTo("25");
            assertThat(s.get("hasAccess").asBoolean()).isTrue();
            assertThat(s.get("thresholdsCrossed")).isEmpty();
            assertThat(s.get("limitSource").asText()).isEqualTo("subject");
            assertThat(s.get("period").get("unit").asText()).isEqualTo("MONTH");
            assertThat(s.get("period").get("timeZone").asText()).isEqualTo("Europe/Berlin");

            // ---- bad input: a problem naming the parameter, nothing applied anywhere
            Object[][] bad = {
                {"/api/v1/subjects/c1/limits/nope", "{\"limit\": 5}", 404, "meter", "unknown meter 'nope'"},
                {"/api/v1/subjects/ghost/limits/api_requests", "{\"limit\": 5}", 404, "subject", "unknown subject 'ghost'"},
                {limit, "{\"limit\": -5}", 400, "limit", "cannot be negative"},
                {limit, "{\"limit\": \"lots\"}", 400, "limit", "got 'lots'"},
                {limit, "{\"limit\": true}", 400, "limit", "must be a number"},
                {limit, "{}", 400, "limit", "is required"},
                {limit, "{\"limit\": 5, \"timeZone\": \"Mars/Olympus\"}", 400, "timeZone", "unknown time zone 'Mars/Olympus'"},
                {limit, "{\"limit\": 5, \"period\": \"YEAR\"}", 400, "period", "got 'YEAR'"},
                {limit, "{\"limit\": 5, \"anchor\": \"tomorrow\"}", 400, "anchor", "got 'tomorrow'"},
                {limit, "{\"limit\": 5, \"newSubject\": \"yes\"}", 400, "newSubject", "true or false"},
                {limit, "{\"limit\": 5, \"colour\": \"red\"}", 400, "colour", "unknown field"},
                {limit, "{\"limit\": 5", 400, "body", "not valid JSON"},
                {limit, "[5]", 400, "body", "JSON object"},
            };
            for (Object[] b : bad) {
                Answer r = send(port, admin, "PUT", (String) b[0], (String) b[1]);
                assertThat(r.status()).as("%s %s: %s", b[0], b[1], r.text()).isEqualTo(b[2]);
                assertThat(r.body().get("parameter").asText()).as(r.text()).isEqualTo(b[3]);
                assertThat(r.body().get("detail").asText()).as(r.text()).contains((String) b[4]);
                assertThat(r.body().get("status").asInt()).isEqualTo(b[2]);
            }
            assertThat(send(port, read, "GET", "/api/v1/subjects/c1/usage/nope", null).status()).isEqualTo(404);
            assertThat(limitRows(fx)).containsExactly("api_requests/c1=1000 MONTH Europe/Berlin 2026-01-17 09:00:00");
            assertThat(Http.records(fx.kafkaBootstrapServers, limitsTopic, 0, Duration.ofSeconds(3))).hasSize(1);

            // ---- a subject before its first event, with newSubject
            Answer ghost = send(port, admin, "PUT", "/api/v1/subjects/ghost/limits/api_requests", "{\"limit\": \"0.5\", \"newSubject\": true}");
            assertThat(ghost.status()).as(ghost.text()).isEqualTo(200);
            assertThat(limitRows(fx)).contains("api_requests/ghost=0.5 MONTH UTC 2001-01-01 00:00:00");

            // ---- delete: a tombstone, the row gone; again: 404
            assertThat(send(port, admin, "DELETE", limit, null).status()).isEqualTo(204);
            assertThat(limitRows(fx)).noneMatch(r -> r.startsWith("api_requests/c1="));
            records = Http.records(fx.kafkaBootstrapServers, limitsTopic, 3, Duration.ofSeconds(20));
            assertThat(records).hasSize(3);
            assertThat(records.get(2).value()).as("a deleted limit is a tombstone").isNull();
            Answer again = send(port, admin, "DELETE", limit, null);
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.body().get("detail").asText()).contains("no limit for subject 'c1'");
            assertThat(send(port, read, "GET", limit, null).status()).isEqualTo(404);
        }

        // ---- a publish that fails: 503, and PostgreSQL keeps what it had
        String tiny = fx.configYaml("notifications:\n  limitsTopic: " + limitsTopic + "\n").replace("  topic: " + fx.topic + "\n",
                "  topic: " + fx.topic + "\n  properties: { max.request.size: 40 }\n");
        try (ApiServer server = ApiServers.start(MeterflowConfig.parse(tiny, Map.of()), "127.0.0.1", 0)) {
            Answer r = send(server.port(), admin, "PUT", "/api/v1/subjects/c1/limits/api_requests", "{\"limit\": 777}");
            assertThat(r.status()).as(r.text()).isEqualTo(503);
            assertThat(r.body().get("detail").asText()).contains("cannot publish the change to Kafka topic '" + limitsTopic
                    + "' (nothing was changed)");
        }
        assertThat(limitRows(fx)).noneMatch(x -> x.contains("=777"));
    }
}
