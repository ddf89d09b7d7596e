package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static io.meterflow.sink.PostgresTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import io.meterflow.limit.Threshold;
import io.meterflow.limit.ThresholdEvaluator;
import io.meterflow.limit.UsagePeriod;
import io.meterflow.sink.PostgresTestSupport.Epoch;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committer's PostgreSQL half against a real server: merge rules, the fence, the interlock. */
class PostgresUsageStoreTest {
    private static PostgresConnectionSettings db;
    private static PostgresUsageStore store;

    @BeforeAll
    static void migrate() {
        db = PostgresTestSupport.migratedDatabase(PostgresUsageStoreTest.class);
        store = new PostgresUsageStore(db);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static String lineage() {
        return UUID.randomUUID().toString();
    }

    private static List<Object> window(String meter, String subject) throws SQLException {
        List<List<Object>> r = rows(db, "SELECT event_count, value_sum, value_min, value_max, latest_value,"
                + " late_event_count, late_value_sum FROM meterflow.usage_windows WHERE generation = 1 AND meter = ?"
                + " AND subject = ?", meter, subject);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private static long counter(String meter, String name) throws SQLException {
        Object v = one(db, "SELECT value FROM meterflow.counters WHERE generation = 1 AND meter = ? AND counter = ?",
                meter, name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    // ---- migrations -----------------------------------------------------------------------------

    @Test
    void migrationsAreIdempotent() throws SQLException {
        Migrations.apply(db); // second time (first in @BeforeAll)
        Migrations.apply(db);
        assertThat(((Number) one(db, "SELECT count(*) FROM meterflow.flyway_schema_history WHERE success"
                + " AND version IS NOT NULL")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(store.activeGeneration()).isEqualTo(1);
        assertThat(((Number) one(db, "SELECT count(*) FROM meterflow.active_generation")).intValue()).isEqualTo(1);
    }

    @Test
    void unreachablePostgresIsAOneLineError() {
        PostgresConnectionSettings nowhere = new PostgresConnectionSettings(
                "jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "me", "s3cret", new Properties());
        assertThatThrownBy(() -> Migrations.apply(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/none")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "hunter2", "s3cret"));
    }

    @Test
    void settingsNeverPrintThePassword() {
        Properties p = new Properties();
        p.setProperty("sslpassword", "topsecret");
        PostgresConnectionSettings s = new PostgresConnectionSettings(
                "jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true", "a", "s3cret", p);
        assertThat(s.toString()).doesNotContain("hunter2", "s3cret", "topsecret").contains("password=***", "ssl=true");
    }

    // ---- merge rules ------------------------------------------------------------------------------

    @Test
    void sumsAndCountsAddExactly() throws SQLException {
        String l = lineage();
        assertThat(store.apply(Epoch.of(l, 0, 1)
                .event("m_sum", Aggregation.SUM, "c1", "2026-01-01T00:00:10Z", "0.1")
                .event("m_cnt", Aggregation.COUNT, "c1", "2026-01-01T00:00:10Z", null).build())).isTrue();
        assertThat(store.apply(Epoch.of(l, 0, 2)
                .event("m_sum", Aggregation.SUM, "c1", "2026-01-01T00:00:20Z", "0.2")
                .event("m_cnt", Aggregation.COUNT, "c1", "2026-01-01T00:00:20Z", null)
                .event("m_cnt", Aggregation.COUNT, "c1", "2026-01-01T00:00:30Z", null).build())).isTrue();
        List<Object> sum = window("m_sum", "c1");
        assertThat(sum.get(0)).isEqualTo(2L);
        assertThat((BigDecimal) sum.get(1)).isEqualByComparingTo("0.3");
        assertThat(sum.get(1).toString()).isEqualTo("0.3"); // numeric, not floating point
        assertThat(window("m_cnt", "c1").get(0)).isEqualTo(3L);
        assertThat(window("m_cnt", "c1").get(1)).isNull();
    }

    @Test
    void minAndMaxTakeLeastAndGreatest() throws SQLException {
        String l = lineage();
        store.apply(Epoch.of(l, 0, 1)
                .event("m_min", Aggregation.MIN, "c1", "2026-01-01T00:00:10Z", "5")
                .event("m_max", Aggregation.MAX, "c1", "2026-01-01T00:00:10Z", "5").build());
        store.apply(Epoch.of(l, 0, 2)
                .event("m_min", Aggregation.MIN, "c1", "2026-01-01T00:00:20Z", "-2.5")
                .event("m_max", Aggregation.MAX, "c1", "2026-01-01T00:00:20Z", "4").build());
        store.apply(Epoch.of(l, 0, 3)
                .event("m_min", Aggregation.MIN, "c1", "2026-01-01T00:00:30Z", "7")
                .event("m_max", Aggregation.MAX, "c1", "2026-01-01T00:00:30Z", "12.75").build());
        assertThat((BigDecimal) window("m_min", "c1").get(2)).isEqualByComparingTo("-2.5");
        assertThat((BigDecimal) window("m_max", "c1").get(3)).isEqualByComparingTo("12.75");
    }

    @Test
    void latestBreaksTimeTiesByUnsignedDigestWhateverTheApplyOrder() throws SQLException {
        String t = "2026-01-01T00:00:30Z";
        // Digest hi = -1 is 0xffff... : the greatest unsigned value, though negative as a long.
        Epoch big = Epoch.of(lineage(), 0, 1)
                .event("m_latest_a", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", t, "111", -1L, 5, false)
                .event("m_latest_b", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", t, "111", -1L, 5, false);
        Epoch small = Epoch.of(lineage(), 0, 1)
                .event("m_latest_a", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", t, "222", 1L, 9, false)
                .event("m_latest_b", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", t, "222", 1L, 9, false);
        Epoch older = Epoch.of(lineage(), 0, 1)
                .event("m_latest_a", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-01-01T00:00:29Z", "333",
                        -1L, -1L, false)
                .event("m_latest_b", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}", "2026-01-01T00:00:29Z", "333",
                        -1L, -1L, false);
        // Order differs per meter: a = big, small, older; b = older, small, big.
        store.apply(onlyMeter(big, "m_latest_a"));
        store.apply(onlyMeter(small, "m_latest_a"));
        store.apply(onlyMeter(older, "m_latest_a"));
        store.apply(onlyMeter(older, "m_latest_b"));
        store.apply(onlyMeter(small, "m_latest_b"));
        store.apply(onlyMeter(big, "m_latest_b"));
        assertThat((BigDecimal) window("m_latest_a", "c1").get(4)).isEqualByComparingTo("111");
        assertThat((BigDecimal) window("m_latest_b", "c1").get(4)).isEqualByComparingTo("111");
        assertThat(one(db, "SELECT encode(latest_digest, 'hex') FROM meterflow.usage_windows WHERE meter = 'm_latest_a'"))
                .isEqualTo("ffffffffffffffff0000000000000005");
        // A later event wins over any digest.
        store.apply(Epoch.of(lineage(), 0, 1).event("m_latest_a", Aggregation.LATEST, WindowSize.MINUTE, "c1", "{}",
                "2026-01-01T00:00:31Z", "444", 0, 0, false).build());
        assertThat((BigDecimal) window("m_latest_a", "c1").get(4)).isEqualByComparingTo("444");
    }

    private static UsageCommittable onlyMeter(Epoch e, String meter) {
        UsageCommittable c = e.build();
        var windows = new java.util.TreeMap<>(c.windows());
        windows.keySet().removeIf(k -> !k.meter().equals(meter));
        return new UsageCommittable(new CommitId(1, lineage(), 0, 1, 0), windows, new java.util.TreeMap<>(), List.of());
    }

    @Test
    void notificationsAreRecordedOncePerIdWhicheverCommitBringsThemAgain() throws SQLException {
        UsagePeriod period = new UsagePeriod(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        Notification crossing = Notification.crossing("warn", "c-ntf", "tokens", period, new BigDecimal("100"),
                new ThresholdEvaluator.Crossing(Threshold.parse("80%"), new BigDecimal("80")), new BigDecimal("81.5"),
                Instant.parse("2026-11-07T10:00:00Z"), "ab12");
        Notification reset = Notification.reset("warn", "c-ntf", "tokens", period, new BigDecimal("100"));
        String l = lineage();
        assertThat(store.apply(withNotifications(new CommitId(1, l, 0, 1, 0), crossing, reset))).isTrue();
        // A rebuild or a replay re-emits the same crossing under another commit id: no second row.
        assertThat(store.apply(withNotifications(new CommitId(1, lineage(), 0, 1, 0), crossing))).isTrue();
        assertThat(rows(db, "SELECT concat_ws('|', id, type, coalesce(threshold, '-'), coalesce(threshold_value::text, '-'),"
                + " limit_value, usage, coalesce(to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-'),"
                + " coalesce(event_id, '-'), payload->>'id') FROM meterflow.notifications WHERE subject = 'c-ntf'"
                + " ORDER BY type DESC"))
                .containsExactly(
                        List.of(crossing.id() + "|" + Notification.THRESHOLD_TYPE + "|80%|80|100|81.5|2026-11-07 10:00|ab12|"
                                + crossing.id()),
                        List.of(reset.id() + "|" + Notification.RESET_TYPE + "|-|-|100|0|-|-|" + reset.id()));
    }

    private static UsageCommittable withNotifications(CommitId id, Notification... n) {
        return new UsageCommittable(id, new java.util.TreeMap<>(), new java.util.TreeMap<>(), List.of(), List.of(n), "", null);
    }

    @Test
    void uniqueValuesAreInsertedIfAbsent() throws SQLException {
        String l = lineage();
        store.apply(Epoch.of(l, 0, 1)
                .event("m_uniq", Aggregation.UNIQUE_COUNT, "c1", "2026-01-01T00:00:10Z", "a")
                .event("m_uniq", Aggregation.UNIQUE_COUNT, "c1", "2026-01-01T00:00:11Z", "b")
                .event("m_uniq", Aggregation.UNIQUE_COUNT, "c1", "2026-01-01T00:01:11Z", "a").build());
        store.apply(Epoch.of(l, 0, 2)
                .event("m_uniq", Aggregation.UNIQUE_COUNT, "c1", "2026-01-01T00:00:20Z", "b")
                .event("m_uniq", Aggregation.UNIQUE_COUNT, "c1", "2026-01-01T00:00:21Z", "c").build());
        assertThat(rows(db, "SELECT window_start::text, value FROM meterflow.usage_unique_values WHERE meter = 'm_uniq'"
                + " ORDER BY 1, 2")).containsExactly(
                List.of("2026-01-01 00:00:00+00", "a"), List.of("2026-01-01 00:00:00+00", "b"),
                List.of("2026-01-01 00:00:00+00", "c"), List.of("2026-01-01 00:01:00+00", "a"));
        assertThat(one(db, "SELECT sum(event_count) FROM meterflow.usage_windows WHERE meter = 'm_uniq'"))
                .isEqualTo(new BigDecimal(5));
    }

    @Test
    void lateCountersAdd() throws SQLException {
        String l = lineage();
        String t = "2026-01-01T00:00:10Z";
        store.apply(Epoch.of(l, 0, 1)
                .event("m_late", Aggregation.SUM, WindowSize.MINUTE, "c1", "{}", t, "1.5", 0, 1, false).build());
        store.apply(Epoch.of(l, 0, 2)
                .event("m_late", Aggregation.SUM, WindowSize.MINUTE, "c1", "{}", t, "2.25", 0, 2, true).build());
        store.apply(Epoch.of(l, 0, 3)
                .event("m_late", Aggregation.SUM, WindowSize.MINUTE, "c1", "{}", t, "0.25", 0, 3, true).build());
        List<Object> w = window("m_late", "c1");
        assertThat(w.get(0)).isEqualTo(3L);
        assertThat((BigDecimal) w.get(1)).isEqualByComparingTo("4");
        assertThat(w.get(5)).isEqualTo(2L);
        assertThat((BigDecimal) w.get(6)).isEqualByComparingTo("2.5");
    }

    @Test
    void groupValuesAreJsonbAndReplacementCharactersAreOrdinaryText() throws SQLException {
        String l = lineage();
        assertThat(store.apply(Epoch.of(l, 0, 1)
                .event("m_fffd", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "a\uFFFDb", "{\"k\":\"x\\ufffdy\"}",
                        "2026-01-01T00:00:10Z", "v\uFFFD", 0, 1, false)
                .event("m_fffd", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, "a\uFFFDb", "{\"k\":\"x\\ufffdy\"}",
                        "2026-01-01T00:00:10Z", "w", 0, 2, false).build())).isTrue();
        assertThat(rows(db, "SELECT subject, group_values ->> 'k', event_count FROM meterflow.usage_windows"
                + " WHERE meter = 'm_fffd'")).containsExactly(List.of("a\uFFFDb", "x\uFFFDy", 2L));
        assertThat(rows(db, "SELECT value FROM meterflow.usage_unique_values WHERE meter = 'm_fffd' ORDER BY 1"))
                .containsExactly(List.of("v\uFFFD"), List.of("w"));
    }

    /**
     * Keys never hold NUL (the decoder and the meters reject it): a committable that does anyway is
     * a data exception PostgreSQL refuses, and the committer fails the job once, naming the row,
     * instead of restarting forever. Nothing of the committable is applied.
     */
    @Test
    void aCommittablePostgresRefusesFailsTheJobOnceNamingTheRow() throws Exception {
        String l = lineage();
        UsageCommittable poisoned = Epoch.of(l, 0, 1)
                .event("m_refused", Aggregation.COUNT, WindowSize.MINUTE, "ok", "{}", "2026-01-01T00:00:10Z",
                        null, 0, 1, false)
                .event("m_refused", Aggregation.COUNT, WindowSize.MINUTE, "bad\u0000subject", "{}",
                        "2026-01-01T00:00:10Z", null, 0, 2, false).build();
        assertThatThrownBy(() -> store.apply(poisoned)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("22"));

        UsageCommitter committer = new UsageCommitter(() -> new PostgresUsageStore(db), 1, Duration.ofDays(1), false, "job-test");
        assertThatThrownBy(() -> committer.commit(List.of(new Request(poisoned))))
                .isInstanceOf(RefusedCommittableException.class)
                .hasMessageContaining(poisoned.id().toString())
                .hasMessageContaining("meter m_refused, subject \"bad\uFFFDsubject\"")
                .hasMessageContaining("window 2026-01-01T00:00:00Z")
                .hasMessageContaining("subject contains NUL")
                .hasMessageContaining("PostgreSQL said:")
                .satisfies(e -> assertThat(e.getClass().getAnnotation(
                        org.apache.flink.runtime.throwable.ThrowableAnnotation.class).value())
                        .isEqualTo(org.apache.flink.runtime.throwable.ThrowableType.NonRecoverableError));
        committer.close();
        assertThat(one(db, "SELECT count(*) FROM meterflow.usage_windows WHERE meter = 'm_refused'"))
                .isEqualTo(0L);
        assertThat(one(db, "SELECT count(*) FROM meterflow.commit_fence WHERE lineage = ?", l)).isEqualTo(0L);
    }

    /** Subject, group values and unique value at their default limits fit the btree, even incompressible. */
    @Test
    void keysAtTheirLimitsFitThePostgresIndex() throws SQLException {
        java.util.Random random = new java.util.Random(7);
        io.meterflow.event.KeyLimits limits = io.meterflow.event.KeyLimits.defaults();
        String meter = "m".repeat(64);
        String subject = randomText(random, limits.maxSubjectBytes());
        String unique = randomText(random, limits.maxUniqueValueBytes());
        // Random values, and the jsonb worst case: many short keys with empty values (9 bytes each
        // in jsonb for 8 in JSON text).
        StringBuilder randomGroups = new StringBuilder("{");
        for (int i = 0; io.meterflow.event.Utf8.length(randomGroups.toString()) < limits.maxGroupValuesBytes() - 160; i++) {
            randomGroups.append(i == 0 ? "" : ",").append("\"g").append(i).append("\":\"")
                    .append(randomText(random, 150)).append('"');
        }
        String groupsRandom = randomGroups.append('}').toString();
        StringBuilder emptyGroups = new StringBuilder("{");
        for (int i = 0; i < 127; i++) {
            emptyGroups.append(i == 0 ? "" : ",").append("\"").append((char) ('a' + i / 26)).append((char) ('a' + i % 26))
                    .append("\":\"\"");
        }
        String groupsEmpty = emptyGroups.append('}').toString();
        assertThat(io.meterflow.event.Utf8.length(groupsRandom)).isLessThanOrEqualTo(limits.maxGroupValuesBytes());
        assertThat(io.meterflow.event.Utf8.length(groupsEmpty)).isBetween(1000, limits.maxGroupValuesBytes());

        String l = lineage();
        assertThat(store.apply(Epoch.of(l, 0, 1)
                .event(meter, Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, subject, groupsRandom,
                        "2026-01-01T00:00:10Z", unique, 0, 1, false)
                .event(meter, Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, subject, groupsEmpty,
                        "2026-01-01T00:00:10Z", unique, 0, 2, false).build())).isTrue();
        assertThat(one(db, "SELECT count(*) FROM meterflow.usage_unique_values WHERE meter = ?", meter)).isEqualTo(2L);

        // The check is real: a 3 KB incompressible subject is over the limit PostgreSQL enforces.
        assertThatThrownBy(() -> store.apply(Epoch.of(lineage(), 0, 1)
                .event("m_huge", Aggregation.COUNT, WindowSize.MINUTE, randomText(random, 3000), "{}",
                        "2026-01-01T00:00:10Z", null, 0, 1, false).build()))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
    }

    /** Incompressible text of exactly {@code bytes} UTF-8 bytes (random 3-byte CJK, ASCII to fill up). */
    private static String randomText(java.util.Random random, int bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes / 3; i++) {
            b.append((char) (0x4E00 + random.nextInt(0x5000)));
        }
        for (int i = 0; i < bytes % 3; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static final class Request implements org.apache.flink.api.connector.sink2.Committer.CommitRequest<UsageCommittable> {
        private final UsageCommittable c;

        Request(UsageCommittable c) {
            this.c = c;
        }

        @Override public UsageCommittable getCommittable() { return c; }
        @Override public int getNumberOfRetries() { return 0; }
        @Override public void signalFailedWithKnownReason(Throwable t) {}
        @Override public void signalFailedWithUnknownReason(Throwable t) {}
        @Override public void retryLater() {}
        @Override public void updateAndRetryLater(UsageCommittable committable) {}
        @Override public void signalAlreadyCommitted() {}
    }

    @Test
    void eventContentIsDataNeverSql() throws SQLException {
        String subject = "x'); DROP TABLE meterflow.usage_windows; --";
        String groups = "{\"k\":\"'||pg_sleep(5)||'\\\"$$\"}";
        store.apply(Epoch.of(lineage(), 0, 1)
                .event("m_sqli", Aggregation.UNIQUE_COUNT, WindowSize.MINUTE, subject, groups, "2026-01-01T00:00:10Z",
                        "'); DELETE FROM meterflow.commit_fence; --", 0, 1, false).build());
        assertThat(rows(db, "SELECT subject, group_values ->> 'k' FROM meterflow.usage_windows WHERE meter = 'm_sqli'"))
                .containsExactly(List.of(subject, "'||pg_sleep(5)||'\"$$"));
        assertThat(one(db, "SELECT value FROM meterflow.usage_unique_values WHERE meter = 'm_sqli'"))
                .isEqualTo("'); DELETE FROM meterflow.commit_fence; --");
        assertThat(((Number) one(db, "SELECT count(*) FROM meterflow.commit_fence")).longValue()).isPositive();
    }

    // ---- fence ------------------------------------------------------------------------------------

    @Test
    void sameCommittableTwiceIsAppliedOnce() throws SQLException {
        UsageCommittable c = Epoch.of(lineage(), 0, 1)
                .event("m_twice", Aggregation.SUM, "c1", "2026-01-01T00:00:10Z", "10")
                .counter("", CounterName.EVENTS_READ, 1).build();
        assertThat(store.isApplied(c.id())).isFalse();
        assertThat(store.apply(c)).isTrue();
        assertThat(store.apply(c)).isFalse();
        assertThat(store.isApplied(c.id())).isTrue();
        assertThat((BigDecimal) window("m_twice", "c1").get(1)).isEqualByComparingTo("10");
        assertThat(counter("m_twice", "counted")).isEqualTo(1);
    }

    @Test
    void commitRetriedAfterItSucceededIsANoOp() throws SQLException {
        UsageCommittable c = Epoch.of(lineage(), 4, 9)
                .event("m_retry", Aggregation.COUNT, "c1", "2026-01-01T00:00:10Z", null).build();
        assertThat(store.apply(c)).isTrue();
        // A new committer (after a restart) gets the same committable back from the checkpoint.
        try (PostgresUsageStore other = new PostgresUsageStore(db)) {
            assertThat(other.apply(c)).isFalse();
        }
        assertThat(window("m_retry", "c1").get(0)).isEqualTo(1L);
    }

    @Test
    void failureInsideTheTransactionAppliesNothingThenTheRetryAppliesOnce() throws SQLException {
        exec(db, "CREATE FUNCTION public.fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.subject = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER fail_on_boom BEFORE INSERT ON meterflow.usage_windows"
                + " FOR EACH ROW EXECUTE FUNCTION public.fail_on_boom()");
        UsageCommittable c = Epoch.of(lineage(), 0, 1)
                .event("m_fail", Aggregation.SUM, "a-ok", "2026-01-01T00:00:10Z", "3")
                .event("m_fail", Aggregation.SUM, "boom", "2026-01-01T00:00:10Z", "4")
                .counter("", CounterName.EVENTS_READ, 2)
                .rejection(rejection("events", 0, 77, null))
                .build();
        try {
            assertThatThrownBy(() -> store.apply(c)).isInstanceOf(SQLException.class).hasMessageContaining("injected");
            assertThat(store.isApplied(c.id())).isFalse();
            assertThat(one(db, "SELECT count(*) FROM meterflow.usage_windows WHERE meter = 'm_fail'")).isEqualTo(0L);
            assertThat(counter("m_fail", "counted")).isZero();
            assertThat(one(db, "SELECT count(*) FROM meterflow.rejected_events WHERE \"offset\" = 77")).isEqualTo(0L);
        } finally {
            exec(db, "DROP TRIGGER fail_on_boom ON meterflow.usage_windows; DROP FUNCTION public.fail_on_boom()");
        }
        assertThat(store.apply(c)).isTrue();
        assertThat(store.apply(c)).isFalse();
        assertThat((BigDecimal) window("m_fail", "a-ok").get(1)).isEqualByComparingTo("3");
        assertThat((BigDecimal) window("m_fail", "boom").get(1)).isEqualByComparingTo("4");
        assertThat(counter("m_fail", "counted")).isEqualTo(2);
        assertThat(one(db, "SELECT count(*) FROM meterflow.rejected_events WHERE \"offset\" = 77")).isEqualTo(1L);
    }

    @Test
    void connectionKilledInsideTheTransactionIsRolledBackAndAppliedOnceAfterReconnecting() throws SQLException {
        // The first time a 'kill' row is written, the server terminates our own backend mid-transaction.
        exec(db, "CREATE SEQUENCE public.kill_once; CREATE FUNCTION public.kill_on_first() RETURNS trigger"
                + " LANGUAGE plpgsql AS $$ BEGIN IF NEW.subject = 'kill' AND nextval('public.kill_once') = 1 THEN"
                + " PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER kill_on_first BEFORE INSERT ON meterflow.usage_windows"
                + " FOR EACH ROW EXECUTE FUNCTION public.kill_on_first()");
        UsageCommittable c = Epoch.of(lineage(), 0, 1)
                .event("m_kill", Aggregation.SUM, "kill", "2026-01-01T00:00:10Z", "5").build();
        try {
            assertThat(store.apply(c)).isTrue(); // failed once inside, reconnected, applied
            assertThat(one(db, "SELECT last_value FROM public.kill_once")).isEqualTo(2L);
            assertThat(store.apply(c)).isFalse();
        } finally {
            exec(db, "DROP TRIGGER kill_on_first ON meterflow.usage_windows; DROP FUNCTION public.kill_on_first();"
                    + " DROP SEQUENCE public.kill_once");
        }
        assertThat(window("m_kill", "kill").get(0)).isEqualTo(1L);
        assertThat((BigDecimal) window("m_kill", "kill").get(1)).isEqualByComparingTo("5");
    }

    @Test
    void brokenConnectionIsReopenedOnTheNextCall() throws SQLException {
        store.activeGeneration(); // connection open
        exec(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND application_name = 'meterflow'");
        // The first call may see the dead connection; the store must then recover by itself.
        int g;
        try {
            g = store.activeGeneration();
        } catch (SQLException expected) {
            g = store.activeGeneration();
        }
        assertThat(g).isEqualTo(1);
        UsageCommittable c = Epoch.of(lineage(), 0, 1).event("m_reopen", Aggregation.COUNT, "c1",
                "2026-01-01T00:00:10Z", null).build();
        exec(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND application_name = 'meterflow'");
        assertThat(store.apply(c)).isTrue(); // apply retries a lost connection once by itself
        assertThat(window("m_reopen", "c1").get(0)).isEqualTo(1L);
    }

    // ---- counters and rejections --------------------------------------------------------------------

    @Test
    void countersAddPerSubtaskAndTheViewsSumThem() throws SQLException {
        String l = lineage();
        store.apply(new Epoch(new CommitId(1, l, 0, 1, 0)).counter("m_ctr", CounterName.METER_COUNTED, 3)
                .counter("m_ctr", CounterName.METER_DUPLICATES, 1).build());
        store.apply(new Epoch(new CommitId(1, l, 0, 1, 1)).counter("m_ctr", CounterName.METER_COUNTED, 4).build());
        store.apply(new Epoch(new CommitId(1, l, 0, 2, 1)).counter("m_ctr", CounterName.METER_COUNTED, 5).build());
        assertThat(rows(db, "SELECT subtask, value FROM meterflow.pipeline_counters WHERE meter = 'm_ctr'"
                + " AND counter = 'counted' ORDER BY 1")).containsExactly(List.of(0, 3L), List.of(1, 9L));
        assertThat(counter("m_ctr", "counted")).isEqualTo(12);
        assertThat(one(db, "SELECT value FROM meterflow.active_counters WHERE meter = 'm_ctr' AND counter = 'duplicates'"))
                .isEqualTo(1L);
    }

    @Test
    void rejectionsAreKeptOnceWithTheirBytes() throws SQLException {
        RejectedEvent r = rejection("events", 3, 1234, null);
        r.payload = new byte[] {0, (byte) 0xff, '{'};
        r.payloadSize = 10_000_000;
        r.detail = "bad \u0000 detail";
        r.headersJson = "{\"ce_id\":\"x\\u0000\",\"n\":\"\\\\u0000\"}";
        RejectedEvent forMeter = rejection("events", 3, 1234, "m_rej");
        forMeter.headersJson = "not json";
        store.apply(Epoch.of(lineage(), 0, 1).rejection(r).rejection(forMeter).build());
        store.apply(Epoch.of(lineage(), 0, 1).rejection(r).build()); // a replay: same Kafka position
        List<List<Object>> r2 = rows(db, "SELECT meter, reason, detail, encode(payload, 'hex'), payload_size,"
                + " headers ->> 'ce_id', headers ->> 'n', headers ->> '_unparsed', kafka_timestamp::text"
                + " FROM meterflow.rejected_events WHERE \"offset\" = 1234 ORDER BY meter");
        assertThat(r2).containsExactly(
                java.util.Arrays.asList("", "MALFORMED_JSON", "bad \uFFFD detail", "00ff7b", 10_000_000, "x\uFFFD",
                        "\\u0000", null, "2026-01-01 00:00:00+00"),
                java.util.Arrays.asList("m_rej", "MALFORMED_JSON", "Unexpected end of input", "7b", 1, null, null,
                        "not json", "2026-01-01 00:00:00+00"));
    }

    static RejectedEvent rejection(String topic, int partition, long offset, String meter) {
        RejectedEvent e = new RejectedEvent();
        e.topic = topic;
        e.partition = partition;
        e.offset = offset;
        e.meter = meter;
        e.reason = "MALFORMED_JSON";
        e.detail = "Unexpected end of input";
        e.payload = new byte[] {'{'};
        e.payloadSize = 1;
        e.headersJson = "{}";
        e.kafkaTimestamp = PostgresTestSupport.millis("2026-01-01T00:00:00Z");
        return e;
    }

    // ---- meters ---------------------------------------------------------------------------------------

    @Test
    void syncMetersUpsertsAndRefusesAChangedAggregationOrWindow() throws SQLException {
        int g = newGeneration();
        store.syncMeters(g, List.of(
                new MeterSchema("tokens", "llm", Aggregation.SUM, WindowSize.MINUTE, List.of("model"), "$.tokens"),
                new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.HOUR, List.of(), null)));
        store.syncMeters(g, List.of( // groupBy and eventType may change
                new MeterSchema("tokens", "llm.v2", Aggregation.SUM, WindowSize.MINUTE, List.of("model", "region"),
                        "$.tokens")));
        assertThat(rows(db, "SELECT slug, event_type, aggregation, window_size, group_by::text, value_property"
                + " FROM meterflow.meters WHERE generation = ? ORDER BY slug", g)).containsExactly(
                java.util.Arrays.asList("calls", "api", "COUNT", "HOUR", "{}", null),
                List.of("tokens", "llm.v2", "SUM", "MINUTE", "{model,region}", "$.tokens"));
        assertThatThrownBy(() -> store.syncMeters(g, List.of(
                new MeterSchema("tokens", "llm", Aggregation.MAX, WindowSize.MINUTE, List.of(), "$.tokens"),
                new MeterSchema("calls", "api", Aggregation.COUNT, WindowSize.DAY, List.of(), null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("meter 'tokens' is stored as SUM per MINUTE but configured as MAX per MINUTE")
                .hasMessageContaining("meter 'calls' is stored as COUNT per HOUR but configured as COUNT per DAY")
                .hasMessageContaining("rebuild");
        assertThat(one(db, "SELECT aggregation FROM meterflow.meters WHERE generation = ? AND slug = 'tokens'", g))
                .isEqualTo("SUM");
        // The store is still usable after the refusal.
        assertThat(store.activeGeneration()).isEqualTo(1);
    }

    private static int newGeneration() throws SQLException {
        return ((Number) one(db, "SELECT meterflow.create_generation('test')")).intValue();
    }

    // ---- interlock (guarantee 4) ---------------------------------------------------------------------

    private static UsageCommittable commit(int generation, String lineage, long restored, long sequence) {
        return new Epoch(new CommitId(generation, lineage, restored, sequence, 0))
                .counter("", CounterName.EVENTS_READ, 1).build();
    }

    @Test
    void guarantee4_restoringStateOlderThanPostgresIsRefused() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        store.checkRestoredState(g, l, 0, 0); // fresh start on an empty generation
        store.apply(commit(g, l, 0, 1));
        store.apply(commit(g, l, 0, 2));
        store.checkRestoredState(g, l, 0, 2); // state of the latest checkpoint covers (0, 2)
        store.apply(commit(g, l, 12, 1)); // a run restored from checkpoint 12 committed once
        store.checkRestoredState(g, l, 12, 1); // its latest checkpoint covers that commit
        store.checkRestoredState(g, l, 12, 3); // a newer one
        assertThatThrownBy(() -> store.checkRestoredState(g, l, 0, 2)) // an old savepoint of the first run
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("older than what PostgreSQL generation " + g)
                .hasMessageContaining("commits up to 0/2")
                .hasMessageContaining("already holds (commits up to 12/1)")
                .hasMessageContaining("Resume from the latest checkpoint")
                .hasMessageContaining("meterflow rebuild");
        assertThat(StaleStateException.class.getAnnotation(
                org.apache.flink.runtime.throwable.ThrowableAnnotation.class).value())
                .isEqualTo(org.apache.flink.runtime.throwable.ThrowableType.NonRecoverableError);
    }

    @Test
    void guarantee4_anOldSavepointOfTheSameUninterruptedRunIsRefused() throws SQLException {
        int g = newGeneration();
        String l = lineage();
        for (long s = 1; s <= 10; s++) { // ten commits of a run that never restarted
            store.apply(commit(g, l, 0, s));
        }
        store.checkRestoredState(g, l, 0, 10); // the latest: fine (its own committable is re-applied)
        // (0, 10) was prepared after the previous checkpoint's snapshot and committed only because a
        // newer checkpoint completed: restoring the previous one is already stale.
        assertThatThrownBy(() -> store.checkRestoredState(g, l, 0, 9)).isInstanceOf(StaleStateException.class);
        assertThatThrownBy(() -> store.checkRestoredState(g, l, 0, 5)) // a savepoint taken 5 commits ago
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("commits up to 0/10");
    }

    @Test
    void guarantee4_freshStartOnAGenerationWrittenByAnotherRunIsRefused() throws SQLException {
        int g = newGeneration();
        String first = lineage();
        store.apply(commit(g, first, 0, 1));
        assertThatThrownBy(() -> store.checkRestoredState(g, lineage(), 0, 0))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("without state")
                .hasMessageContaining(first)
                .hasMessageContaining("meterflow rebuild");
        // The same lineage without state would redo its own commits: refused as well.
        assertThatThrownBy(() -> store.checkRestoredState(g, first, 0, 0)).isInstanceOf(StaleStateException.class);
        // The same run restarting with state is fine, and so is another generation.
        store.checkRestoredState(g, first, 0, 1);
        store.checkRestoredState(newGeneration(), lineage(), 0, 0);
    }

    @Test
    void pruneFenceKeepsTheInterlockWorking() throws SQLException {
        int g = newGeneration();
        String a = lineage();
        String b = lineage();
        for (long s = 1; s <= 5; s++) {
            store.apply(commit(g, a, 0, s));
        }
        store.apply(commit(g, a, 20, 1));
        store.apply(commit(g, a, 20, 2));
        store.apply(commit(g, b, 3, 1));
        UsageCommittable recent = commit(g, b, 3, 2);
        exec(db, "UPDATE meterflow.commit_fence SET committed_at = now() - interval '3 days' WHERE generation = " + g);
        store.apply(recent);
        assertThat(store.pruneFence(g, Duration.ofDays(1))).isEqualTo(7);
        // Kept per lineage: the row with the greatest (restored_checkpoint, sequence).
        assertThat(rows(db, "SELECT lineage, restored_checkpoint, sequence FROM meterflow.commit_fence"
                + " WHERE generation = ? ORDER BY lineage = ?, 2, 3", g, a)).containsExactlyInAnyOrder(
                List.of(a, 20L, 2L), List.of(b, 3L, 2L));
        assertThat(store.pruneFence(g, Duration.ofDays(1))).isZero();
        assertThatThrownBy(() -> store.checkRestoredState(g, a, 0, 5)).isInstanceOf(StaleStateException.class);
        assertThatThrownBy(() -> store.checkRestoredState(g, lineage(), 0, 0)).isInstanceOf(StaleStateException.class);
        store.checkRestoredState(g, a, 20, 2);
        assertThatThrownBy(() -> store.checkRestoredState(g, a, 20, 1)).isInstanceOf(StaleStateException.class);
        // Recent rows stay: a retried recent commit is still recognised.
        assertThat(store.apply(recent)).isFalse();
    }
}
