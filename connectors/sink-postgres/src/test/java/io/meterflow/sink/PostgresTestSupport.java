package io.meterflow.sink;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The test JVM's real PostgreSQL server (the test kit's, shared with every other test in the JVM),
 * and a fresh, migrated database per test class.
 */
final class PostgresTestSupport {
    private PostgresTestSupport() {}

    /** A new empty database (not migrated) named after the test class, on the test JVM's shared server. */
    static PostgresConnectionSettings freshDatabase(Class<?> testClass) {
        return settings(freshLogin(testClass));
    }

    /** Like {@link #freshDatabase}, with the login (URL, user, password) as the test services give it. */
    static PostgresDatabase freshLogin(Class<?> testClass) {
        return TestServices.newPostgresDatabase(testClass.getSimpleName());
    }

    static PostgresConnectionSettings settings(PostgresDatabase db) {
        return new PostgresConnectionSettings(db.jdbcUrl(), db.user(), db.password(), new Properties());
    }

    /** A new database with the meterflow migrations applied. */
    static PostgresConnectionSettings migratedDatabase(Class<?> testClass) {
        PostgresConnectionSettings s = freshDatabase(testClass);
        Migrations.apply(s);
        return s;
    }

    static void exec(PostgresConnectionSettings s, String sql) throws SQLException {
        try (Connection c = s.open(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<List<Object>> rows(PostgresConnectionSettings s, String sql, Object... params) throws SQLException {
        try (Connection c = s.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    static Object one(PostgresConnectionSettings s, String sql, Object... params) throws SQLException {
        List<List<Object>> r = rows(s, sql, params);
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** Builds committables from counted events, the way the writer does. */
    static final class Epoch {
        private final CommitId id;
        private final SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
        private final SortedMap<String, SortedMap<CounterName, Long>> counters = new TreeMap<>();
        private final List<io.meterflow.event.RejectedEvent> rejections = new ArrayList<>();

        Epoch(CommitId id) {
            this.id = id;
        }

        static Epoch of(String lineage, long restored, long sequence) {
            return new Epoch(new CommitId(1, lineage, restored, sequence, 0));
        }

        Epoch event(String meter, Aggregation a, WindowSize size, String subject, String groups, String time,
                String value, long digestHi, long digestLo, boolean late) {
            long t = millis(time);
            UsageRecord r = UsageRecord.metered(meter, a, subject, groups, size, t,
                    a.isNumeric() && value != null ? new BigDecimal(value) : null,
                    a == Aggregation.UNIQUE_COUNT ? value : null, digestHi, digestLo);
            r.kind = UsageRecord.Kind.COUNTED;
            r.late = late;
            windows.computeIfAbsent(new WindowKey(meter, subject, groups, r.windowStart),
                    k -> new WindowDelta(a, r.windowEnd)).add(r);
            return counter(meter, CounterName.METER_COUNTED, 1);
        }

        Epoch event(String meter, Aggregation a, String subject, String time, String value) {
            return event(meter, a, WindowSize.MINUTE, subject, "{}", time, value, 0, time.hashCode(), false);
        }

        Epoch counter(String meter, CounterName name, long n) {
            counters.computeIfAbsent(meter, m -> new TreeMap<>()).merge(name, n, Long::sum);
            return this;
        }

        Epoch rejection(io.meterflow.event.RejectedEvent e) {
            rejections.add(e);
            return this;
        }

        UsageCommittable build() {
            return new UsageCommittable(id, windows, counters, rejections);
        }
    }
}
