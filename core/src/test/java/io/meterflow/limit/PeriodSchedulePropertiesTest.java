package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Periods tile the time line: no gaps, no overlaps, DST changes and month ends included. */
class PeriodSchedulePropertiesTest {
    /** Zones with DST, half-hour offsets, a skipped day (Apia, 2011) and none. */
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
        "Pacific/Apia", "America/Sao_Paulo", "UTC"};
    private static final long FROM = 1_104_537_600L; // 2005-01-01T00:00:00Z
    private static final long TO = 2_051_222_400L; // 2035-01-01T00:00:00Z

    @Provide
    Arbitrary<PeriodSchedule> schedules() {
        Arbitrary<LocalDateTime> anchors = Arbitraries.longs().between(FROM, TO)
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC).withSecond(0));
        return Combinators.combine(Arbitraries.of(PeriodUnit.class), Arbitraries.of(ZONES).map(ZoneId::of), anchors)
                .as(PeriodSchedule::new);
    }

    @Property(tries = 400)
    void everyInstantLiesInExactlyOnePeriod(@ForAll("schedules") PeriodSchedule s, @ForAll @LongRange(min = FROM, max = TO) long second) {
        Instant t = Instant.ofEpochSecond(second);
        UsagePeriod p = s.containing(t);
        assertThat(p.contains(t)).isTrue();
        // Its neighbours do not contain it, and every instant of the period maps back to the period.
        assertThat(s.containing(p.start())).isEqualTo(p);
        assertThat(s.containing(p.end().minusNanos(1))).isEqualTo(p);
        assertThat(s.containing(p.start().minusNanos(1)).contains(t)).isFalse();
        assertThat(s.containing(p.end()).contains(t)).isFalse();
    }

    @Property(tries = 200)
    void consecutivePeriodsMeetWithoutGapOrOverlap(@ForAll("schedules") PeriodSchedule s, @ForAll @LongRange(min = FROM, max = TO) long second) {
        UsagePeriod p = s.containing(Instant.ofEpochSecond(second));
        for (int i = 0; i < 40; i++) {
            UsagePeriod next = s.containing(p.end());
            assertThat(next.start()).isEqualTo(p.end());
            assertThat(s.containing(next.start().minusNanos(1))).isEqualTo(p);
            p = next;
        }
    }

    @Property(tries = 200)
    void aResetCutsThePeriodLineAtTheResetInstantAndStillTilesIt(@ForAll("schedules") PeriodSchedule s,
            @ForAll @LongRange(min = FROM, max = TO) long resetSecond, @ForAll @LongRange(min = -5_000_000, max = 5_000_000) long offset) {
        Instant reset = Instant.ofEpochSecond(resetSecond);
        Instant t = reset.plusSeconds(offset);
        UsagePeriod p = s.containing(t, reset);
        assertThat(p.contains(t)).isTrue();
        assertThat(p.start().isBefore(reset) && p.end().isAfter(reset)).as("no period straddles the reset").isFalse();
        assertThat(s.containing(p.end(), reset).start()).isEqualTo(p.end());
        assertThat(s.containing(p.start().minusNanos(1), reset).end()).isEqualTo(p.start());
    }
}
