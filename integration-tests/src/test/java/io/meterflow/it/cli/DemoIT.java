package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.testkit.Launcher;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as CI runs it: {@code ./meterflow demo --duration 40} must start everything,
 * count usage, and exit 0. While it runs, the curl lines it prints work: the ingest example is run as
 * printed (with curl, when installed) and the usage query, sent by an HTTP client, answers exactly the
 * usage counted in PostgreSQL. Afterwards its PostgreSQL (the data directory survives the demo) holds the
 * counted events.
 */
class DemoIT {
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Test
    void demoCountsUsageEndToEndAndExitsCleanly(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("demo");
        Path out = tmp.resolve("demo.out");
        Path err = tmp.resolve("demo.err");
        long started = System.nanoTime();
        Process demo = Launcher.start(out, err, "demo", "--duration", "40", "--no-ui", "--work-dir", work.toString());
        try {
            curlLinesWork(demo, out);
        } catch (Throwable e) {
            demo.destroy();
            throw e;
        }
        boolean ended = demo.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(ended).as("demo ended within 240 s; stdout:%n%s%nstderr:%n%s", stdout, stderr).isTrue();
        assertThat(demo.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        assertThat(stdout).contains("Flink web UI:  http://127.0.0.1:").contains("psql \"postgresql://")
                .contains("HTTP API:      http://127.0.0.1:").contains("Web console:   http://127.0.0.1:").contains("customer").contains("acme");
        System.out.printf("demo ran %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("postgres"));
                Connection c = DriverManager.getConnection(pg.jdbcUrl("meterflow"), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            Map<String, Long> counters = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT meter, counter, value FROM meterflow.active_counters")) {
                while (rs.next()) {
                    counters.merge(rs.getString(1).isEmpty() ? rs.getString(2) : "meter." + rs.getString(2), rs.getLong(3), Long::sum);
                }
            }
            assertThat(counters.getOrDefault("events_read", 0L)).as("counters %s", counters).isPositive();
            assertThat(counters.getOrDefault("meter.counted", 0L)).as("counters %s", counters).isPositive();
            assertThat(counters.getOrDefault("meter.duplicates", 0L)).as("the generator resends ~5 %%: %s", counters).isPositive();
            try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(sum(value), 0) FROM meterflow.query_usage("
                    + "'llm_tokens', now() - interval '3 hours', now() + interval '1 minute', NULL, 'UTC', NULL, '{model}')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("usage rows of llm_tokens").isPositive();
                assertThat(rs.getBigDecimal(2).signum()).isPositive();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM meterflow.query_usage("
                    + "'api_requests', now() - interval '3 hours', now() + interval '1 minute', NULL, 'UTC', NULL, '{route}')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("usage rows of api_requests").isPositive();
            }
        }
    }

    private static final Pattern USAGE = Pattern.compile("usage: +curl -s -H 'Authorization: (Bearer [^']+)' '(http://[^']+)'");
    private static final Pattern INGEST = Pattern.compile("ingest: +(curl .*)$", Pattern.MULTILINE);
    private static final Pattern PSQL = Pattern.compile("psql \"postgresql://([^@]+)@([^\"]+)\" +\\(password: ([^)]+)\\)");

    /** Reads the printed lines while the demo runs and uses them as a person would. */
    private static void curlLinesWork(Process demo, Path out) throws Exception {
        String printed = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
        while (!(USAGE.matcher(printed).find() && INGEST.matcher(printed).find() && PSQL.matcher(printed).find())) {
            assertThat(demo.isAlive()).as("demo still running; stdout so far:%n%s", printed).isTrue();
            assertThat(System.nanoTime()).as("the demo printed its curl lines within 200 s:%n%s", printed).isLessThan(deadline);
            Thread.sleep(500);
            printed = Files.readString(out);
        }
        Matcher usage = USAGE.matcher(printed);
        Matcher ingest = INGEST.matcher(printed);
        Matcher psql = PSQL.matcher(printed);
        assertThat(usage.find() && ingest.find() && psql.find()).isTrue();

        if (Files.isExecutable(Path.of("/usr/bin/curl"))) {
            Process curl = new ProcessBuilder("bash", "-c", ingest.group(1)).redirectErrorStream(true).start();
            String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(curl.waitFor()).as("curl: %s", answer).isZero();
            assertThat(answer).as("the printed ingest example, run as printed").isEqualTo("204");
        }

        // The usage the API answers (acme's tokens per model) equals what PostgreSQL counted. The generator
        // keeps sending: an answer counts when the API agrees with a PostgreSQL read taken between two of its answers.
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(usage.group(2)))
                .header("Authorization", usage.group(1))
                .timeout(Duration.ofSeconds(30)).GET().build();
        String jdbc = "jdbc:postgresql://" + psql.group(2);
        try (Connection c = DriverManager.getConnection(jdbc, psql.group(1), psql.group(3))) {
            Map<String, BigDecimal> before = null;
            Map<String, BigDecimal> counted = null;
            Map<String, BigDecimal> after = null;
            for (int attempt = 0; attempt < 60; attempt++) {
                before = apiUsage(http, request);
                counted = countedUsage(c);
                after = apiUsage(http, request);
                if (!counted.isEmpty() && before.equals(counted) && after.equals(counted)) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(counted).as("acme's llm_tokens counted in PostgreSQL").isNotEmpty();
            assertThat(before).as("the API's answer to the printed usage query").isEqualTo(counted);
            assertThat(after).isEqualTo(counted);
        }
    }

    private static Map<String, BigDecimal> apiUsage(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, BigDecimal> out = new TreeMap<>();
        for (JsonNode row : JSON.readTree(r.body()).get("data")) {
            assertThat(row.get("subject").asText()).isEqualTo("acme");
            out.merge(row.get("groupBy").get("model").asText(), row.get("value").decimalValue().stripTrailingZeros(), BigDecimal::add);
        }
        return out;
    }

    /** Summed from the stored windows themselves (not through query_usage), active generation only. */
    private static Map<String, BigDecimal> countedUsage(Connection c) throws Exception {
        Map<String, BigDecimal> out = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT w.group_values->>'model', sum(w.value_sum) FROM meterflow.usage_windows w"
                        + " JOIN meterflow.active_generation g USING (generation)"
                        + " WHERE w.meter = 'llm_tokens' AND w.subject = 'acme' AND w.window_start < now() GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
            }
        }
        return out;
    }
}
