package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.series.GaugeUnit;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hourly rollup (V12's usage_hours) through the real commit path: after random commits of minute
 * windows (values of several scales, late events, series corrections, windows upserted again in later
 * commits) and hand-made changes the job never makes (a delete, a changed key, a value's scale shrinking,
 * a value set NULL), usage_hours is exactly the GROUP BY of usage_windows, value text included; and
 * query_usage, which now reads it for aggregated buckets, answers exactly what V11's query_usage (which
 * reads the minutes) answers, for aligned and unaligned ranges, every zone and every aggregation,
 * including when a portal subject is set.
 */
class QueryUsageRollupTest {
    private static final String LINEAGE = UUID.randomUUID().toString();
    private static final long MARCH = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final String[] SUBJECTS = {"s1", "s2", "s3"};
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;
    private static long sequence;

    private static final List<MeterSchema> METERS = List.of(
            new MeterSchema("r_count", "t", Aggregation.COUNT, WindowSize.MINUTE, List.of("model", "region"), null),
            new MeterSchema("r_sum", "t", Aggregation.SUM, WindowSize.MINUTE, List.of("model"), "$.v"),
            new MeterSchema("r_avg", "t", Aggregation.AVG, WindowSize.MINUTE, List.of(), "$.v"),
            new MeterSchema("r_incr", "t", Aggregation.INCREASE, WindowSize.MINUTE, List.of(), "$.v"),
            new MeterSchema("r_tw", "t", Aggregation.TIME_WEIGHTED, WindowSize.MINUTE, List.of("model"), "$.v",
                    GaugeUnit.AVERAGE),
            new MeterSchema("r_max", "t", Aggregation.MAX, WindowSize.MINUTE, List.of("model"), "$.v"),
            new MeterSchema("r_hour", "t", Aggregation.SUM, WindowSize.HOUR, List.of(), "$.v"));

    @BeforeAll
    static void load() throws Exception {
        db = PostgresTestSupport.migratedDatabase(QueryUsageRollupTest.class);
        store = new PostgresUsageStore(db);
        store.syncMeters(1, METERS);
        exec(db, referenceFunction());
        Random random = new Random(7);
        for (int epoch = 0; epoch < 25; epoch++) {
            Map<WindowKey, WindowDelta> windows = new TreeMap<>();
            for (int i = 0; i < 400; i++) {
                MeterSchema m = METERS.get(random.nextInt(METERS.size()));
                String subject = SUBJECTS[random.nextInt(SUBJECTS.length)];
                long step = m.windowSize() == WindowSize.HOUR ? 3_600_000L : 60_000L;
                // Around the DST changes (America/New_York Mar 8, Europe/Berlin Mar 29), and a spread over
                // the month; few distinct windows, so later commits upsert earlier windows again.
                long start = switch (random.nextInt(3)) {
                    case 0 -> Instant.parse("2026-03-08T05:00:00Z").toEpochMilli() + step * random.nextInt(300);
                    case 1 -> Instant.parse("2026-03-28T22:00:00Z").toEpochMilli() + step * random.nextInt(300);
                    default -> MARCH + step * random.nextInt((int) (31L * 86_400_000 / step));
                };
                WindowKey key = new WindowKey(m.slug(), subject, groups(m, random), start);
                WindowDelta d = windows.computeIfAbsent(key, k -> new WindowDelta(m.aggregation(), start + step));
                UsageRecord r = new UsageRecord();
                r.value = BigDecimal.valueOf(random.nextInt(2000) - 700, random.nextInt(4)); // scales 0..3
                r.late = random.nextInt(8) == 0;
                r.eventTime = start + random.nextInt((int) step);
                r.digestHi = random.nextLong();
                r.digestLo = random.nextLong();
                boolean series = m.aggregation() == Aggregation.INCREASE || m.aggregation() == Aggregation.TIME_WEIGHTED;
                if (series && random.nextInt(3) == 0) {
                    d.adjust(r); // a correction: usage without a sample in the window
                } else {
                    d.add(r);
                }
            }
            store.apply(new UsageCommittable(new CommitId(1, LINEAGE, 0, ++sequence, 0), new TreeMap<>(windows),
                    new TreeMap<String, SortedMap<CounterName, Long>>(), new ArrayList<>()));
        }
        exec(db, "ANALYZE meterflow.usage_windows");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static String groups(MeterSchema m, Random random) {
        String model = new String[] {"\"a\"", "\"b\"", "null"}[random.nextInt(3)];
        if (m.groupBy().size() == 2) {
            return "{\"model\": " + model + ", \"region\": " + (random.nextBoolean() ? "\"eu\"" : "\"us\"") + "}";
        }
        return m.groupBy().isEmpty() ? "{}" : "{\"model\": " + model + "}";
    }

    /** V11's query_usage_impl (minutes only, before the rollup) under the name query_usage_minutes. */
    private static String referenceFunction() throws IOException {
        try (InputStream in = QueryUsageRollupTest.class.getResourceAsStream("/db/migration/meterflow/V11__series_meters.sql")) {
            String v11 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return v11.substring(v11.indexOf("CREATE OR REPLACE FUNCTION meterflow.query_usage_impl("))
                    .replace("meterflow.query_usage_impl(", "meterflow.query_usage_minutes(");
        }
    }

    /** Rows of usage_hours that are not the GROUP BY of usage_windows' sub-hour rows, and the reverse. */
    private static List<List<Object>> rollupMismatches() throws SQLException {
        String rollup = "SELECT generation, meter, subject, group_values, hour_start, window_rows, event_count, value_rows,"
                + " value_sum::text FROM meterflow.usage_hours";
        String minutes = "SELECT generation, meter, subject, group_values, date_trunc('hour', window_start, 'UTC'), count(*),"
                + " sum(event_count), count(value_sum), sum(value_sum)::text FROM meterflow.usage_windows"
                + " WHERE window_end - window_start < interval '1 hour' GROUP BY 1, 2, 3, 4, 5";
        return rows(db, "(" + rollup + " EXCEPT " + minutes + ") UNION ALL (" + minutes + " EXCEPT " + rollup + ")");
    }

    private static List<String> answer(Connection c, String function, String meter, String from, String to, String window,
            String zone, String subject, String[] keep) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r_subject, r_group_values::text, r_window_start, r_window_end,"
                + " r_value::text FROM meterflow." + function + "(?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, meter);
            ps.setTimestamp(2, Timestamp.from(Instant.parse(from)));
            ps.setTimestamp(3, Timestamp.from(Instant.parse(to)));
            ps.setString(4, window);
            ps.setString(5, zone);
            ps.setString(6, subject);
            ps.setArray(7, c.createArrayOf("text", keep));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getTimestamp(3).toInstant() + " "
                            + rs.getTimestamp(4).toInstant() + " " + rs.getString(5));
                }
            }
        } catch (SQLException e) {
            out.add("ERROR " + e.getSQLState() + " " + e.getMessage().replaceAll("\\s*Where: .*", ""));
        }
        return out;
    }

    private static final String[][] RANGES = {
        {"2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"}, // a whole month
        {"2026-03-01T00:17:30Z", "2026-03-31T22:43:00Z"}, // partial hours at both ends
        {"2026-03-08T06:10:00Z", "2026-03-08T06:50:00Z"}, // inside one hour: no whole hour
        {"2026-03-28T23:59:00Z", "2026-03-29T02:00:01Z"}, // across Berlin's spring-forward
    };

    private static long compareAll(Connection c) {
        long rows = 0;
        for (MeterSchema m : METERS) {
            String[] all = m.groupBy().toArray(new String[0]);
            for (String[] range : RANGES) {
                for (String window : new String[] {"HOUR", "DAY", "MONTH", null}) {
                    for (String zone : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}) {
                        for (String subject : new String[] {null, "s1", "s2"}) {
                            for (String[] keep : List.of(new String[0], all)) {
                                List<String> expected = answer(c, "query_usage_minutes", m.slug(), range[0], range[1], window,
                                        zone, subject, keep);
                                List<String> actual = answer(c, "query_usage_impl", m.slug(), range[0], range[1], window,
                                        zone, subject, keep);
                                assertThat(actual).as("%s %s..%s %s %s %s %s", m.slug(), range[0], range[1], window, zone,
                                        subject, String.join(",", keep)).containsExactlyElementsOf(expected);
                                rows += expected.size();
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void theRollupIsTheSumOfTheMinutesAndQueriesAnswerAsFromTheMinutes() throws Exception {
        assertThat(PostgresTestSupport.one(db, "SELECT count(*) FROM meterflow.usage_hours")).isEqualTo(
                PostgresTestSupport.one(db, "SELECT count(DISTINCT (generation, meter, subject, group_values,"
                        + " date_trunc('hour', window_start, 'UTC'))) FROM meterflow.usage_windows WHERE meter <> 'r_hour'"));
        assertThat(rollupMismatches()).isEmpty();
        assertThat(PostgresTestSupport.one(db, "SELECT count(*) FROM meterflow.usage_windows"
                + " WHERE value_sum IS NOT NULL AND scale(value_sum) > 0")).isNotEqualTo(0L);
        try (Connection c = db.open()) {
            c.setAutoCommit(true);
            assertThat(compareAll(c)).isGreaterThan(20_000);
        }

        // What the job never does, and the rollup must still follow: a scale shrinking, values becoming
        // NULL, a key changing, windows deleted.
        exec(db, "UPDATE meterflow.usage_windows SET value_sum = round(value_sum) WHERE meter = 'r_sum' AND subject = 's1'");
        exec(db, "UPDATE meterflow.usage_windows SET value_sum = NULL WHERE meter = 'r_avg' AND subject = 's2'"
                + " AND window_start < '2026-03-15'");
        exec(db, "UPDATE meterflow.usage_windows SET subject = 's9' WHERE meter = 'r_count' AND subject = 's3'");
        exec(db, "DELETE FROM meterflow.usage_windows WHERE meter = 'r_incr' AND subject = 's2' AND window_start < '2026-03-20'");
        exec(db, "DELETE FROM meterflow.usage_windows WHERE meter = 'r_tw' AND subject = 's1'");
        assertThat(rollupMismatches()).isEmpty();
        try (Connection c = db.open()) {
            c.setAutoCommit(true);
            compareAll(c);
        }
    }

    private static String mainQueryPlan(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LOAD 'auto_explain'");
            st.execute("SET auto_explain.log_min_duration = 0");
            st.execute("SET auto_explain.log_nested_statements = on");
            st.execute("SET auto_explain.log_level = 'notice'");
            st.execute("SET client_min_messages = notice");
            st.executeQuery(sql).close();
            StringBuilder out = new StringBuilder();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                if (w.getMessage().contains("Query Text: WITH r AS")) {
                    out.append(w.getMessage()).append('\n');
                }
            }
            st.execute("SET auto_explain.log_min_duration = -1");
            return out.toString();
        }
    }

    @Test
    void aggregatedBucketsReadTheRollupWhereItIsExact() throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_sum', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z', 'DAY', 'UTC', 's2')")).contains("usage_hours");
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_count', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z')")).contains("usage_hours");
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_sum', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z', 'DAY', 'Europe/Berlin', 's2')")).contains("usage_hours");
            // Local days of +05:30 cut hours in two; MAX is not a sum; an HOUR meter has no minutes to roll up.
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_sum', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z', 'DAY', 'Asia/Kolkata', 's2')")).isNotEmpty().doesNotContain("usage_hours");
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_max', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z', 'DAY', 'UTC', 's2')")).isNotEmpty().doesNotContain("usage_hours");
            assertThat(mainQueryPlan(c, "SELECT * FROM meterflow.query_usage('r_hour', '2026-03-01T00:00:00Z',"
                    + " '2026-04-01T00:00:00Z', 'DAY', 'UTC', 's2')")).isNotEmpty().doesNotContain("usage_hours");
            c.rollback();
        }
    }

    @Test
    void aPortalSubjectSeesItsOwnRollupRowsOnly() throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL ROLE meterflow_reader");
                st.execute("SELECT set_config('meterflow.portal_subject', 's2', true)");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM meterflow.usage_hours WHERE subject <> 's2'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
                try (ResultSet rs = st.executeQuery("SELECT array_agg(DISTINCT subject) FROM meterflow.query_usage('r_count',"
                        + " '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 'DAY')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("{s2}");
                }
            }
            c.rollback();
        }
    }
}
