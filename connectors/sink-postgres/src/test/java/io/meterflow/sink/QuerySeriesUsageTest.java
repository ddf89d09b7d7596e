package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.series.GaugeUnit;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * query_usage for series meters through the real commit path: window deltas (some negative, as the
 * series stage's corrections are) add up, the result is canonical whatever the path to it, and a
 * TIME_WEIGHTED meter reads as value-seconds or as the average over the bucket.
 */
class QuerySeriesUsageTest {
    private static final String LINEAGE = UUID.randomUUID().toString();
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;
    private static long sequence;

    @BeforeAll
    static void setUp() throws SQLException {
        db = PostgresTestSupport.migratedDatabase(QuerySeriesUsageTest.class);
        store = new PostgresUsageStore(db);
        store.syncMeters(1, List.of(
                new MeterSchema("cpu", "pod.cpu", Aggregation.INCREASE, WindowSize.MINUTE, List.of(), "$.cpu"),
                new MeterSchema("disk", "pod.disk", Aggregation.TIME_WEIGHTED, WindowSize.MINUTE, List.of(), "$.b",
                        GaugeUnit.INTEGRAL),
                new MeterSchema("seats", "seats", Aggregation.TIME_WEIGHTED, WindowSize.MINUTE, List.of(), "$.n",
                        GaugeUnit.AVERAGE)));
        // disk, minute 00:00: a sample of 1 held 250 ms (+0.25), then a sample of 0 arriving 200 ms in
        // (-0.05 in a later epoch): stored 0.20, the event-time-order path would have stored 0.2.
        store.apply(epoch(rows(
                row("disk", "2026-02-01T00:00:00Z", 1, "0.25"),
                row("cpu", "2026-02-01T00:00:00Z", 2, "30.50"),
                row("cpu", "2026-02-01T00:01:00Z", 1, "12")))); // a reset: counted 12 since
        store.apply(epoch(rows(
                row("disk", "2026-02-01T00:00:00Z", 1, "-0.05"),
                row("cpu", "2026-02-01T00:01:00Z", 1, "-2.5"), // a late sample corrects the increase
                row("cpu", "2026-02-01T00:02:00Z", 0, "2.5"))));
        // seats: 10 seats for the first half hour (1800 s), 4 for 15 minutes: 18000 + 3600 value-seconds.
        Map<WindowKey, WindowDelta> seats = new TreeMap<>();
        for (int m = 0; m < 45; m++) {
            seats.putAll(row("seats", Instant.parse("2026-02-01T00:00:00Z").plusSeconds(60L * m).toString(),
                    m == 0 || m == 30 ? 1 : 0, m < 30 ? "600" : "240"));
        }
        store.apply(epoch(seats));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @SafeVarargs
    private static Map<WindowKey, WindowDelta> rows(Map<WindowKey, WindowDelta>... rows) {
        Map<WindowKey, WindowDelta> all = new TreeMap<>();
        for (Map<WindowKey, WindowDelta> r : rows) {
            all.putAll(r);
        }
        return all;
    }

    private static Map<WindowKey, WindowDelta> row(String meter, String windowStart, int samples, String value) {
        long start = Instant.parse(windowStart).toEpochMilli();
        WindowDelta d = new WindowDelta(meter.equals("cpu") ? Aggregation.INCREASE : Aggregation.TIME_WEIGHTED,
                start + 60_000);
        UsageRecord r = new UsageRecord();
        r.value = new BigDecimal(value);
        if (samples > 0) {
            d.add(r);
            for (int i = 1; i < samples; i++) {
                d.add(zero());
            }
        } else {
            d.adjust(r);
        }
        return Map.of(new WindowKey(meter, "acme", "{}", start), d);
    }

    private static UsageRecord zero() {
        UsageRecord r = new UsageRecord();
        r.value = BigDecimal.ZERO;
        return r;
    }

    private static UsageCommittable epoch(Map<WindowKey, WindowDelta> windows) {
        SortedMap<String, SortedMap<CounterName, Long>> counters = new TreeMap<>();
        return new UsageCommittable(new CommitId(1, LINEAGE, 0, ++sequence, 0), new TreeMap<>(windows), counters,
                new ArrayList<>());
    }

    /** Rows as "start end value" with the value's text exactly as PostgreSQL returns it. */
    private static List<String> q(String meter, String from, String to, String window) throws SQLException {
        try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT window_start, window_end, value::text FROM meterflow.query_usage(?, ?, ?, ?)")) {
            ps.setString(1, meter);
            ps.setTimestamp(2, Timestamp.from(Instant.parse(from)));
            ps.setTimestamp(3, Timestamp.from(Instant.parse(to)));
            ps.setString(4, window);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant() + " " + rs.getTimestamp(2).toInstant() + " " + rs.getString(3));
                }
            }
            return out;
        }
    }

    @Test
    void seriesSumsAreCanonicalWhateverTheOrderOfTheCorrections() throws SQLException {
        assertThat(one(db, "SELECT value_sum::text FROM meterflow.usage_windows WHERE meter = 'disk'"))
                .isEqualTo("0.20"); // stored as the corrections added up
        assertThat(q("disk", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "MINUTE"))
                .containsExactly("2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 0.2");
        assertThat(q("cpu", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "MINUTE")).containsExactly(
                "2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 30.5",
                "2026-02-01T00:01:00Z 2026-02-01T00:02:00Z 9.5",
                "2026-02-01T00:02:00Z 2026-02-01T00:03:00Z 2.5");
        assertThat(q("cpu", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", null))
                .containsExactly("2026-02-01T00:00:00Z 2026-02-02T00:00:00Z 42.5");
        assertThat(one(db, "SELECT sum(event_count) FROM meterflow.usage_windows WHERE meter = 'cpu'"))
                .isEqualTo(new BigDecimal("4"));
    }

    @Test
    void aTimeWeightedMeterReadsAsIntegralOrAsTheAverageOverTheBucket() throws SQLException {
        assertThat(q("seats", "2026-02-01T00:00:00Z", "2026-02-01T02:00:00Z", "HOUR"))
                .containsExactly("2026-02-01T00:00:00Z 2026-02-01T01:00:00Z 6"); // 21600 value-seconds / 3600 s
        assertThat(q("seats", "2026-02-01T00:00:00Z", "2026-02-01T00:45:00Z", null))
                .containsExactly("2026-02-01T00:00:00Z 2026-02-01T00:45:00Z 8"); // 21600 / 2700
        assertThat(q("seats", "2026-02-01T00:00:00Z", "2026-02-01T01:00:00Z", "MINUTE")).hasSize(45)
                .startsWith("2026-02-01T00:00:00Z 2026-02-01T00:01:00Z 10")
                .endsWith("2026-02-01T00:44:00Z 2026-02-01T00:45:00Z 4");
        assertThat(one(db, "SELECT unit FROM meterflow.meters WHERE slug = 'seats'")).isEqualTo("AVERAGE");
        assertThat(one(db, "SELECT unit FROM meterflow.meters WHERE slug = 'disk'")).isEqualTo("INTEGRAL");
        assertThat(one(db, "SELECT unit FROM meterflow.meters WHERE slug = 'cpu'")).isNull();
    }

    @Test
    void theUnitMayChangeButTheAggregationMayNot() throws SQLException {
        PostgresConnectionSettings other = PostgresTestSupport.migratedDatabase(QuerySeriesUsageTest.class);
        try (PostgresUsageStore s = new PostgresUsageStore(other)) {
            s.syncMeters(1, List.of(new MeterSchema("g", "g", Aggregation.TIME_WEIGHTED, WindowSize.MINUTE, List.of(),
                    "$.v", GaugeUnit.INTEGRAL)));
            s.syncMeters(1, List.of(new MeterSchema("g", "g", Aggregation.TIME_WEIGHTED, WindowSize.MINUTE, List.of(),
                    "$.v", GaugeUnit.AVERAGE)));
            assertThat(one(other, "SELECT unit FROM meterflow.meters WHERE slug = 'g'")).isEqualTo("AVERAGE");
            assertThatThrownBy(() -> s.syncMeters(1, List.of(new MeterSchema("g", "g", Aggregation.INCREASE,
                    WindowSize.MINUTE, List.of(), "$.v"))))
                    .hasMessageContaining("meter 'g' is stored as TIME_WEIGHTED per MINUTE but configured as INCREASE");
        }
        assertThatThrownBy(() -> exec(other, "INSERT INTO meterflow.meters (generation, slug, event_type, aggregation,"
                + " window_size, unit) VALUES (1, 'x', 'x', 'SUM', 'MINUTE', 'AVERAGE')"))
                .hasMessageContaining("meters_unit_check");
    }
}
