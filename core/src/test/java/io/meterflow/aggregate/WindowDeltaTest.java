package io.meterflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowDeltaTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static UsageRecord event(Aggregation a, String value, long time, long hi, long lo) {
        UsageRecord r = UsageRecord.metered("m", a, "s", "{}", WindowSize.MINUTE, time,
                value == null || a == Aggregation.UNIQUE_COUNT ? null : new BigDecimal(value),
                a == Aggregation.UNIQUE_COUNT ? value : null, hi, lo);
        r.kind = UsageRecord.Kind.COUNTED;
        return r;
    }

    @Test
    void sumIsExactDecimal() {
        WindowDelta d = new WindowDelta(Aggregation.SUM, T0 + 60_000);
        d.add(event(Aggregation.SUM, "0.1", T0, 1, 1));
        d.add(event(Aggregation.SUM, "0.2", T0, 1, 2));
        assertThat(d.sum()).isEqualByComparingTo("0.3");
        assertThat(d.sum().toPlainString()).isEqualTo("0.3");
        assertThat(d.eventCount()).isEqualTo(2);
    }

    @Test
    void minAndMaxTakeLeastAndGreatest() {
        WindowDelta min = new WindowDelta(Aggregation.MIN, 0);
        WindowDelta max = new WindowDelta(Aggregation.MAX, 0);
        for (String v : List.of("5", "-2.5", "7", "3")) {
            min.add(event(Aggregation.MIN, v, T0, 0, 0));
            max.add(event(Aggregation.MAX, v, T0, 0, 0));
        }
        assertThat(min.min()).isEqualByComparingTo("-2.5");
        assertThat(max.max()).isEqualByComparingTo("7");
        assertThat(min.sum()).isNull();
    }

    @Test
    void latestIsByEventTimeThenDigestWhateverTheArrivalOrder() {
        UsageRecord early = event(Aggregation.LATEST, "1", T0, 9, 9);
        UsageRecord tieLow = event(Aggregation.LATEST, "2", T0 + 5, 1, 0);
        UsageRecord tieHigh = event(Aggregation.LATEST, "3", T0 + 5, -1L, 0); // unsigned: greatest
        for (List<UsageRecord> order : List.of(List.of(early, tieLow, tieHigh), List.of(tieHigh, tieLow, early),
                List.of(tieLow, early, tieHigh))) {
            WindowDelta d = new WindowDelta(Aggregation.LATEST, 0);
            order.forEach(d::add);
            assertThat(d.latestValue()).isEqualByComparingTo("3");
            assertThat(d.latestTime()).isEqualTo(T0 + 5);
        }
    }

    @Test
    void uniqueCountKeepsDistinctValuesAcrossMerges() {
        WindowDelta a = new WindowDelta(Aggregation.UNIQUE_COUNT, 0);
        WindowDelta b = new WindowDelta(Aggregation.UNIQUE_COUNT, 0);
        a.add(event(Aggregation.UNIQUE_COUNT, "u1", T0, 0, 1));
        a.add(event(Aggregation.UNIQUE_COUNT, "u2", T0, 0, 2));
        b.add(event(Aggregation.UNIQUE_COUNT, "u2", T0, 0, 3));
        b.add(event(Aggregation.UNIQUE_COUNT, "u3", T0, 0, 4));
        a.merge(b);
        assertThat(a.uniqueValues()).containsExactly("u1", "u2", "u3");
        assertThat(a.eventCount()).isEqualTo(4);
    }

    @Test
    void lateEventsAreCountedAndTrackedAsAdjustments() {
        WindowDelta d = new WindowDelta(Aggregation.SUM, 0);
        UsageRecord onTime = event(Aggregation.SUM, "10", T0, 0, 1);
        UsageRecord late = event(Aggregation.SUM, "4", T0, 0, 2);
        late.late = true;
        d.add(onTime);
        d.add(late);
        assertThat(d.sum()).isEqualByComparingTo("14");
        assertThat(d.lateEventCount()).isEqualTo(1);
        assertThat(d.lateSum()).isEqualByComparingTo("4");
    }

    @Test
    void mergeEqualsAddingEverythingToOneDelta() {
        WindowDelta whole = new WindowDelta(Aggregation.MAX, 0);
        WindowDelta left = new WindowDelta(Aggregation.MAX, 0);
        WindowDelta right = new WindowDelta(Aggregation.MAX, 0);
        String[] values = {"1", "9", "4", "12.5", "-3"};
        for (int i = 0; i < values.length; i++) {
            UsageRecord e = event(Aggregation.MAX, values[i], T0 + i, 0, i);
            whole.add(e);
            (i % 2 == 0 ? left : right).add(e);
        }
        left.merge(right);
        assertThat(left.max()).isEqualByComparingTo(whole.max());
        assertThat(left.eventCount()).isEqualTo(whole.eventCount());
    }
}
