package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.cli.MeterflowCli;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** API keys made by the real CLI (scopes, revocation) and portal tokens that cannot reach another subject. */
class ApiAuthIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    @TempDir
    Path dir;

    static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeterflowCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("%s: %s", String.join(" ", args), err).isZero();
        return out.toString().trim().split("\\R");
    }

    static String createKey(Path config, String name, String scope) {
        String[] lines = cli("api-key", "create", "--config", config.toString(), "--name", name, "--scope", scope);
        return lines[lines.length - 1];
    }

    @Test
    void keysScopesRevocationAndPortalTokensHeldToTheirSubject() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("api_auth", 1);
        String reader = "api_reader_" + Long.toHexString(System.nanoTime());
        String yaml = fx.configYaml("api:\n  reader: { user: " + reader + ", password: rpw }\n");
        Path config = Files.writeString(dir.resolve("meterflow.yaml"), yaml);
        MeterflowConfig parsed = MeterflowConfig.parse(yaml, Map.of());
        io.meterflow.sink.Migrations.apply(parsed.postgres().connectionSettings());
        try (Connection c = fx.database.connect()) {
            c.createStatement().execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'rpw' IN ROLE meterflow_reader");
        }
        String ingest = createKey(config, "gateway", "ingest");
        String read = createKey(config, "dashboard", "read");
        String admin = createKey(config, "ops", "admin");
        assertThat(ingest).startsWith("mf_").doesNotContain(" ");
        try (Connection c = fx.database.connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT string_agg(id || name || scope || encode(key_hash, 'hex'), '')"
                        + " FROM meterflow.api_keys")) {
            rs.next();
            assertThat(rs.getString(1)).doesNotContain(ingest.substring(ingest.lastIndexOf('_') + 1)); // only hashes
        }
        String listed = String.join("\n", cli("api-key", "list", "--config", config.toString()));
        assertThat(listed).contains("gateway", "dashboard", "ops").doesNotContain(ingest).doesNotContain(read);

        JobClient job = null;
        try (ApiServer server = ApiServers.start(parsed, "127.0.0.1", 0)) {
            Http anon = new Http(server.port());
            Http in = anon.withToken(ingest);
            Http rd = anon.withToken(read);
            Http ad = anon.withToken(admin);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String a = Http.event("au-1", "customer-a", "api.request", now, "{\"route\":\"/a\"}");
            String b = Http.event("au-2", "customer-b", "api.request", now, "{\"route\":\"/b\"}");

            HttpResponse<String> none = anon.post("/api/v1/events", "application/json", a);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
            assertThat(anon.get("/api/v1/meters").statusCode()).isEqualTo(401);
            assertThat(anon.withToken("mf_nope_" + "x".repeat(43)).get("/api/v1/meters").statusCode()).isEqualTo(401);
            assertThat(anon.withToken("garbage").post("/api/v1/events", "application/json", a).statusCode()).isEqualTo(401);
            assertThat(in.post("/api/v1/events", "application/json", a).statusCode()).isEqualTo(204);
            assertThat(in.get("/api/v1/meters").statusCode()).isEqualTo(403);
            assertThat(rd.post("/api/v1/events", "application/json", b).statusCode()).isEqualTo(403);
            assertThat(rd.get("/api/v1/meters").statusCode()).isEqualTo(200);
            assertThat(ad.post("/api/v1/events", "application/json", b).statusCode()).isEqualTo(204);
            assertThat(ad.get("/api/v1/meters/api_requests").statusCode()).isEqualTo(200);
            assertThat(rd.post("/api/v1/portal/tokens", "application/json", "{\"subject\":\"customer-a\"}").statusCode()).isEqualTo(403);
            assertThat(anon.get("/healthz").statusCode()).isEqualTo(200);

            String id = ingest.split("_")[1];
            cli("api-key", "revoke", "--config", config.toString(), id);
            Thread.sleep(1500); // the lookup cache holds a key for a second
            assertThat(in.post("/api/v1/events", "application/json", a).statusCode()).isEqualTo(401);

            job = MeterflowFixture.startJob(yaml, null, null);
            MeterflowFixture.await("both events counted", Duration.ofMinutes(3), () -> fx.counter("api_requests", "counted") >= 2);
            String q = "/api/v1/meters/api_requests/query?groupBy=subject&groupBy=route";
            JsonNode all = Http.json(rd.get(q));
            assertThat(all.get("data")).hasSize(2); // both subjects are there for a reader

            HttpResponse<String> minted = ad.post("/api/v1/portal/tokens", "application/json", "{\"subject\":\"customer-a\"}");
            assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
            String portal = Http.json(minted).get("token").asText();
            Http pt = anon.withToken(portal);
            for (String tricky : new String[] {"", "?subject=customer-b", "?subject=customer-b&subject=customer-a",
                    "?groupBy=subject", "?groupBy=subject&groupBy=route&subject=customer-b", "?filterGroupBy[route]=/b"}) {
                HttpResponse<String> r = pt.get("/api/v1/portal/meters/api_requests/query" + tricky);
                assertThat(r.statusCode()).as(tricky + " " + r.body()).isEqualTo(200);
                assertThat(r.body()).as(tricky).doesNotContain("customer-b").doesNotContain("/b");
                for (JsonNode row : Http.json(r).get("data")) {
                    assertThat(row.get("subject").asText()).isEqualTo("customer-a");
                }
            }
            assertThat(Http.json(pt.get("/api/v1/portal/meters/api_requests/query")).get("data")).hasSize(1);
            assertThat(pt.get("/api/v1/meters/api_requests/query?subject=customer-b").statusCode()).isEqualTo(403);
            assertThat(pt.get("/api/v1/events").statusCode()).isEqualTo(403);
            assertThat(pt.post("/api/v1/events", "application/json", b).statusCode()).isEqualTo(403);
            assertThat(rd.get("/api/v1/portal/meters/api_requests/query").statusCode()).isEqualTo(403);
            String limited = Http.json(ad.post("/api/v1/portal/tokens", "application/json",
                    "{\"subject\":\"customer-a\",\"meters\":[\"llm_tokens\"]}")).get("token").asText();
            assertThat(anon.withToken(limited).get("/api/v1/portal/meters/api_requests/query").statusCode()).isEqualTo(403);

            // PostgreSQL holds a reader to the portal subject too (row-level security), whatever the SQL asks.
            try (Connection c = DriverManager.getConnection(fx.database.jdbcUrl(), reader, "rpw")) {
                c.setAutoCommit(false);
                c.createStatement().execute("SELECT set_config('meterflow.portal_subject', 'customer-a', true)");
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM meterflow.query_usage('api_requests', ?, ?,"
                        + " subject => 'customer-b')")) {
                    s.setTimestamp(1, Timestamp.from(Instant.EPOCH));
                    s.setTimestamp(2, Timestamp.from(Instant.now().plusSeconds(3600)));
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).isZero();
                    }
                }
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT count(DISTINCT subject) FROM meterflow.usage_windows")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
                c.rollback();
            }
        } finally {
            if (job != null) {
                job.cancel().get();
            }
        }
    }
}
