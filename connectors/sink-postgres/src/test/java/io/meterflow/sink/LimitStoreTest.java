package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static io.meterflow.sink.PostgresTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.limit.Limit;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.PeriodUnit;
import io.meterflow.limit.UsagePeriod;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** Limits in PostgreSQL (migration V9) and meterflow.subject_usage_status, against a real server. */
class LimitStoreTest {
    private static PostgresConnectionSettings db;
    private static LimitStore limits;

    @BeforeAll
    static void setUp() throws SQLException {
        db = PostgresTestSupport.migratedDatabase(LimitStoreTest.class);
        new PostgresUsageStore(db).syncMeters(1, List.of(
                new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.MINUTE, List.of(), null),
                new MeterSchema("tokens", "llm", Aggregation.SUM, WindowSize.MINUTE, List.of(), "$.tokens")));
        limits = new LimitStore(db);
        window("calls", "c1", "2026-12-01T10:00:00Z", 600, null);
        window("calls", "c1", "2026-12-15T10:00:00Z", 300, null);
        window("calls", "c1", "2026-11-30T23:59:00Z", 5000, null); // the previous month
        window("tokens", "c1", "2026-12-02T00:00:00Z", 1, "2.5");
    }

    private static void window(String meter, String subject, String start, long count, String sum) throws SQLException {
        exec(db, "INSERT INTO meterflow.usage_windows (generation, meter, subject, window_start, window_end, event_count, value_sum)"
                + " VALUES (1, '" + meter + "', '" + subject + "', '" + start + "', timestamptz '" + start + "' + interval '1 minute', "
                + count + ", " + (sum == null ? "NULL" : sum) + ")");
    }

    private static List<Object> status(String meter, String subject, String at) throws SQLException {
        return rows(db, "SELECT period_start, period_end, usage, limit_value, remaining, percentage, has_access, thresholds_crossed::text,"
                + " limit_source FROM meterflow.subject_usage_status(?, ?, ?::timestamptz)", meter, subject, at).get(0);
    }

    private static void set(Limit l) throws SQLException {
        try (LimitStore.Change c = limits.begin()) {
            c.set(l);
            c.commit();
        }
    }

    private static Timestamp utc(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    @Test
    void statusWithoutALimitIsTheMonthsUsageWithAccess() throws SQLException {
        List<Object> s = status("calls", "nobody-else", "2026-12-20T00:00:00Z");
        assertThat(s.get(2)).isEqualTo(BigDecimal.ZERO);
        assertThat(s.get(3)).isNull();
        assertThat(s.get(6)).isEqualTo(true);
        assertThat(s.get(8)).isEqualTo("none");
    }

    @Test
    void statusAgainstASubjectLimitThenTheDefaultAndThresholdsCrossed() throws SQLException {
        set(new Limit("tokens", null, new BigDecimal("10"), PeriodSchedule.monthly(ZoneId.of("UTC"))));
        List<Object> d = status("tokens", "c1", "2026-12-20T00:00:00Z");
        assertThat((BigDecimal) d.get(2)).isEqualByComparingTo("2.5");
        assertThat((BigDecimal) d.get(4)).isEqualByComparingTo("7.5");
        assertThat((BigDecimal) d.get(5)).isEqualByComparingTo("25");
        assertThat(d.get(8)).isEqualTo("default");

        set(new Limit("calls", "c1", new BigDecimal("900"), PeriodSchedule.monthly(ZoneId.of("UTC"))));
        exec(db, "INSERT INTO meterflow.notifications (id, rule, type, meter, subject, period_start, period_end, threshold, payload)"
                + " VALUES ('ntf_1', 'quota', 'io.meterflow.notification.threshold', 'calls', 'c1', '2026-12-01T00:00:00Z',"
                + " '2027-01-01T00:00:00Z', '80%', '{}'), ('ntf_0', 'quota', 'io.meterflow.notification.threshold', 'calls', 'c1',"
                + " '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z', '100%', '{}')");
        List<Object> s = status("calls", "c1", "2026-12-20T00:00:00Z");
        assertThat(s.get(0)).isEqualTo(utc("2026-12-01T00:00:00Z"));
        assertThat(s.get(1)).isEqualTo(utc("2027-01-01T00:00:00Z"));
        assertThat((BigDecimal) s.get(2)).isEqualByComparingTo("900");
        assertThat((BigDecimal) s.get(4)).isEqualByComparingTo("0");
        assertThat((BigDecimal) s.get(5)).isEqualByComparingTo("100");
        assertThat(s.get(6)).as("usage < limit is access; at the limit there is none").isEqualTo(false);
        assertThat(s.get(7)).isEqualTo("{80%}");
        assertThat(s.get(8)).isEqualTo("subject");
    }

    @Test
    void aManualResetStartsANewPeriodAtItsInstant() throws SQLException {
        set(new Limit("calls", "c2", new BigDecimal("100"), PeriodSchedule.monthly(ZoneId.of("UTC"))));
        window("calls", "c2", "2026-12-03T00:00:00Z", 70, null);
        window("calls", "c2", "2026-12-12T00:00:00Z", 20, null);
        try (LimitStore.Change c = limits.begin()) {
            c.reset("calls", "c2", Instant.parse("2026-12-10T00:00:00Z"));
            assertThat(c.own("calls", "c2").value()).isEqualByComparingTo("100");
            assertThat(c.latestReset("calls", "c2")).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
            c.commit();
        }
        List<Object> s = status("calls", "c2", "2026-12-20T00:00:00Z");
        assertThat(s.get(0)).isEqualTo(utc("2026-12-10T00:00:00Z"));
        assertThat(s.get(1)).isEqualTo(utc("2027-01-10T00:00:00Z"));
        assertThat((BigDecimal) s.get(2)).isEqualByComparingTo("20");
        // Before the reset, the period it cut short.
        assertThat(status("calls", "c2", "2026-12-05T00:00:00Z").subList(0, 3))
                .containsExactly(utc("2026-12-01T00:00:00Z"), utc("2026-12-10T00:00:00Z"), new BigDecimal("70"));
    }

    @Test
    void aChangeRolledBackLeavesNothingAndDeleteSaysWhetherThereWasALimit() throws SQLException {
        try (LimitStore.Change c = limits.begin()) {
            c.set(new Limit("calls", "c3", BigDecimal.ONE, PeriodSchedule.monthly(ZoneId.of("UTC"))));
            // no commit: the publish failed
        }
        assertThat(limits.list("calls", "c3")).extracting(Limit::subject).doesNotContain("c3");
        set(new Limit("calls", "c3", BigDecimal.TEN, PeriodSchedule.parse("WEEK", "Europe/Berlin", "2026-01-05T09:00")));
        assertThat(limits.list("calls", "c3")).contains(
                new Limit("calls", "c3", BigDecimal.TEN, PeriodSchedule.parse("WEEK", "Europe/Berlin", "2026-01-05T09:00")));
        try (LimitStore.Change c = limits.begin()) {
            assertThat(c.delete("calls", "c3")).isTrue();
            assertThat(c.delete("calls", "c3")).isFalse();
            c.commit();
        }
        assertThat(limits.list("calls", "c3")).extracting(Limit::subject).doesNotContain("c3");
    }

    @Test
    void metersAndSubjectsAreKnownFromTheActiveGeneration() throws SQLException {
        assertThat(limits.meters()).containsExactly("calls", "tokens");
        assertThat(limits.subjectKnown("c1")).isTrue();
        assertThat(limits.subjectKnown("ghost")).isFalse();
    }

    @Test
    void anUnknownMeterIsAClearError() {
        assertThatThrownBy(() -> status("nope", "c1", "2026-12-20T00:00:00Z")).isInstanceOf(PSQLException.class)
                .hasMessageContaining("unknown meter \"nope\"");
    }

    /** The SQL period maths is the Java one: both are used (the status function, the job's evaluation). */
    @Test
    void sqlPeriodsAreTheJavaPeriodsAcrossZonesAnchorsAndDst() throws SQLException {
        Random r = new Random(42);
        String[] zones = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo", "UTC"};
        long from = Instant.parse("2010-01-01T00:00:00Z").getEpochSecond();
        long span = Instant.parse("2032-01-01T00:00:00Z").getEpochSecond() - from;
        for (int i = 0; i < 400; i++) {
            PeriodUnit unit = PeriodUnit.values()[r.nextInt(4)];
            ZoneId zone = ZoneId.of(zones[r.nextInt(zones.length)]);
            // Anchors at DST-prone hours and month ends half the time.
            LocalDateTime anchor = i % 2 == 0
                    ? LocalDateTime.of(2011 + r.nextInt(15), 1 + r.nextInt(12), 28 + r.nextInt(1), r.nextInt(4), 30)
                            .plusDays(r.nextInt(4)).withDayOfMonth(1).plusMonths(1).minusDays(1 + r.nextInt(3))
                    : LocalDateTime.ofEpochSecond(from + (long) (r.nextDouble() * span), 0, ZoneOffset.UTC);
            Instant at = Instant.ofEpochSecond(from + (long) (r.nextDouble() * span));
            UsagePeriod expected = new PeriodSchedule(unit, zone, anchor).containing(at);
            List<Object> got = rows(db, "SELECT period_start, period_end FROM meterflow.usage_period(?, ?, ?, ?)",
                    Timestamp.from(at), unit.name(), zone.getId(), anchor).get(0);
            assertThat(List.of(((Timestamp) got.get(0)).toInstant(), ((Timestamp) got.get(1)).toInstant()))
                    .as("%s %s %s at %s", unit, zone, anchor, at).containsExactly(expected.start(), expected.end());
        }
        // An ambiguous anchor (the repeated 02:30 of a Berlin autumn night) takes the earlier offset, as in Java.
        LocalDateTime ambiguous = LocalDateTime.parse("2026-10-25T02:30");
        Object sql = one(db, "SELECT meterflow.local_instant(?, 'Europe/Berlin')", ambiguous);
        assertThat(((Timestamp) sql).toInstant()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }
}
