package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.config.PostgresConnectionSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MINUTE answers packed by hour (V13): whatever the order of commits, late deltas, seals and
 * repacks, meterflow.query_usage_minutes unpacked is query_usage's MINUTE answer in UTC, row for
 * row and in the same order; and an hour a delta unpacked is packed again only once its minutes
 * were left alone. Commits run the committer's own statements ({@link CommitStatements}).
 */
class UsageMinutesTest {
    private static PostgresConnectionSettings db;

    private static final Aggregation[] METERS = {
        Aggregation.COUNT, Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX, Aggregation.LATEST,
        Aggregation.TIME_WEIGHTED,
    };
    private static final long BASE = Instant.parse("2026-05-30T20:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @BeforeAll
    static void meters() throws Exception {
        db = PostgresTestSupport.migratedDatabase(UsageMinutesTest.class);
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            for (Aggregation a : METERS) {
                CommittedWindows.meter(st, slug(a), a.name(), "{model,region}");
            }
            CommittedWindows.meter(st, "m_plain", "COUNT", "{}");
            CommittedWindows.owner(st);
        }
    }

    private static String slug(Aggregation a) {
        return "m_" + a.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void packedMinutesAnswerWhatQueryUsageAnswers() throws Exception {
        Random random = new Random(5);
        int lateDeltas = 0;
        for (int commit = 0; commit < 120; commit++) {
            SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
            for (int i = 1 + random.nextInt(120); i > 0; i--) {
                boolean plain = random.nextInt(8) == 0;
                Aggregation a = plain ? Aggregation.COUNT : METERS[random.nextInt(METERS.length)];
                long start = BASE + 60_000L * random.nextInt(30 * 60);
                String subject = random.nextInt(4) == 0 ? "solo" : "s" + random.nextInt(3);
                // "solo" has one group (rows never merge: packed with the dropped keys removed).
                String groups = plain ? "{}" : subject.equals("solo") ? "{\"model\": \"m1\", \"region\": \"eu\"}"
                        : "{\"model\": " + (random.nextInt(4) == 0 ? "null" : "\"m" + random.nextInt(3) + "\"")
                          + ", \"region\": \"r" + random.nextInt(2) + "\"}";
                windows.merge(new WindowKey(plain ? "m_plain" : slug(a), subject, groups, start),
                        CommittedWindows.randomDelta(a, start, random),
                        (x, y) -> {
                            x.merge(y);
                            return x;
                        });
            }
            lateDeltas += CommittedWindows.commit(db, windows);
            if (random.nextInt(3) == 0) {
                try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                        "SELECT meterflow.seal_usage_hours(1, to_timestamp(?), ?, interval '0', ?)")) {
                    ps.setLong(1, (BASE + HOUR * random.nextInt(32) + 60_000L * random.nextInt(60)) / 1000);
                    ps.setInt(2, 1 + random.nextInt(8));
                    ps.setInt(3, random.nextInt(3) * 20); // 0: leaves what deltas unpacked as it is
                    ps.executeQuery().close();
                }
            }
        }
        assertThat(lateDeltas).as("deltas committed into sealed hours").isGreaterThan(50);
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE minute_offsets IS NOT NULL),"
                    + " count(*) FILTER (WHERE minute_offsets IS NULL AND meter <> 'm_time_weighted') FROM meterflow.usage_hours");
            rs.next();
            assertThat(rs.getLong(1)).as("packed hour rows").isGreaterThan(200);
            assertThat(rs.getLong(2)).as("hour rows a delta unpacked").isGreaterThan(10);
        }

        int compared = 0;
        int packedRows = 0;
        try (Connection c = db.open()) {
            for (int q = 0; q < 200; q++) {
                String meter = q % 8 == 7 ? "m_plain" : slug(METERS[q % METERS.length]);
                String subject = new String[] {null, "s0", "s1", "solo", "nobody"}[random.nextInt(5)];
                String[] keep = new String[][] {{}, {"model"}, {"model", "region"}, {"region"}}[random.nextInt(4)];
                if (meter.equals("m_plain")) {
                    keep = new String[0];
                }
                long from = BASE - HOUR + 60_000L * random.nextInt(34 * 60) + (random.nextInt(5) == 0 ? 1234 : 0);
                long to = from + 60_000L * (1 + random.nextInt(20 * 60));
                List<String> expected = queryUsage(c, meter, from, to, subject, keep);
                List<String> actual = new ArrayList<>();
                packedRows += unpacked(c, meter, from, to, subject, keep, actual);
                assertThat(actual).as("%s, subject %s, keep %s, [%s, %s)", meter, subject, String.join(",", keep),
                        Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).isEqualTo(expected);
                compared += actual.size();
            }
        }
        assertThat(compared).as("minutes compared").isGreaterThan(8_000);
        assertThat(packedRows).as("rows that stood for a packed hour").isGreaterThan(300);
    }

    @Test
    void anHourADeltaUnpackedIsPackedAgainOnceItsMinutesWereLeftAlone() throws Exception {
        long start = Instant.parse("2026-02-03T07:05:00Z").toEpochMilli();
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            CommittedWindows.meter(st, "m_again", "SUM", "{}");
        }
        commit("m_again", start, "2.5");
        commit("m_again", start + 60_000, "1");
        String row = "SELECT minute_offsets::text, minute_values::text FROM meterflow.usage_hours WHERE meter = 'm_again'";
        try (PostgresUsageStore store = new PostgresUsageStore(db); Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute("UPDATE meterflow.usage_windows SET last_committed_at = now() - interval '11 minutes' WHERE meter = 'm_again'");
            assertThat(store.sealHours(1, UsageCommitter.SEAL_SETTLE)).isPositive();
            assertThat(rows(st, row)).containsExactly("{5,6} {2.5,1}");

            commit("m_again", start + 120_000, "4"); // late: the hour is sealed
            assertThat(rows(st, row)).as("a delta unpacks its hour").containsExactly("null null");
            store.sealHours(1, UsageCommitter.SEAL_SETTLE);
            assertThat(rows(st, row)).as("its minutes were just written").containsExactly("null null");
            List<String> minutes = new ArrayList<>();
            unpacked(c, "m_again", start - HOUR, start + HOUR, null, new String[0], minutes);
            assertThat(minutes).as("read from the minutes meanwhile").containsExactly(
                    "acme {} 2026-02-03T07:05:00Z 2026-02-03T07:06:00Z 2.5",
                    "acme {} 2026-02-03T07:06:00Z 2026-02-03T07:07:00Z 1",
                    "acme {} 2026-02-03T07:07:00Z 2026-02-03T07:08:00Z 4");

            st.execute("UPDATE meterflow.usage_windows SET last_committed_at = now() - interval '11 minutes' WHERE meter = 'm_again'");
            assertThat(store.sealHours(1, UsageCommitter.SEAL_SETTLE)).isPositive();
            assertThat(rows(st, row)).containsExactly("{5,6,7} {2.5,1,4}");
        }
    }

    private static void commit(String meter, long start, String sum) throws SQLException {
        SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
        windows.put(new WindowKey(meter, "acme", "{}", start), WindowDelta.restore(Aggregation.SUM, start + 60_000, 1,
                new BigDecimal(sum), null, null, Long.MIN_VALUE, 0, 0, null, 0, null, Set.of()));
        CommittedWindows.commit(db, windows);
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> queryUsage(Connection c, String meter, long from, long to, String subject, String[] keep)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject, group_values::text, window_start, window_end,"
                + " value::text FROM meterflow.query_usage(?, to_timestamp(?), to_timestamp(?), 'MINUTE', 'UTC', ?, ?)")) {
            bind(c, ps, meter, from, to, subject, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " "
                            + rs.getObject(3, java.time.OffsetDateTime.class).toInstant() + " "
                            + rs.getObject(4, java.time.OffsetDateTime.class).toInstant() + " " + rs.getString(5));
                }
            }
        }
        return out;
    }

    /** Unpacks query_usage_minutes' rows into {@code out} in their order; returns how many rows stood for more than a minute. */
    private static int unpacked(Connection c, String meter, long from, long to, String subject, String[] keep, List<String> out)
            throws SQLException {
        int packed = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT r_subject, r_group_values::text, r_start,"
                + " r_minutes, r_values FROM meterflow.query_usage_minutes(?, to_timestamp(?), to_timestamp(?), ?, ?)")) {
            bind(c, ps, meter, from, to, subject, keep);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
                    Short[] minutes = (Short[]) rs.getArray(4).getArray();
                    BigDecimal[] values = (BigDecimal[]) rs.getArray(5).getArray();
                    assertThat(values).hasSameSizeAs(minutes);
                    packed += minutes.length > 1 ? 1 : 0;
                    for (int i = 0; i < minutes.length; i++) {
                        Instant t = start.plusSeconds(60L * minutes[i]);
                        out.add(rs.getString(1) + " " + rs.getString(2) + " " + t + " " + t.plusSeconds(60) + " "
                                + (values[i] == null ? null : values[i].toString()));
                    }
                }
            }
        }
        return packed;
    }

    private static void bind(Connection c, PreparedStatement ps, String meter, long from, long to, String subject, String[] keep)
            throws SQLException {
        ps.setString(1, meter);
        ps.setDouble(2, from / 1000.0);
        ps.setDouble(3, to / 1000.0);
        ps.setString(4, subject);
        ps.setArray(5, c.createArrayOf("text", keep));
    }
}
