package io.meterflow.limit;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When usage periods start: every {@link PeriodUnit} from an anchor, a wall-clock time in a time zone
 * ("the 17th at 09:00 Europe/Berlin"). DAY, WEEK and MONTH follow the wall clock, so a day across a
 * DST change lasts 23 or 25 hours; HOUR is a fixed 3600 s from the anchor's instant, so no hour is
 * skipped or doubled when the clock jumps. Period {@code k} is computed from the anchor, never from
 * period {@code k-1}, so an anchor on the 31st renews on the 30th in April (clamped to the month's
 * end) and on the 31st again in May.
 */
public record PeriodSchedule(PeriodUnit unit, ZoneId zone, LocalDateTime anchor) implements Serializable {
    /** The anchor without one: a Monday, the first of a month, at midnight. */
    public static final LocalDateTime DEFAULT_ANCHOR = LocalDateTime.of(2001, 1, 1, 0, 0);

    public PeriodSchedule {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(anchor, "anchor");
    }

    public static PeriodSchedule monthly(ZoneId zone) {
        return new PeriodSchedule(PeriodUnit.MONTH, zone, DEFAULT_ANCHOR);
    }

    /**
     * The schedule as the CLI and the API take it.
     *
     * @param zone an IANA zone id, null for UTC
     * @param anchor ISO local date-time ({@code 2026-01-17T09:00}), null for {@link #DEFAULT_ANCHOR}
     * @throws IllegalArgumentException with a message naming the bad value
     */
    public static PeriodSchedule parse(String unit, String zone, String anchor) {
        PeriodUnit u = unit == null ? PeriodUnit.MONTH : PeriodUnit.parse(unit);
        ZoneId z;
        try {
            z = zone == null ? ZoneId.of("UTC") : ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "' (use an IANA id such as Europe/Berlin)");
        }
        LocalDateTime a;
        try {
            a = anchor == null ? DEFAULT_ANCHOR : LocalDateTime.parse(anchor.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("anchor must be a local date-time such as 2026-01-17T09:00, got '" + anchor + "'");
        }
        return new PeriodSchedule(u, z, a);
    }

    /** The period that contains {@code t}: every instant lies in exactly one. */
    public UsagePeriod containing(Instant t) {
        long k = estimate(t);
        // The estimate is off by at most one or two (offsets, clamping): walk to the exact period.
        while (start(k).isAfter(t)) {
            k--;
        }
        while (!start(k + 1).isAfter(t)) {
            k++;
        }
        // start(k) <= t < start(k + 1), so the period is never empty.
        return new UsagePeriod(start(k), start(k + 1));
    }

    /**
     * The period that contains {@code t} when the usage was reset by hand at {@code reset} (null: never):
     * from the reset on, periods run from the reset instant as the new anchor, at the same cadence; the
     * period the reset falls in ends at the reset.
     */
    public UsagePeriod containing(Instant t, Instant reset) {
        if (reset == null) {
            return containing(t);
        }
        if (!t.isBefore(reset)) {
            UsagePeriod p = new PeriodSchedule(unit, zone, LocalDateTime.ofInstant(reset, zone)).containing(t);
            // A reset in a DST overlap reads back as the earlier of the two wall-clock times: never start before it.
            return p.start().isBefore(reset) ? new UsagePeriod(reset, p.end()) : p;
        }
        UsagePeriod p = containing(t);
        return p.end().isAfter(reset) ? new UsagePeriod(p.start(), reset) : p;
    }

    /** Start of period {@code k}, counted from the anchor. */
    Instant start(long k) {
        if (unit == PeriodUnit.HOUR) {
            return anchorInstant().plus(Duration.ofHours(k));
        }
        LocalDateTime local = switch (unit) {
            case DAY -> anchor.plusDays(k);
            case WEEK -> anchor.plusWeeks(k);
            default -> anchor.plusMonths(k); // clamps the 29th..31st to the month's end
        };
        // In a gap (spring forward) the start moves forward by the gap; in an overlap it takes the earlier
        // offset: both keep starts in order, so periods tile the line.
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    private Instant anchorInstant() {
        return ZonedDateTime.ofLocal(anchor, zone, null).toInstant();
    }

    private long estimate(Instant t) {
        if (unit == PeriodUnit.HOUR) {
            return Math.floorDiv(Duration.between(anchorInstant(), t).getSeconds(), 3600);
        }
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        return switch (unit) {
            case DAY -> ChronoUnit.DAYS.between(anchor, local);
            case WEEK -> ChronoUnit.WEEKS.between(anchor, local);
            default -> ChronoUnit.MONTHS.between(anchor, local);
        };
    }
}
