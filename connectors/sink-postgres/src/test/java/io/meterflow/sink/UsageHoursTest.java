package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.config.PostgresConnectionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hourly rollups of MINUTE meters (V12): whatever the order of commits, late deltas and seals,
 * query_usage over HOUR, DAY, MONTH and the whole range answers exactly what the minutes alone
 * answer; and sealing waits for a commit in flight, so that commit's minutes are never left out.
 * Commits run the committer's own statements ({@link CommitStatements}); the reference answer is the
 * same query with the seal rows deleted (rolled back), which reads minutes only.
 */
class UsageHoursTest {
    private static PostgresConnectionSettings db;

    private static final Aggregation[] METERS = {
        Aggregation.COUNT, Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX, Aggregation.LATEST,
        Aggregation.TIME_WEIGHTED,
    };
    /** 2026-03-28T00:00Z: the range spans Europe/Berlin's change to summer time (Mar 29, 01:00 UTC). */
    private static final long BASE = Instant.parse("2026-03-28T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @BeforeAll
    static void meters() throws Exception {
        db = PostgresTestSupport.migratedDatabase(UsageHoursTest.class);
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            for (Aggregation a : METERS) {
                CommittedWindows.meter(st, slug(a), a.name(), "{model}");
            }
            CommittedWindows.owner(st);
        }
    }

    private static String slug(Aggregation a) {
        return "h_" + a.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void hoursRolledUpAnswerWhatTheirMinutesAnswer() throws Exception {
        Random random = new Random(11);
        int lateDeltas = 0;
        for (int commit = 0; commit < 60; commit++) {
            SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
            for (int i = 1 + random.nextInt(40); i > 0; i--) {
                Aggregation a = METERS[random.nextInt(METERS.length)];
                long start = BASE + 60_000L * random.nextInt(72 * 60);
                String groups = "{\"model\": " + (random.nextInt(4) == 0 ? "null" : "\"m" + random.nextInt(3) + "\"") + "}";
                windows.merge(new WindowKey(slug(a), "s" + random.nextInt(3), groups, start),
                        CommittedWindows.randomDelta(a, start, random),
                        (x, y) -> {
                            x.merge(y);
                            return x;
                        });
            }
            lateDeltas += CommittedWindows.commit(db, windows);
            if (random.nextInt(3) == 0) {
                try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                        "SELECT meterflow.seal_usage_hours(1, to_timestamp(?), ?)")) {
                    ps.setLong(1, (BASE + HOUR * random.nextInt(80) + 60_000L * random.nextInt(60)) / 1000);
                    ps.setInt(2, 1 + random.nextInt(12));
                    ps.executeQuery().close();
                }
            }
        }
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT count(*) FROM meterflow.usage_hours WHERE meter LIKE 'h\\_%'");
            rs.next();
            assertThat(rs.getLong(1)).as("hour rows").isGreaterThan(100);
        }
        assertThat(lateDeltas).as("deltas committed into sealed hours").isGreaterThan(20);

        int compared = 0;
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            for (int q = 0; q < 150; q++) {
                Aggregation a = METERS[q % METERS.length];
                String window = new String[] {"HOUR", "DAY", "MONTH", null}[random.nextInt(4)];
                String zone = new String[] {"UTC", "Europe/Berlin", "Asia/Kolkata", "America/New_York"}[random.nextInt(4)];
                String subject = random.nextBoolean() ? "s" + random.nextInt(3) : null;
                String[] keep = random.nextBoolean() ? new String[] {"model"} : new String[0];
                long from = BASE - HOUR + 60_000L * random.nextInt(30 * 60);
                long to = from + 60_000L * (1 + random.nextInt(60 * 60));
                List<String> actual = answer(c, slug(a), from, to, window, zone, subject, keep);
                try (Statement st = c.createStatement()) {
                    st.execute("DELETE FROM meterflow.usage_hours_sealed");
                }
                List<String> expected = answer(c, slug(a), from, to, window, zone, subject, keep);
                c.rollback();
                assertThat(actual).as("%s by %s in %s, subject %s, keep %s, [%s, %s)", a, window, zone, subject,
                        String.join(",", keep), Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).isEqualTo(expected);
                compared += actual.size();
            }
        }
        assertThat(compared).as("rows compared").isGreaterThan(1000);
    }

    @Test
    void sealingWaitsForACommitInFlightAndRollsUpItsMinutes() throws Exception {
        long start = Instant.parse("2026-01-10T05:10:00Z").toEpochMilli();
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            // A meter of its own: nothing sealed yet (the other test's seals cover all meters there are).
            CommittedWindows.meter(st, "h_inflight", "COUNT", "{}");
        }
        SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
        windows.put(new WindowKey("h_inflight", "s1", "{}", start),
                WindowDelta.restore(Aggregation.COUNT, start + 60_000, 7, null, null, null, Long.MIN_VALUE, 0, 0, null, 0, null,
                        Set.of()));
        try (Connection commit = db.open()) {
            commit.setAutoCommit(false);
            // What every commit does first (CommitFence.checkOwner): the owner row in share mode.
            try (Statement st = commit.createStatement()) {
                st.executeQuery("SELECT job_id FROM meterflow.pipeline_owner WHERE generation = 1 FOR SHARE").close();
            }
            Map<String, Long> sealed = CommitStatements.sealedHours(commit, 1);
            CommitStatements.upsertWindows(commit, 1, windows);
            CommitStatements.upsertSealedHours(commit, 1, windows, sealed);

            CompletableFuture<Integer> seal = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.open(); PreparedStatement ps = c.prepareStatement(
                        "SELECT meterflow.seal_usage_hours(1, '2026-01-11T00:00:00Z', 48)")) {
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1500);
            assertThat(seal).as("sealing waits for the commit in flight").isNotDone();
            commit.commit();
            assertThat(seal.get(30, TimeUnit.SECONDS)).isPositive();
        }
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT event_count FROM meterflow.usage_hours WHERE meter = 'h_inflight'"
                    + " AND hour_start = '2026-01-10T05:00:00Z'");
            assertThat(rs.next()).as("the hour of the commit's minute is rolled up").isTrue();
            assertThat(rs.getLong(1)).isEqualTo(7);
            assertThat(answer(c, "h_inflight", start - HOUR, start + HOUR, "DAY", "UTC", null, new String[0]))
                    .containsExactly("s1 {} 2026-01-10T00:00:00Z 2026-01-11T00:00:00Z 7");
        }
    }

    @Test
    void theCommitterSealsAnHourOnlyOnceItsMinutesWereLeftAlone() throws Exception {
        long start = Instant.parse("2026-01-05T03:20:00Z").toEpochMilli();
        SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
        windows.put(new WindowKey("h_quiet", "s1", "{}", start),
                WindowDelta.restore(Aggregation.COUNT, start + 60_000, 3, null, null, null, Long.MIN_VALUE, 0, 0, null, 0, null,
                        Set.of()));
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            CommittedWindows.meter(st, "h_quiet", "COUNT", "{}");
            c.setAutoCommit(false);
            CommitStatements.upsertWindows(c, 1, windows); // as a replay writes into a past hour
            c.commit();
        }
        try (PostgresUsageStore store = new PostgresUsageStore(db); Connection c = db.open(); Statement st = c.createStatement()) {
            String sealedUntil = "SELECT sealed_until::text FROM meterflow.usage_hours_sealed WHERE meter = 'h_quiet'";
            for (int i = 0; i < 3; i++) {
                store.sealHours(1, UsageCommitter.SEAL_SETTLE);
            }
            ResultSet rs = st.executeQuery(sealedUntil);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("a just-written hour stays unsealed").isEqualTo("-infinity");
            st.execute("UPDATE meterflow.usage_windows SET last_committed_at = now() - interval '11 minutes'"
                    + " WHERE meter = 'h_quiet'");
            assertThat(store.sealHours(1, UsageCommitter.SEAL_SETTLE)).isEqualTo(1);
            rs = st.executeQuery(sealedUntil);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2026-01-05 04:00:00+00");
            rs = st.executeQuery("SELECT event_count FROM meterflow.usage_hours WHERE meter = 'h_quiet'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(3);
        }
    }

    private static List<String> answer(Connection c, String meter, long from, long to, String window, String zone,
            String subject, String[] keep) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r_subject, r_group_values::text, r_window_start, r_window_end,"
                + " r_value::text FROM meterflow.query_usage_impl(?, to_timestamp(?), to_timestamp(?), ?, ?, ?, ?)")) {
            ps.setString(1, meter);
            ps.setDouble(2, from / 1000.0);
            ps.setDouble(3, to / 1000.0);
            ps.setString(4, window);
            ps.setString(5, zone);
            ps.setString(6, subject);
            ps.setArray(7, c.createArrayOf("text", keep));
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
}
