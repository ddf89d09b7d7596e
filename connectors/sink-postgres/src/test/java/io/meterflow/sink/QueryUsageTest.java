package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.sink.PostgresTestSupport.Epoch;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** meterflow.query_usage through the real write path: every aggregation, window size, zone and error. */
class QueryUsageTest {
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;
    private static long sequence;
    private static final String LINEAGE = UUID.randomUUID().toString();

    @BeforeAll
    static void setUp() throws SQLException {
        db = PostgresTestSupport.migratedDatabase(QueryUsageTest.class);
        store = new PostgresUsageStore(db);
        List<String> groups = List.of("model", "region");
        store.syncMeters(1, List.of(
                new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.MINUTE, groups, null),
                new MeterSchema("tokens", "llm", Aggregation.SUM, WindowSize.MINUTE, groups, "$.tokens"),
                new MeterSchema("latency", "api", Aggregation.AVG, WindowSize.MINUTE, List.of(), "$.ms"),
                new MeterSchema("low", "t", Aggregation.MIN, WindowSize.MINUTE, List.of(), "$.v"),
                new MeterSchema("high", "t", Aggregation.MAX, WindowSize.MINUTE, List.of(), "$.v"),
                new MeterSchema("users", "login", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, groups, "$.user"),
                new MeterSchema("balance", "b", Aggregation.LATEST, WindowSize.MINUTE, List.of(), "$.v"),
                new MeterSchema("hourly", "h", Aggregation.SUM, WindowSize.HOUR, List.of(), "$.v"),
                new MeterSchema("daily", "d", Aggregation.SUM, WindowSize.DAY, List.of(), "$.v")));

        Epoch e = epoch();
        // calls / tokens: two subjects, groups (model, region), across minutes, hours and a month end.
        String m1eu = "{\"model\":\"m1\",\"region\":\"eu\"}";
        String m1us = "{\"model\":\"m1\",\"region\":\"us\"}";
        String m2eu = "{\"model\":\"m2\",\"region\":null}";
        Object[][] usage = {
            {"c1", m1eu, "2026-01-31T23:59:30Z", "1.5"},
            {"c1", m1eu, "2026-01-31T23:59:40Z", "2.5"},
            {"c1", m1us, "2026-02-01T00:00:10Z", "0.1"},
            {"c1", m2eu, "2026-02-01T00:00:20Z", "0.2"},
            {"c1", m1eu, "2026-02-28T23:59:59.999Z", "10"},
            {"c1", m1eu, "2026-03-01T00:00:00Z", "100"},
            {"c2", m1eu, "2026-02-01T00:30:00Z", "7"},
        };
        long id = 0;
        for (Object[] u : usage) {
            id++;
            e.event("calls", Aggregation.COUNT, WindowSize.MINUTE, (String) u[0], (String) u[1], (String) u[2], null, 0, id, false);
            e.event("tokens", Aggregation.SUM, WindowSize.MINUTE, (String) u[0], (String) u[1], (String) u[2],
                    (String) u[3], 0, id, false);
        }
        store.apply(e.build());

        // AVG: minute 1 has (10), minute 2 has (1, 1, 0) -> 12 / 4 = 3 (an average of averages would be 5.33).
        store.apply(epoch()
                .event("latency", Aggregation.AVG, "c1", "2026-02-01T00:00:01Z", "10")
                .event("latency", Aggregation.AVG, "c1", "2026-02-01T00:01:01Z", "1")
                .event("latency", Aggregation.AVG, "c1", "2026-02-01T00:01:02Z", "1")
                .event("latency", Aggregation.AVG, "c1", "2026-02-01T00:01:03Z", "0").build());
        store.apply(epoch()
                .event("low", Aggregation.MIN, "c1", "2026-02-01T00:00:01Z", "3")
                .event("low", Aggregation.MIN, "c1", "2026-02-01T00:05:01Z", "-1.25")
                .event("high", Aggregation.MAX, "c1", "2026-02-01T00:00:01Z", "3")
                .event("high", Aggregation.MAX, "c1", "2026-02-01T00:05:01Z", "-1.25").build());
        // UNIQUE_COUNT: minute 1 {a, b}, minute 2 {b, c} -> 3 over the hour, not 4.
        store.apply(epoch()
                .event("users", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "c1", m1eu, "2026-02-01T00:00:01Z", "a", 0, 1, false)
                .event("users", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "c1", m1eu, "2026-02-01T00:00:02Z", "b", 0, 2, false)
                .event("users", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "c1", m1us, "2026-02-01T00:01:01Z", "b", 0, 3, false)
                .event("users", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "c1", m1us, "2026-02-01T00:01:02Z", "c", 0, 4, false)
                .build());
        // LATEST: the last window's latest wins; within it, the greater digest at equal times.
        store.apply(epoch()
                .event("balance", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-02-01T00:00:59Z", "5", 0, 9, false)
                .event("balance", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-02-01T00:02:30Z", "7", 0, 1, false)
                .event("balance", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-02-01T00:02:30Z", "8", 0, 2, false)
                .event("balance", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-02-01T00:01:30Z", "6", 0, 99, false)
                .build());

        // DST: one COUNT event per UTC hour from 2026-03-07T00:00Z to 2026-03-10T00:00Z and around
        // 2026-11-01 (America/New_York) and 2026-03-29 (Europe/Berlin), subject "dst".
        Epoch dst = epoch();
        for (String[] range : new String[][] {
                {"2026-03-07T00:30:00Z", "2026-03-10T00:30:00Z"},
                {"2026-10-31T00:30:00Z", "2026-11-03T00:30:00Z"},
                {"2026-03-28T00:30:00Z", "2026-03-31T00:30:00Z"}}) {
            for (Instant t = Instant.parse(range[0]); t.isBefore(Instant.parse(range[1])); t = t.plusSeconds(3600)) {
                dst.event("calls", Aggregation.COUNT, WindowSize.MINUTE, "dst", "{\"model\":\"x\",\"region\":\"y\"}",
                        t.toString(), null, 0, t.toEpochMilli(), false);
            }
        }
        store.apply(dst.build());

        store.apply(epoch()
                .event("hourly", Aggregation.SUM, WindowSize.HOUR, "c1", "{}", "2026-02-01T00:10:00Z", "1", 0, 1, false)
                .event("hourly", Aggregation.SUM, WindowSize.HOUR, "c1", "{}", "2026-02-01T05:10:00Z", "2", 0, 2, false)
                .event("daily", Aggregation.SUM, WindowSize.DAY, "c1", "{}", "2026-02-01T10:00:00Z", "4", 0, 1, false)
                .event("daily", Aggregation.SUM, WindowSize.DAY, "c1", "{}", "2026-02-02T10:00:00Z", "5", 0, 2, false)
                .build());
    }

    private static Epoch epoch() {
        return Epoch.of(LINEAGE, 0, ++sequence);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** Rows as "subject group_values start end value" with UTC instants. */
    static List<String> q(PostgresConnectionSettings s, String meter, String from, String to, String window,
            String zone, String subject, String... groupBy) throws SQLException {
        try (Connection c = s.open()) {
            return q(c, meter, from, to, window, zone, subject, groupBy);
        }
    }

    static List<String> q(Connection c, String meter, String from, String to, String window, String zone,
            String subject, String... groupBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT subject, group_values::text, window_start, window_end, value"
                        + " FROM meterflow.query_usage(?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, meter);
            ps.setTimestamp(2, Timestamp.from(Instant.parse(from)));
            ps.setTimestamp(3, Timestamp.from(Instant.parse(to)));
            ps.setString(4, window);
            ps.setString(5, zone);
            ps.setString(6, subject);
            Array keys = c.createArrayOf("text", groupBy);
            ps.setArray(7, keys);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal v = rs.getBigDecimal(5);
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getTimestamp(3).toInstant() + " "
                            + rs.getTimestamp(4).toInstant() + " " + (v == null ? "null" : v.stripTrailingZeros().toPlainString()));
                }
            }
            return out;
        }
    }

    static List<String> q(String meter, String from, String to, String window, String zone, String subject,
            String... groupBy) throws SQLException {
        return q(db, meter, from, to, window, zone, subject, groupBy);
    }

    // ---- aggregations over the whole range (window_size NULL) ------------------------------------------

    @Test
    void countAndSumOverTheWholeRangePerSubject() throws SQLException {
        String from = "2026-01-01T00:00:00Z";
        String to = "2026-04-01T00:00:00Z";
        assertThat(q("calls", from, to, null, "UTC", null)).containsExactly(
                "c1 {} 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z 6",
                "c2 {} 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z 1",
                "dst {} 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z 144"); // one per hour, two 3-day spans
        assertThat(q("tokens", from, to, null, "UTC", null)).containsExactly(
                "c1 {} 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z 114.3",
                "c2 {} 2026-01-01T00:00:00Z 2026-04-01T00:00:00Z 7");
    }

    @Test
    void fromIsInclusiveAndToExclusiveOnWindowStart() throws SQLException {
        // 23:59:59.999 lies in the 23:59 window: a range ending at 00:00 includes it; 00:00 itself is excluded.
        assertThat(q("tokens", "2026-02-28T23:59:00Z", "2026-03-01T00:00:00Z", null, "UTC", "c1"))
                .containsExactly("c1 {} 2026-02-28T23:59:00Z 2026-03-01T00:00:00Z 10");
        assertThat(q("tokens", "2026-02-28T23:59:00.001Z", "2026-03-01T00:00:00.001Z", null, "UTC", "c1"))
                .containsExactly("c1 {} 2026-02-28T23:59:00.001Z 2026-03-01T00:00:00.001Z 100");
        assertThat(q("tokens", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z", null, "UTC", null)).isEmpty();
    }

    @Test
    void avgIsTotalSumOverTotalCountAcrossMergedWindows() throws SQLException {
        assertThat(q("latency", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", null, "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 3");
        assertThat(q("latency", "2026-02-01T00:00:00Z", "2026-02-01T00:02:00Z", "MINUTE", "UTC", null)).containsExactly(
                "c1 {} 2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 10",
                "c1 {} 2026-02-01T00:01:00Z 2026-02-01T00:02:00Z 0.66666666666666666667");
    }

    @Test
    void minAndMaxOverMergedWindows() throws SQLException {
        assertThat(q("low", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "DAY", "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z -1.25");
        assertThat(q("high", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "HOUR", "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 3");
    }

    @Test
    void uniqueCountIsExactAcrossMergedWindowsAndGroups() throws SQLException {
        String from = "2026-02-01T00:00:00Z";
        String to = "2026-02-01T01:00:00Z";
        assertThat(q("users", from, to, "HOUR", "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 3");
        assertThat(q("users", from, to, "MINUTE", "UTC", null)).containsExactly(
                "c1 {} 2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 2",
                "c1 {} 2026-02-01T00:01:00Z 2026-02-01T00:02:00Z 2");
        assertThat(q("users", from, to, null, "UTC", null, "region")).containsExactly(
                "c1 {\"region\": \"eu\"} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 2",
                "c1 {\"region\": \"us\"} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 2");
    }

    @Test
    void latestIsTheValueOfTheLatestEventWithDigestTieBreak() throws SQLException {
        assertThat(q("balance", "2026-02-01T00:00:00Z", "2026-02-01T01:00:00Z", null, "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 8");
        assertThat(q("balance", "2026-02-01T00:00:00Z", "2026-02-01T00:02:00Z", null, "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-01T00:02:00Z 6");
    }

    // ---- window sizes, month ends ------------------------------------------------------------------------

    @Test
    void minuteHourDayAndMonthBucketsInUtcWithMonthEnds() throws SQLException {
        String from = "2026-01-31T00:00:00Z";
        String to = "2026-03-02T00:00:00Z";
        assertThat(q("tokens", from, to, "MONTH", "UTC", "c1")).containsExactly(
                "c1 {} 2026-01-01T00:00:00Z 2026-02-01T00:00:00Z 4",
                "c1 {} 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z 10.3",
                "c1 {} 2026-03-01T00:00:00Z 2026-04-01T00:00:00Z 100");
        assertThat(q("tokens", from, to, "DAY", "UTC", "c1")).containsExactly(
                "c1 {} 2026-01-31T00:00:00Z 2026-02-01T00:00:00Z 4",
                "c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 0.3",
                "c1 {} 2026-02-28T00:00:00Z 2026-03-01T00:00:00Z 10",
                "c1 {} 2026-03-01T00:00:00Z 2026-03-02T00:00:00Z 100");
        assertThat(q("tokens", "2026-01-31T23:00:00Z", "2026-02-01T01:00:00Z", "HOUR", "utc", "c1")).containsExactly(
                "c1 {} 2026-01-31T23:00:00Z 2026-02-01T00:00:00Z 4",
                "c1 {} 2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 0.3");
        assertThat(q("tokens", "2026-01-31T23:00:00Z", "2026-02-01T01:00:00Z", "minute", "UTC", "c1")).containsExactly(
                "c1 {} 2026-01-31T23:59:00Z 2026-02-01T00:00:00Z 4",
                "c1 {} 2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 0.3");
        // Stored HOUR and DAY meters roll up to coarser buckets.
        assertThat(q("hourly", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "DAY", "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 3");
        assertThat(q("daily", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "MONTH", "UTC", null))
                .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z 9");
    }

    // ---- time zones with DST -----------------------------------------------------------------------------

    @Test
    void newYorkSpringForwardDayHas23HoursAndFallBackDay25() throws SQLException {
        assertThat(q("calls", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z", "DAY", "America/New_York", "dst"))
                .containsExactly("dst {} 2026-03-08T05:00:00Z 2026-03-09T04:00:00Z 23");
        assertThat(q("calls", "2026-03-07T05:00:00Z", "2026-03-10T04:00:00Z", "DAY", "America/New_York", "dst"))
                .containsExactly(
                        "dst {} 2026-03-07T05:00:00Z 2026-03-08T05:00:00Z 24",
                        "dst {} 2026-03-08T05:00:00Z 2026-03-09T04:00:00Z 23",
                        "dst {} 2026-03-09T04:00:00Z 2026-03-10T04:00:00Z 20");
        assertThat(q("calls", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", "DAY", "America/New_York", "dst"))
                .containsExactly("dst {} 2026-11-01T04:00:00Z 2026-11-02T05:00:00Z 25");
        // The repeated 01:00 hour of the fall-back day is two buckets (EDT, then EST).
        assertThat(q("calls", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z", "HOUR", "America/New_York", "dst"))
                .containsExactly(
                        "dst {} 2026-11-01T04:00:00Z 2026-11-01T05:00:00Z 1",
                        "dst {} 2026-11-01T05:00:00Z 2026-11-01T06:00:00Z 1",
                        "dst {} 2026-11-01T06:00:00Z 2026-11-01T07:00:00Z 1",
                        "dst {} 2026-11-01T07:00:00Z 2026-11-01T08:00:00Z 1");
        // Local months: March 2026 in New York starts at 05:00Z (EST) and ends at 04:00Z (EDT).
        assertThat(q("calls", "2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z", "MONTH", "America/New_York", "dst"))
                .containsExactly("dst {} 2026-03-01T05:00:00Z 2026-04-01T04:00:00Z 24");
    }

    @Test
    void berlinDstDayAndMonthBoundaries() throws SQLException {
        assertThat(q("calls", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z", "DAY", "Europe/Berlin", "dst"))
                .containsExactly(
                        "dst {} 2026-03-27T23:00:00Z 2026-03-28T23:00:00Z 23", // data starts at 00:30Z
                        "dst {} 2026-03-28T23:00:00Z 2026-03-29T22:00:00Z 23",
                        "dst {} 2026-03-29T22:00:00Z 2026-03-30T22:00:00Z 24",
                        "dst {} 2026-03-30T22:00:00Z 2026-03-31T22:00:00Z 2");
        assertThat(q("tokens", "2026-01-31T00:00:00Z", "2026-03-02T00:00:00Z", "MONTH", "Europe/Berlin", "c1"))
                .containsExactly( // 2026-01-31T23:59Z is already February in Berlin
                        "c1 {} 2026-01-31T23:00:00Z 2026-02-28T23:00:00Z 4.3",
                        "c1 {} 2026-02-28T23:00:00Z 2026-03-31T22:00:00Z 110");
    }

    // ---- filters ------------------------------------------------------------------------------------------

    @Test
    void subjectFilterAndGroupByKeepOrMerge() throws SQLException {
        String from = "2026-02-01T00:00:00Z";
        String to = "2026-02-02T00:00:00Z";
        assertThat(q("tokens", from, to, null, "UTC", "c2"))
                .containsExactly("c2 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 7");
        assertThat(q("tokens", from, to, null, "UTC", "nobody")).isEmpty();
        assertThat(q("tokens", from, to, null, "UTC", null, "model")).containsExactly(
                "c1 {\"model\": \"m1\"} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 0.1",
                "c1 {\"model\": \"m2\"} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 0.2",
                "c2 {\"model\": \"m1\"} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 7");
        assertThat(q("tokens", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", "MONTH", "UTC", "c1", "region", "model"))
                .containsExactly(
                        "c1 {\"model\": \"m1\", \"region\": \"eu\"} 2026-01-01T00:00:00Z 2026-02-01T00:00:00Z 4",
                        "c1 {\"model\": \"m1\", \"region\": \"eu\"} 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z 10",
                        "c1 {\"model\": \"m1\", \"region\": \"eu\"} 2026-03-01T00:00:00Z 2026-04-01T00:00:00Z 100",
                        "c1 {\"model\": \"m1\", \"region\": \"us\"} 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z 0.1",
                        "c1 {\"model\": \"m2\", \"region\": null} 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z 0.2");
    }

    // ---- errors ---------------------------------------------------------------------------------------------

    private static void assertError(String sqlState, String message, String hint, ThrowingQuery query) {
        assertThatThrownBy(query::run).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo(sqlState);
            assertThat(e.getServerErrorMessage().getMessage()).contains(message);
            assertThat(e.getServerErrorMessage().getHint()).contains(hint);
        });
    }

    interface ThrowingQuery {
        void run() throws SQLException;
    }

    @Test
    void clearErrors() {
        String from = "2026-02-01T00:00:00Z";
        String to = "2026-02-02T00:00:00Z";
        assertError("42704", "unknown meter \"nope\"", "balance, calls, daily",
                () -> q("nope", from, to, null, "UTC", null));
        assertError("22023", "window_size MINUTE is finer than meter \"hourly\" stores (HOUR)", "HOUR or coarser",
                () -> q("hourly", from, to, "MINUTE", "UTC", null));
        assertError("22023", "window_size HOUR is finer than meter \"daily\" stores (DAY)", "DAY or coarser",
                () -> q("daily", from, to, "HOUR", "UTC", null));
        assertError("22023", "unknown window_size \"WEEK\"", "MINUTE, HOUR, DAY, MONTH",
                () -> q("calls", from, to, "WEEK", "UTC", null));
        assertError("22023", "unknown time zone \"Mars/Olympus_Mons\"", "IANA",
                () -> q("calls", from, to, "DAY", "Mars/Olympus_Mons", null));
        assertError("22023", "time zone \"+05:00\" is not an IANA zone name", "Etc/GMT-5",
                () -> q("calls", from, to, "DAY", "+05:00", null));
        assertError("22023", "group_by key(s) {colour} not in the groupBy of meter \"tokens\"", "model, region",
                () -> q("tokens", from, to, null, "UTC", null, "model", "colour"));
        assertError("22023", "group_by key(s) {model} not in the groupBy of meter \"latency\"", "groups by: nothing",
                () -> q("latency", from, to, null, "UTC", null, "model"));
        assertError("22023", "must be before to_time", "from inclusive, to exclusive",
                () -> q("calls", to, from, null, "UTC", null));
        assertError("22023", "must be before to_time", "from inclusive",
                () -> q("calls", from, from, null, "UTC", null));
        // DAY-stored (UTC) windows cannot be split into New York days.
        assertError("22023", "straddle DAY buckets in time zone America/New_York", "Query in UTC",
                () -> q("daily", from, to, "DAY", "America/New_York", null));
    }

    @Test
    void storedWindowsThatFitTheBucketsInAnotherZoneAreAllowed() throws SQLException {
        // HOUR-stored windows fit New York hours and days... but not days: hours fit whole-hour offsets.
        assertThat(q("hourly", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "HOUR", "America/New_York", null))
                .hasSize(2);
        assertThat(q("hourly", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "DAY", "America/New_York", null))
                .containsExactly(
                        "c1 {} 2026-01-31T05:00:00Z 2026-02-01T05:00:00Z 1",
                        "c1 {} 2026-02-01T05:00:00Z 2026-02-02T05:00:00Z 2");
        // Half-hour offsets cut stored hours in two.
        assertError("22023", "straddle HOUR buckets in time zone Asia/Kolkata", "finer windowSize",
                () -> q("hourly", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "HOUR", "Asia/Kolkata", null));
    }

    // ---- generations and roles ------------------------------------------------------------------------------

    @Test
    void onlyTheActiveGenerationIsVisible() throws SQLException {
        int g2 = ((Number) one(db, "SELECT meterflow.create_generation('rebuild test')")).intValue();
        store.syncMeters(g2, List.of(new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.MINUTE,
                List.of("model", "region"), null)));
        store.apply(new Epoch(new CommitId(g2, UUID.randomUUID().toString(), 0, 1, 0))
                .event("calls", Aggregation.COUNT, WindowSize.MINUTE, "c1", "{\"model\":\"m1\",\"region\":\"eu\"}",
                        "2026-02-01T00:00:10Z", null, 0, 1, false).build());
        String from = "2026-02-01T00:00:00Z";
        String to = "2026-02-02T00:00:00Z";
        List<String> before = q("calls", from, to, null, "UTC", "c1");
        assertThat(before).containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 2");
        exec(db, "SELECT meterflow.activate_generation(" + g2 + ")");
        try {
            assertThat(q("calls", from, to, null, "UTC", "c1"))
                    .containsExactly("c1 {} 2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 1");
            assertError("42704", "unknown meter \"tokens\"", "generation " + g2 + ": calls",
                    () -> q("tokens", from, to, null, "UTC", null));
        } finally {
            exec(db, "SELECT meterflow.activate_generation(1)");
        }
        assertThat(q("calls", from, to, null, "UTC", "c1")).isEqualTo(before);
        exec(db, "SELECT meterflow.drop_generation(" + g2 + ")");
        assertThat(one(db, "SELECT count(*) FROM meterflow.usage_windows WHERE generation = ?", g2)).isEqualTo(0L);
        assertThatThrownBy(() -> exec(db, "DELETE FROM meterflow.active_generation"))
                .hasMessageContaining("exactly one row");
    }

    @Test
    void readerRoleCanQueryButNotWrite() throws SQLException {
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("SET ROLE meterflow_reader");
            assertThat(q(c, "calls", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", null, "UTC", "c2")).hasSize(1);
            for (String view : List.of("usage_windows", "usage_unique_values", "meters", "counters", "active_counters",
                    "counter_balance", "rejected_events", "commit_fence", "generations", "active_generation")) {
                st.executeQuery("SELECT count(*) FROM meterflow." + view).close();
            }
            for (String write : List.of(
                    "INSERT INTO meterflow.usage_windows (generation, meter, subject, window_start, window_end)"
                            + " VALUES (1, 'x', 'y', now(), now() + interval '1 minute')",
                    "UPDATE meterflow.active_generation SET generation = 1",
                    "DELETE FROM meterflow.rejected_events",
                    "SELECT meterflow.activate_generation(1)",
                    "CREATE TABLE meterflow.evil (x int)")) {
                assertThatThrownBy(() -> st.execute(write)).as(write)
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }
}
