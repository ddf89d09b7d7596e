package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PeriodScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(String local) {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(local), BERLIN, null).toInstant();
    }

    @Test
    void aMonthlyPeriodRenewsOnTheAnchorsDayAndTime() {
        PeriodSchedule s = PeriodSchedule.parse("MONTH", "Europe/Berlin", "2026-01-17T09:00");
        UsagePeriod p = s.containing(berlin("2026-03-20T12:00"));
        assertThat(p).isEqualTo(new UsagePeriod(berlin("2026-03-17T09:00"), berlin("2026-04-17T09:00")));
        // 08:59 on the 17th still belongs to the previous period.
        assertThat(s.containing(berlin("2026-03-17T08:59")).start()).isEqualTo(berlin("2026-02-17T09:00"));
    }

    @Test
    void anAnchorOnThe31stClampsToTheMonthsEndAndComesBack() {
        PeriodSchedule s = PeriodSchedule.parse("MONTH", "UTC", "2026-01-31T00:00");
        assertThat(s.containing(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(new UsagePeriod(Instant.parse("2026-02-28T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z")));
        assertThat(s.containing(Instant.parse("2026-04-30T12:00:00Z")))
                .isEqualTo(new UsagePeriod(Instant.parse("2026-04-30T00:00:00Z"), Instant.parse("2026-05-31T00:00:00Z")));
        // Leap year: the 29th of February.
        assertThat(s.containing(Instant.parse("2028-03-01T00:00:00Z")).start()).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void aDayAcrossTheDstChangesLasts23And25Hours() {
        PeriodSchedule s = PeriodSchedule.parse("DAY", "Europe/Berlin", null);
        UsagePeriod spring = s.containing(berlin("2026-03-29T12:00"));
        assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
        UsagePeriod autumn = s.containing(berlin("2026-10-25T12:00"));
        assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void anHourIsAlways3600SecondsEvenWhenTheClockFallsBack() {
        PeriodSchedule s = PeriodSchedule.parse("HOUR", "Europe/Berlin", null);
        Instant secondTwoOClock = Instant.parse("2026-10-25T01:30:00Z"); // 02:30 CET, the repeated hour
        UsagePeriod p = s.containing(secondTwoOClock);
        assertThat(p).isEqualTo(new UsagePeriod(Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z")));
    }

    @Test
    void weeksStartOnTheAnchorsWeekday() {
        PeriodSchedule s = PeriodSchedule.parse("week", "UTC", null); // default anchor is a Monday
        UsagePeriod p = s.containing(Instant.parse("2026-12-03T10:00:00Z")); // a Thursday
        assertThat(p.start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(p.end()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
    }

    @Test
    void aManualResetEndsThePeriodAndStartsANewOneFromTheResetInstant() {
        PeriodSchedule s = PeriodSchedule.monthly(ZoneId.of("UTC"));
        Instant reset = Instant.parse("2026-12-10T15:00:00Z");
        assertThat(s.containing(Instant.parse("2026-12-05T00:00:00Z"), reset))
                .isEqualTo(new UsagePeriod(Instant.parse("2026-12-01T00:00:00Z"), reset));
        assertThat(s.containing(reset, reset)).isEqualTo(new UsagePeriod(reset, Instant.parse("2027-01-10T15:00:00Z")));
        assertThat(s.containing(Instant.parse("2027-01-11T00:00:00Z"), reset).start()).isEqualTo(Instant.parse("2027-01-10T15:00:00Z"));
    }

    @Test
    void badPeriodsZonesAndAnchorsAreRefusedByName() {
        assertThatThrownBy(() -> PeriodSchedule.parse("YEAR", null, null)).hasMessageContaining("MONTH, WEEK, DAY, HOUR").hasMessageContaining("YEAR");
        assertThatThrownBy(() -> PeriodSchedule.parse(null, "Mars/Olympus", null)).hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> PeriodSchedule.parse(null, null, "17th")).hasMessageContaining("anchor").hasMessageContaining("17th");
    }
}
