package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A month of minute rows for one subject (43,200) among 300 other subjects' rows of the same month: query_usage must read
 * them through an index. Timings are printed, not asserted (shared CI machines).
 */
class QueryUsagePerformanceTest {
    private static final long MONTH_START = Instant.parse("2026-04-01T00:00:00Z").toEpochMilli();
    private static final int MINUTES = 30 * 24 * 60;
    private static PostgresConnectionSettings db;

    @BeforeAll
    static void load() throws SQLException {
        db = PostgresTestSupport.migratedDatabase(QueryUsagePerformanceTest.class);
        try (PostgresUsageStore store = new PostgresUsageStore(db)) {
            store.syncMeters(1, List.of(new MeterSchema("tokens", "llm", Aggregation.SUM, WindowSize.MINUTE,
                    List.of("model"), "$.tokens")));
            String lineage = UUID.randomUUID().toString();
            long started = System.nanoTime();
            SortedMap<WindowKey, WindowDelta> big = new TreeMap<>();
            for (int m = 0; m < MINUTES; m++) {
                long start = MONTH_START + m * 60_000L;
                big.put(new WindowKey("tokens", "big-customer", "{\"model\":\"m1\"}", start),
                        delta(start, m % 100));
            }
            store.apply(new UsageCommittable(new CommitId(1, lineage, 0, 1, 0), big, new TreeMap<>(), List.of()));
            System.out.printf("[perf] loaded %d window rows through PostgresUsageStore.apply in %d ms%n",
                    big.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        // 300 other subjects, one row per hour over the same month (216,000 rows), written directly.
        long started = System.nanoTime();
        PostgresTestSupport.exec(db, "INSERT INTO meterflow.usage_windows (generation, meter, subject, group_values,"
                + " window_start, window_end, event_count, value_sum)"
                + " SELECT 1, 'tokens', 'customer-' || s, '{\"model\": \"m1\"}', t, t + interval '1 minute', 1, 1"
                + " FROM generate_series(1, 300) s, generate_series(timestamptz '2026-04-01T00:00:00Z',"
                + " timestamptz '2026-04-30T23:00:00Z', interval '1 hour') t");
        PostgresTestSupport.exec(db, "ANALYZE meterflow.usage_windows");
        System.out.printf("[perf] other subjects' rows inserted in %d ms; usage_windows holds %s rows%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                PostgresTestSupport.one(db, "SELECT count(*) FROM meterflow.usage_windows"));
    }

    private static WindowDelta delta(long start, int value) {
        return WindowDelta.restore(Aggregation.SUM, start + 60_000, 1, BigDecimal.valueOf(value), null, null,
                Long.MIN_VALUE, 0, 0, null, 0, null, List.of());
    }

    @AfterAll
    static void nothing() {}

    private static long bestMillis(Connection c, String sql, int runs) throws SQLException {
        long best = Long.MAX_VALUE;
        try (Statement st = c.createStatement()) {
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                st.executeQuery(sql).close();
                best = Math.min(best, System.nanoTime() - t);
            }
        }
        return TimeUnit.NANOSECONDS.toMicros(best) / 1000;
    }

    @Test
    void aMonthOfMinuteRowsForOneSubjectIsReadThroughThePrimaryKeyIndex() throws SQLException {
        String byDay = "SELECT * FROM meterflow.query_usage('tokens', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z',"
                + " 'DAY', 'America/New_York', 'big-customer')";
        String whole = "SELECT * FROM meterflow.query_usage('tokens', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z',"
                + " NULL, 'UTC', 'big-customer')";
        String byMinute = "SELECT * FROM meterflow.query_usage('tokens', '2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z',"
                + " 'MINUTE', 'UTC', 'big-customer', ARRAY['model'])";
        String allSubjectsOneDay = "SELECT * FROM meterflow.query_usage('tokens', '2026-04-10T00:00:00Z',"
                + " '2026-04-11T00:00:00Z', 'HOUR', 'Europe/Berlin')";
        try (Connection c = db.open()) {
            List<String> dayPlans = AutoExplain.plans(c, byDay);
            String plan = dayPlans.stream().filter(p -> p.contains("usage_windows w")).findFirst().orElseThrow();
            System.out.println("[perf] plan of the month-by-day query for one subject:\n" + plan);
            assertThat(plan).contains("usage_windows_pkey").doesNotContain("Seq Scan on usage_windows");

            String allPlan = AutoExplain.plans(c, allSubjectsOneDay).stream().filter(p -> p.contains("usage_windows w"))
                    .findFirst().orElseThrow();
            System.out.println("[perf] plan of the one-day query over all subjects:\n" + allPlan);
            assertThat(allPlan).contains("usage_windows_meter_time").doesNotContain("Seq Scan on usage_windows");

            try (Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*), sum(value) FROM (" + byDay + ") q")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(31); // April in New York: 30 local days + the evening of Mar 31
                long expected = 0;
                for (int m = 0; m < MINUTES; m++) {
                    expected += m % 100;
                }
                assertThat(rs.getLong(2)).isEqualTo(expected);
            }
            System.out.printf("[perf] query_usage over %d minute rows of one subject (best of 5): DAY/New_York %d ms,"
                            + " whole range %d ms, MINUTE (43,200 rows out) %d ms; all subjects, one day by HOUR %d ms%n",
                    MINUTES, bestMillis(c, byDay, 5), bestMillis(c, whole, 5), bestMillis(c, byMinute, 5),
                    bestMillis(c, allSubjectsOneDay, 5));
        }
    }
}
