package io.meterflow.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.testkit.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as CI runs it: {@code ./meterflow demo --duration 40} must start everything,
 * count usage, and exit 0. Afterwards its PostgreSQL (the data directory survives the demo) holds the
 * counted events.
 */
class DemoIT {

    @Test
    void demoCountsUsageEndToEndAndExitsCleanly(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("demo");
        Path out = tmp.resolve("demo.out");
        Path err = tmp.resolve("demo.err");
        long started = System.nanoTime();
        Process demo = Launcher.start(out, err, "demo", "--duration", "40", "--no-ui", "--work-dir", work.toString());
        boolean ended = demo.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(ended).as("demo ended within 240 s; stdout:%n%s%nstderr:%n%s", stdout, stderr).isTrue();
        assertThat(demo.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        assertThat(stdout).contains("Flink web UI:  http://127.0.0.1:").contains("psql \"postgresql://")
                .contains("customer").contains("acme");
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
}
