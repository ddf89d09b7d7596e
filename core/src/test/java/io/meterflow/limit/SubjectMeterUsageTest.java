package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SubjectMeterUsageTest {
    private static final PeriodSchedule MONTHLY = PeriodSchedule.monthly(ZoneId.of("UTC"));
    private static final List<SubjectMeterUsage.Rule> RULES = List.of(new SubjectMeterUsage.Rule("quota",
            List.of(Threshold.parse("50%"), Threshold.parse("100%"))));
    private static final BigDecimal LIMIT = new BigDecimal("10");

    private static List<String> types(List<Notification> ns) {
        return ns.stream().map(n -> n.type().endsWith("reset") ? "reset " + n.data().periodStart()
                : n.data().threshold() + " " + n.data().periodStart()).toList();
    }

    @Test
    void aLateEventCountsAndFiresInItsOwnPeriodAndANewPeriodResets() {
        SubjectMeterUsage u = new SubjectMeterUsage("calls", "c1");
        List<Notification> out = new ArrayList<>();
        out.addAll(u.onEvent(RULES, LIMIT, MONTHLY, null, Instant.parse("2026-11-20T00:00:00Z"), new BigDecimal("4"), "a"));
        out.addAll(u.onEvent(RULES, LIMIT, MONTHLY, null, Instant.parse("2026-12-02T00:00:00Z"), new BigDecimal("6"), "b"));
        out.addAll(u.onEvent(RULES, LIMIT, MONTHLY, null, Instant.parse("2026-11-29T00:00:00Z"), new BigDecimal("1"), "late"));
        // Very late, into a period not seen before: it counts there, but that period did not just begin.
        out.addAll(u.onEvent(RULES, LIMIT, MONTHLY, null, Instant.parse("2026-10-15T00:00:00Z"), new BigDecimal("5"), "later"));
        assertThat(types(out)).containsExactly("reset 2026-11-01T00:00:00Z", "reset 2026-12-01T00:00:00Z",
                "50% 2026-12-01T00:00:00Z", "50% 2026-11-01T00:00:00Z", "50% 2026-10-01T00:00:00Z");
        assertThat(u.usage(Instant.parse("2026-11-01T00:00:00Z"))).isEqualByComparingTo("5");
        u.expire(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(u.periodCount()).isEqualTo(1);
        assertThat(u.usage(Instant.parse("2026-12-01T00:00:00Z"))).isEqualByComparingTo("6");
    }

    @Test
    void loweringTheLimitFiresAtOnceAndRaisingItReArms() {
        SubjectMeterUsage u = new SubjectMeterUsage("calls", "c1");
        u.onEvent(RULES, LIMIT, MONTHLY, null, Instant.parse("2026-12-02T00:00:00Z"), new BigDecimal("6"), "a");
        assertThat(types(u.onLimitChange(RULES, LIMIT, new BigDecimal("6"), Instant.parse("2026-12-03T00:00:00Z"))))
                .containsExactly("100% 2026-12-01T00:00:00Z");
        assertThat(u.onLimitChange(RULES, new BigDecimal("6"), new BigDecimal("20"), Instant.parse("2026-12-04T00:00:00Z"))).isEmpty();
        assertThat(types(u.onEvent(RULES, new BigDecimal("20"), MONTHLY, null, Instant.parse("2026-12-05T00:00:00Z"), new BigDecimal("14"),
                "b"))).containsExactly("50% 2026-12-01T00:00:00Z", "100% 2026-12-01T00:00:00Z");
    }

    /**
     * The job stores the state as bytes after every event: a state written and read back between every
     * step decides exactly as one kept in memory (usage scale, fired thresholds per rule and period).
     */
    @Test
    void stateReadBackFromItsBytesDecidesAsTheOriginal() {
        List<SubjectMeterUsage.Rule> rules = List.of(RULES.get(0), new SubjectMeterUsage.Rule("spend",
                List.of(Threshold.parse("25%"), Threshold.parse("7.5"), Threshold.parse("1E+1"))));
        SubjectMeterUsage kept = new SubjectMeterUsage("calls", "cé-1");
        SubjectMeterUsage stored = new SubjectMeterUsage("calls", "cé-1");
        Random r = new Random(11);
        for (int i = 0; i < 300; i++) {
            Instant t = Instant.parse("2026-09-01T00:00:00Z").plusSeconds(r.nextInt(120 * 86_400)).plusNanos(r.nextInt(1000));
            BigDecimal v = new BigDecimal(r.nextInt(400)).movePointLeft(r.nextInt(4));
            BigDecimal limit = i % 50 < 25 ? LIMIT : new BigDecimal("35.5");
            stored = SubjectMeterUsage.fromBytes(stored.toBytes());
            assertThat(stored.onEvent(rules, limit, MONTHLY, null, t, v, "e" + i))
                    .isEqualTo(kept.onEvent(rules, limit, MONTHLY, null, t, v, "e" + i));
            if (i % 50 == 24) {
                stored = SubjectMeterUsage.fromBytes(stored.toBytes());
                assertThat(stored.onLimitChange(rules, LIMIT, new BigDecimal("35.5"), t))
                        .isEqualTo(kept.onLimitChange(rules, LIMIT, new BigDecimal("35.5"), t));
            }
        }
        assertThat(SubjectMeterUsage.fromBytes(stored.toBytes()).toBytes()).isEqualTo(kept.toBytes());
        assertThat(kept.periodCount()).isGreaterThan(2);
    }

    /** Any order of the same events gives the same set of notification ids: a replay sends nothing new. */
    @Test
    void theIdsDoNotDependOnTheOrderEventsArriveIn() {
        List<Object[]> events = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 60; i++) {
            events.add(new Object[] {Instant.parse("2026-10-01T00:00:00Z").plusSeconds(r.nextInt(90 * 86400)),
                new BigDecimal(r.nextInt(3)), "e" + i});
        }
        Set<String> first = null;
        for (int round = 0; round < 5; round++) {
            Collections.shuffle(events, r);
            // Periods in order, events within each period in any order: what the job's watermarked stream gives.
            events.sort(java.util.Comparator.comparing(e -> MONTHLY.containing((Instant) e[0]).start()));
            SubjectMeterUsage u = new SubjectMeterUsage("calls", "c1");
            Set<String> ids = new TreeSet<>();
            for (Object[] e : events) {
                u.onEvent(RULES, LIMIT, MONTHLY, null, (Instant) e[0], (BigDecimal) e[1], (String) e[2]).forEach(n -> ids.add(n.id()));
            }
            if (first == null) {
                first = ids;
            }
            assertThat(ids).isEqualTo(first);
        }
    }
}
